"""Language-neutral name splitting, shared by the checks and every target."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")


def words(name: str) -> list[str]:
    """Split `accessToken`, `access_token`, `HTTPServer2` into lower-case words."""
    return [w.lower() for w in _WORD.findall(name)]


def snake_case(name: str) -> str:
    return "_".join(words(name))


def pascal_case(name: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(name))


def upper_snake_case(name: str) -> str:
    return snake_case(name).upper()
