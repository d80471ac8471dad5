"""Enums that keep values a newer server sends instead of failing on them."""

from __future__ import annotations

import enum
from typing import Any, Self


class OpenStrEnum(enum.StrEnum):
    """A string enum whose unknown values become members named UNKNOWN."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec does not list."""
        return self._name_ in type(self).__members__

    @classmethod
    def known(cls) -> list[Self]:
        return list(cls)


class OpenIntEnum(enum.IntEnum):
    """An integer enum whose unknown values become members named UNKNOWN."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec does not list."""
        return self._name_ in type(self).__members__
