"""Short texts for the documents: a one-line summary out of a spec description."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+(?=[A-Z])")


def summary(description: str | None) -> str | None:
    """The first sentence of `description`: tools list operations by their summary, and a
    whole paragraph there is unreadable."""
    if not description:
        return None
    first = _SENTENCE_END.split(description.strip(), maxsplit=1)[0]
    return " ".join(first.split())
