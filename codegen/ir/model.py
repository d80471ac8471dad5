"""The intermediate representation: typed, frozen, language-neutral.

Targets read only these classes; nothing here knows about Python, YAML or files on disk
beyond the stable labels of the spec files that things came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, TypeAlias

import attrs

PrimitiveKind = Literal["string", "integer", "number", "boolean", "date", "date-time", "any"]
Encoding = Literal["json-text", "string"]


@attrs.frozen
class Primitive:
    kind: PrimitiveKind


@attrs.frozen
class ArrayOf:
    items: TypeRef


@attrs.frozen
class MapOf:
    """A JSON object used as a dictionary: string keys, values of one type."""

    values: TypeRef


@attrs.frozen
class Named:
    """A reference to a named schema (object, enum or alias) by its spec name."""

    name: str


@attrs.frozen
class Nullable:
    inner: TypeRef


TypeRef: TypeAlias = Primitive | ArrayOf | MapOf | Named | Nullable


def named_refs(ref: TypeRef) -> Iterator[str]:
    """Every schema name a type expression mentions."""
    if isinstance(ref, Named):
        yield ref.name
    elif isinstance(ref, ArrayOf):
        yield from named_refs(ref.items)
    elif isinstance(ref, MapOf):
        yield from named_refs(ref.values)
    elif isinstance(ref, Nullable):
        yield from named_refs(ref.inner)


@attrs.frozen
class Default:
    """A field default as a JSON literal (wrapped so that a `null` default is expressible)."""

    value: Any


@attrs.frozen
class Field:
    name: str
    wire_name: str
    type: TypeRef
    required: bool
    default: Default | None = None
    description: str | None = None
    encoding: Encoding | None = None
    secret: bool = False

    @property
    def omitted_when_none(self) -> bool:
        """Optional fields without a default leave the wire JSON when they are None."""
        return not self.required and (self.default is None or self.default.value is None)

    @property
    def nullable(self) -> bool:
        return isinstance(self.type, Nullable)


@attrs.frozen
class ObjectSchema:
    name: str
    source: str
    fields: tuple[Field, ...]
    description: str | None = None


@attrs.frozen
class EnumSchema:
    name: str
    source: str
    base: Literal["string", "integer"]
    values: tuple[str | int, ...]
    description: str | None = None


@attrs.frozen
class AliasSchema:
    name: str
    source: str
    type: TypeRef
    description: str | None = None


Schema: TypeAlias = ObjectSchema | EnumSchema | AliasSchema


@attrs.frozen
class Server:
    name: str
    http: str
    socket: str | None = None
    description: str | None = None


@attrs.frozen
class Api:
    """One API folder of the spec, validated and resolved."""

    name: str
    title: str
    version: str
    package: str
    description: str | None
    servers: tuple[Server, ...]
    schemas: tuple[Schema, ...]
    sources: tuple[str, ...]
    sha256: str

    @property
    def entry_source(self) -> str:
        return f"spec/{self.name}/api.yaml"

    def schema(self, name: str) -> Schema:
        for schema in self.schemas:
            if schema.name == name:
                return schema
        raise KeyError(name)

    def schemas_from(self, source: str) -> tuple[Schema, ...]:
        return tuple(s for s in self.schemas if s.source == source)

    def resolve(self, ref: TypeRef) -> TypeRef:
        """Follow aliases until the type is not an alias reference."""
        while isinstance(ref, Named):
            schema = self.schema(ref.name)
            if not isinstance(schema, AliasSchema):
                return ref
            ref = schema.type
        return ref
