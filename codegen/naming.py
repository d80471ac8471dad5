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


def enum_member(value: str | int) -> str:
    """The member name of an enum value in every target: UPPER_SNAKE, never a leading digit.

    `resource_pending` -> RESOURCE_PENDING, `+0200` -> V_0200, 3 -> V_3, -3 -> V_MINUS_3.
    An empty result means the value has nothing to name it by.
    """
    if isinstance(value, int):
        return f"V_{value}" if value >= 0 else f"V_MINUS_{-value}"
    name = upper_snake_case(value)
    return f"V_{name}" if name[:1].isdigit() else name
