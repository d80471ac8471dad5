"""Python annotations, defaults and imports for IR types."""

from __future__ import annotations

import datetime
from typing import Any

from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    EnumSchema,
    Field,
    MapOf,
    Named,
    Nullable,
    Primitive,
    TypeRef,
)
from codegen.targets.python.naming import class_name, member_name

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "date": "datetime.date",
    "date-time": "datetime.datetime",
    "any": "JsonValue",
}


def annotation(api: Api, ref: TypeRef) -> str:
    """The annotation of a type; aliases are expanded so modules need no alias imports."""
    if isinstance(ref, Primitive):
        return _PRIMITIVES[ref.kind]
    if isinstance(ref, ArrayOf):
        return f"list[{annotation(api, ref.items)}]"
    if isinstance(ref, MapOf):
        return f"dict[str, {annotation(api, ref.values)}]"
    if isinstance(ref, Nullable):
        inner = annotation(api, ref.inner)
        return inner if inner.endswith("| None") or inner == "JsonValue" else f"{inner} | None"
    schema = api.schema(ref.name)
    if isinstance(schema, AliasSchema):
        return annotation(api, schema.type)
    return class_name(schema.name)


def field_annotation(api: Api, field: Field) -> str:
    """Optional fields without a non-None default also admit None."""
    text = annotation(api, field.type)
    has_value_default = field.default is not None and field.default.value is not None
    if field.required or has_value_default or text.endswith("| None") or text == "JsonValue":
        return text
    return f"{text} | None"


def default_expression(api: Api, field: Field) -> str | None:
    """The Python expression of a field's default, or None for a required field."""
    if field.required:
        return None
    if field.default is None or field.default.value is None:
        return "None"
    return literal(api, field.type, field.default.value)


def literal(api: Api, ref: TypeRef, value: Any) -> str:
    """A Python expression for a (validated) JSON default of type `ref`."""
    resolved = api.resolve(ref.inner if isinstance(ref, Nullable) else ref)
    if isinstance(resolved, Named):
        schema = api.schema(resolved.name)
        if isinstance(schema, EnumSchema):
            return f"{class_name(schema.name)}.{member_name(value)}"
    if isinstance(resolved, Primitive) and resolved.kind == "date":
        return repr(datetime.date.fromisoformat(value))
    if isinstance(resolved, Primitive) and resolved.kind == "date-time":
        return repr(datetime.datetime.fromisoformat(value))
    if value == []:
        return "attrs.Factory(list)"
    if value == {}:
        return "attrs.Factory(dict)"
    if isinstance(value, list | dict):
        return f"attrs.Factory(lambda: {value!r})"
    return repr(value)


def uses(api: Api, ref: TypeRef) -> set[str]:
    """Names an annotation of `ref` needs in scope: classes, `datetime`, `JsonValue`."""
    needed: set[str] = set()
    if isinstance(ref, Primitive):
        if ref.kind in ("date", "date-time"):
            needed.add("datetime")
        elif ref.kind == "any":
            needed.add("JsonValue")
    elif isinstance(ref, ArrayOf):
        needed |= uses(api, ref.items)
    elif isinstance(ref, MapOf):
        needed |= uses(api, ref.values)
    elif isinstance(ref, Nullable):
        needed |= uses(api, ref.inner)
    else:
        schema = api.schema(ref.name)
        if isinstance(schema, AliasSchema):
            needed |= uses(api, schema.type)
        else:
            needed.add(class_name(schema.name))
    return needed
