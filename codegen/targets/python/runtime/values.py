"""Small value helpers the generated models refer to."""

from __future__ import annotations

from typing import Any, TypeAlias

JsonValue: TypeAlias = Any
"""Free-form JSON: None, bool, int, float, str, lists and string-keyed dicts of them."""


def redacted(value: object) -> str:
    """attrs repr for secret fields: shows that a value is set, never the value."""
    return "None" if value is None else "'***'"


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that are not None (the others keep the model's default)."""
    return {name: value for name, value in values.items() if value is not None}
