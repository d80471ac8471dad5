"""Python names for spec names: classes, modules, attributes, enum members."""

from __future__ import annotations

import keyword
import re

from codegen.ir.model import Field
from codegen.naming import enum_member, pascal_case, snake_case

_RESERVED_ATTRIBUTES = {"self"}
_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")


def class_name(name: str) -> str:
    """Schema names that are already PascalCase stay as written (`SensorInfo`, `EEGBand`)."""
    return name if _PASCAL.fullmatch(name) else pascal_case(name)


def module_name(source: str) -> str:
    """`spec/neurospeed/schemas/recorder.yaml` -> `recorder`; other folders join in."""
    parts = source.removesuffix(".yaml").split("/")[2:]
    if len(parts) > 1 and parts[0] == "schemas":
        parts = parts[1:]
    return "_".join(snake_case(p) for p in parts)


def attribute_name(field: Field) -> str:
    """snake_case, with a trailing underscore where Python would refuse the name."""
    name = snake_case(field.name)
    if keyword.iskeyword(name) or name in _RESERVED_ATTRIBUTES:
        return f"{name}_"
    return name


def member_name(value: str | int) -> str:
    """Enum member for a value: `resource_pending` -> RESOURCE_PENDING, `+0200` -> V_0200."""
    return enum_member(value)
