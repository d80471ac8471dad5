"""The one exception a decode raises, naming the path of every bad field."""

from __future__ import annotations

from typing import Any

import attrs

_MAX_SHOWN = 40


class FieldError(Exception):
    """A problem at `rel_path` below the value a hook was given."""

    def __init__(self, message: str, rel_path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.rel_path = rel_path


class TypeMismatch(FieldError):
    """A value of the wrong JSON type; renders the value only when it is not secret.

    `secret` marks a value that stood where secrets belong (a model holding a token given
    as a string): it is hidden even when the field itself is not declared secret.
    """

    def __init__(
        self, expected: str, value: Any, rel_path: str = "", *, secret: bool = False
    ) -> None:
        self.expected = expected
        self.value = value
        self.secret = secret
        super().__init__(self.describe(secret=secret), rel_path)

    def describe(self, *, secret: bool) -> str:
        if secret or self.secret:
            return f"expected {self.expected}, got {_json_kind(self.value)}"
        return f"expected {self.expected}, got {_shown(self.value)}"


@attrs.frozen
class Problem:
    """One bad field: `path` is written with wire names, e.g. `data.sample[3][2]`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DecodeError(ValueError):
    """Wire data that does not match the spec; `problems` lists every bad field."""

    def __init__(self, target: str, problems: list[Problem]) -> None:
        self.target = target
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "invalid data"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{first}{more} [decoding {target}]")

    def __str__(self) -> str:
        return str(self.args[0])


def _json_kind(value: Any) -> str:
    kinds = (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "an object"),
    )
    if value is None:
        return "null"
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)


def _shown(value: Any) -> str:
    if isinstance(value, list | dict):
        return _json_kind(value)
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else f"{text[:_MAX_SHOWN]}..."
