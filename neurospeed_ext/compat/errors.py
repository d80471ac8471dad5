"""Typed failures of the manual's surface that no API call raises by itself."""

from __future__ import annotations


class AccessDeniedError(PermissionError):
    """The customer account lacks an access flag (recordings, insights, raw data).

    The published macros printed a line and returned None in this case.
    """


class NotLoggedInError(RuntimeError):
    """A socket was to be opened with an auth handler that has not logged in yet."""
