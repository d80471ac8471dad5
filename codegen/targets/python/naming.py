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
    return identifier(field.name)


def identifier(name: str) -> str:
    """A spec name as a Python attribute or argument name."""
    snake = snake_case(name)
    if keyword.iskeyword(snake) or snake in _RESERVED_ATTRIBUTES:
        return f"{snake}_"
    return snake


def api_class_name(tag: str) -> str:
    return f"{pascal_case(tag)}Api"


def member_name(value: str | int) -> str:
    """Enum member for a value: `resource_pending` -> RESOURCE_PENDING, `+0200` -> V_0200."""
    return enum_member(value)
