"""Enums that keep values a newer server sends instead of failing on them."""

from __future__ import annotations

import enum
from typing import Any, ClassVar


class _KeepsUnknownValues:
    """Unknown values become pseudo-members named UNKNOWN that carry the value as sent."""

    _member_type_: ClassVar[type]
    _value2member_map_: ClassVar[dict[Any, Any]]
    _name_: str
    _value_: Any

    @classmethod
    def _missing_(cls, value: object) -> Any:
        base = cls._member_type_  # str or int; `type(...) is` keeps True out of ints
        if type(value) is not base:
            return None
        create: Any = base.__new__
        member = create(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the spec does not list."""
        return self._value_ in type(self)._value2member_map_


class OpenStrEnum(_KeepsUnknownValues, enum.StrEnum):
    """A string enum that keeps unknown values (see `is_known`)."""


class OpenIntEnum(_KeepsUnknownValues, enum.IntEnum):
    """An integer enum that keeps unknown values (see `is_known`)."""
