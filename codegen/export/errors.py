"""Why an export cannot be made, told apart from bugs so the command can exit 2."""

from __future__ import annotations


class NothingToExport(ValueError):
    """The API has nothing this kind of document describes (no routes, no channels)."""
