"""IR types as JSON Schema, the schema language OpenAPI 3.1 and AsyncAPI 3.0 share.

One mapping for both documents, so a payload reads the same in each: properties under
their wire names, named schemas as `$ref`s into the document's components, and the
spec's wire quirks (`encoding`) spelled out rather than hidden, so that a validator or a
fuzzer built on the export sees what really travels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    Default,
    Encoding,
    EnumSchema,
    Field,
    MapOf,
    Named,
    Nullable,
    ObjectSchema,
    Primitive,
    Schema,
    TypeRef,
    named_refs,
)

JsonObject = dict[str, Any]

JSON_MEDIA_TYPE = "application/json"
INTEGER_TEXT = r"^-?[0-9]+$"
"""An integer written as text (`encoding: string`), as the SDKs send it."""
NUMBER_TEXT = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
"""A number written as text (`encoding: string`), as the SDKs send it."""

_PRIMITIVES: dict[str, JsonObject] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "date-time": {"type": "string", "format": "date-time"},
    "any": {},
}


class SchemaMapper:
    """Type expressions, fields and named schemas of one API as JSON Schema.

    `ref_prefix` is where the document keeps named schemas (`#/components/schemas/`).
    With `ref_siblings` False (AsyncAPI's schemas are JSON Schema draft 7, which ignores
    keywords beside `$ref`), a described reference is wrapped in `allOf` so its
    description and default are not lost.
    """

    def __init__(
        self, api: Api, ref_prefix: str = "#/components/schemas/", *, ref_siblings: bool = True
    ) -> None:
        self.api = api
        self.ref_prefix = ref_prefix
        self.ref_siblings = ref_siblings

    # -- type expressions ----------------------------------------------------------------

    def type_schema(self, ref: TypeRef) -> JsonObject:
        """The schema of a value of type `ref`, as it travels when it has no encoding."""
        if isinstance(ref, Nullable):
            return nullable(self.type_schema(ref.inner))
        if isinstance(ref, Named):
            return {"$ref": f"{self.ref_prefix}{ref.name}"}
        if isinstance(ref, ArrayOf):
            return {"type": "array", "items": self.type_schema(ref.items)}
        if isinstance(ref, MapOf):
            return {"type": "object", "additionalProperties": self.type_schema(ref.values)}
        return dict(_PRIMITIVES[ref.kind])

    def value_schema(
        self,
        ref: TypeRef,
        *,
        encoding: Encoding | None = None,
        description: str | None = None,
        default: Default | None = None,
        secret: bool = False,
    ) -> JsonObject:
        """A field's or a parameter's schema: its type as `encoding` puts it on the wire."""
        inner = ref.inner if isinstance(ref, Nullable) else ref
        schema = self.type_schema(inner)
        if encoding == "json-text":
            schema = json_text(schema)
        elif encoding == "string":
            schema = self._as_text(inner, schema)
        elif secret and schema == {"type": "string"}:
            schema["format"] = "password"  # a hint to tools and UIs to hide the value
        if isinstance(ref, Nullable):
            schema = nullable(schema)
        return self.annotate(schema, description=description, default=default)

    def field_schema(self, field: Field) -> JsonObject:
        return self.value_schema(
            field.type,
            encoding=field.encoding,
            description=field.description,
            default=field.default,
            secret=field.secret,
        )

    def annotate(
        self, schema: JsonObject, *, description: str | None, default: Default | None = None
    ) -> JsonObject:
        """`schema` with a description and a default, kept beside a `$ref` or around it."""
        extra: JsonObject = {}
        if description:
            extra["description"] = description
        if default is not None:
            extra["default"] = default.value
        if not extra:
            return schema
        if "$ref" in schema and not self.ref_siblings:
            return {"allOf": [schema], **extra}
        return {**schema, **extra}

    def _as_text(self, inner: TypeRef, schema: JsonObject) -> JsonObject:
        """`encoding: string`: a boolean or number as its text; the SDKs' decoders take
        the plain JSON value too, so both forms are valid."""
        resolved = self.api.resolve(inner)
        kind = resolved.kind if isinstance(resolved, Primitive) else None
        if kind == "boolean":
            text: JsonObject = {"type": "string", "enum": ["true", "false"]}
        elif kind == "integer":
            text = {"type": "string", "pattern": INTEGER_TEXT}
        elif kind == "number":
            text = {"type": "string", "pattern": NUMBER_TEXT}
        else:
            return schema
        return {"anyOf": [text, schema]}

    # -- named schemas -------------------------------------------------------------------

    def named_schema(self, schema: Schema) -> JsonObject:
        if isinstance(schema, ObjectSchema):
            result: JsonObject = {"type": "object"}
            if schema.description:
                result["description"] = schema.description
            result["properties"] = {f.wire_name: self.field_schema(f) for f in schema.fields}
            required = [f.wire_name for f in schema.fields if f.required]
            if required:
                result["required"] = required
            return result
        if isinstance(schema, EnumSchema):
            result = {"type": schema.base, "enum": list(schema.values)}
            if schema.description:
                result["description"] = schema.description
            return result
        return self.annotate(self.type_schema(schema.type), description=schema.description)

    def components(self, roots: Iterable[str]) -> dict[str, JsonObject]:
        """The named schemas `roots` need, themselves and all they refer to, by name."""
        names = reachable(self.api, roots)
        return {name: self.named_schema(self.api.schema(name)) for name in names}


def reachable(api: Api, roots: Iterable[str]) -> list[str]:
    """Sorted names of the schemas `roots` lead to (roots included)."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        schema = api.schema(name)
        if isinstance(schema, ObjectSchema):
            for field in schema.fields:
                pending.extend(named_refs(field.type))
        elif isinstance(schema, AliasSchema):
            pending.extend(named_refs(schema.type))
    return sorted(seen)


def nullable(schema: JsonObject) -> JsonObject:
    """`schema` or null: a type list where that is exact, anyOf with null otherwise."""
    if not schema:
        return schema  # free-form JSON takes null already
    kind = schema.get("type")
    if isinstance(kind, str) and not {"enum", "const", "anyOf", "$ref"} & schema.keys():
        return {**schema, "type": [kind, "null"]}
    if set(schema) == {"anyOf"}:
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def json_text(schema: JsonObject) -> JsonObject:
    """`encoding: json-text`: the value travels as JSON text inside a string."""
    text: JsonObject = {"type": "string", "contentMediaType": JSON_MEDIA_TYPE}
    if schema:
        text["contentSchema"] = schema
    return text
