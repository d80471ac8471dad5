"""Spec errors are values with a location, collected and reported together."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


@attrs.frozen(order=True)
class SpecError:
    """One problem in the spec, at `path:line:col` (1-based)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SpecInvalid(Exception):
    """Raised with every error found, so a maintainer fixes them all in one pass."""

    def __init__(self, errors: Iterable[SpecError]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__("\n".join(str(e) for e in self.errors))
