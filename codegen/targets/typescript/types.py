"""TypeScript types, decoder and encoder expressions, and literals for IR types."""

from __future__ import annotations

import json
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
    ObjectSchema,
    Primitive,
    TypeRef,
)
from codegen.targets.typescript.naming import decoder_name, encoder_name, type_name

_TYPES = {
    "string": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "date": "string",
    "date-time": "string",
    "any": "Json",
}
_DECODERS = {
    "string": "decodeString",
    "integer": "decodeInteger",
    "number": "decodeNumber",
    "boolean": "decodeBoolean",
    "date": "decodeDate",
    "date-time": "decodeDateTime",
    "any": "decodeJson",
}
_ENCODERS = {
    "string": "encodeScalar",
    "integer": "encodeScalar",
    "number": "encodeScalar",
    "boolean": "encodeScalar",
    "date": "encodeScalar",
    "date-time": "encodeScalar",
    "any": "encodeJson",
}


def ts_type(ref: TypeRef) -> str:
    """The type of a value; named schemas (aliases too) are referred to by name."""
    if isinstance(ref, Primitive):
        return _TYPES[ref.kind]
    if isinstance(ref, ArrayOf):
        return f"ReadonlyArray<{ts_type(ref.items)}>"
    if isinstance(ref, MapOf):
        return f"Readonly<Record<string, {ts_type(ref.values)}>>"
    if isinstance(ref, Nullable):
        inner = ts_type(ref.inner)
        return inner if inner == "Json" else f"{inner} | null"
    return type_name(ref.name)


def decoder(ref: TypeRef) -> str:
    if isinstance(ref, Primitive):
        return _DECODERS[ref.kind]
    if isinstance(ref, ArrayOf):
        return f"arrayOf({decoder(ref.items)})"
    if isinstance(ref, MapOf):
        return f"mapOf({decoder(ref.values)})"
    if isinstance(ref, Nullable):
        return f"nullable({decoder(ref.inner)})"
    return decoder_name(ref.name)


def encoder(ref: TypeRef) -> str:
    if isinstance(ref, Primitive):
        return _ENCODERS[ref.kind]
    if isinstance(ref, ArrayOf):
        return f"encodeArray({encoder(ref.items)})"
    if isinstance(ref, MapOf):
        return f"encodeMap({encoder(ref.values)})"
    if isinstance(ref, Nullable):
        return f"encodeNullable({encoder(ref.inner)})"
    return encoder_name(ref.name)


def strip_null(ref: TypeRef) -> TypeRef:
    return ref.inner if isinstance(ref, Nullable) else ref


def admits_null(field: Field) -> bool:
    """As in every target: nullable fields, and optional ones without a value default."""
    return field.nullable or field.omitted_when_none


def field_type(field: Field) -> str:
    core = ts_type(strip_null(field.type))
    return f"{core} | null" if admits_null(field) and core != "Json" else core


def field_decoder(api: Api, field: Field) -> str:
    """The decoder of one field's wire value: its encoding, null, and secrecy applied
    (a field holding a model with secrets hides wrong values too: they may be secrets)."""
    text = decoder(strip_null(field.type))
    if field.encoding == "json-text":
        text = f"jsonText({text})"
    elif field.encoding == "string":
        text = f"fromText({text})"
    if admits_null(field):
        text = f"nullable({text})"
    return f"secret({text})" if field.secret or holds_secret(api, field.type) else text


def value_encoder(field: Field) -> str:
    """The encoder of one field's non-null value (null is handled by the statement)."""
    text = encoder(strip_null(field.type))
    if field.encoding == "json-text":
        return f"encodeJsonText({text})"
    if field.encoding == "string":
        return "encodeText"
    return text


def ts_literal(value: str | int | float | bool | None) -> str:
    """A scalar literal: JSON's escaping is valid TypeScript."""
    return json.dumps(value, ensure_ascii=False)


def literal(value: Any) -> str:
    """A TypeScript expression for a (validated) JSON default: JSON is valid TypeScript."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def is_enum(api: Api, ref: TypeRef) -> bool:
    resolved = api.resolve(strip_null(ref))
    return isinstance(resolved, Named) and isinstance(api.schema(resolved.name), EnumSchema)


def is_scalar(api: Api, ref: TypeRef) -> bool:
    """Sent as it is in a query, header or path (strings, numbers, booleans, enums)."""
    resolved = api.resolve(strip_null(ref))
    if isinstance(resolved, Primitive):
        return resolved.kind != "any"
    return is_enum(api, resolved)


def is_scalar_list(api: Api, ref: TypeRef) -> bool:
    resolved = api.resolve(strip_null(ref))
    return isinstance(resolved, ArrayOf) and is_scalar(api, resolved.items)


def holds_secret(api: Api, ref: TypeRef, seen: frozenset[str] = frozenset()) -> bool:
    """Whether a value of this type may carry a secret field somewhere inside."""
    if isinstance(ref, Nullable):
        return holds_secret(api, ref.inner, seen)
    if isinstance(ref, ArrayOf):
        return holds_secret(api, ref.items, seen)
    if isinstance(ref, MapOf):
        return holds_secret(api, ref.values, seen)
    if not isinstance(ref, Named) or ref.name in seen:
        return False
    schema = api.schema(ref.name)
    inner = seen | {ref.name}
    if isinstance(schema, AliasSchema):
        return holds_secret(api, schema.type, inner)
    if isinstance(schema, ObjectSchema):
        return any(f.secret or holds_secret(api, f.type, inner) for f in schema.fields)
    return False


def alias_target(api: Api, name: str) -> TypeRef:
    schema = api.schema(name)
    assert isinstance(schema, AliasSchema)
    return schema.type
