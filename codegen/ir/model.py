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


Location = Literal["path", "query", "header"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
AuthLevel = Literal["none", "user", "customer", "any"]
FieldPath: TypeAlias = tuple[str, ...]

IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE"})


@attrs.frozen
class Parameter:
    """A path, query or header parameter of an operation."""

    name: str
    wire_name: str
    location: Location
    type: TypeRef
    required: bool
    description: str | None = None
    default: Default | None = None


ResponseFormat = Literal["json", "text", "binary"]


@attrs.frozen
class Extract:
    """A text answer's value: the one group of `pattern` (a regular expression)."""

    pattern: str
    what: str


@attrs.frozen
class Operation:
    """One REST call: where it goes, what it sends, what it answers, who may call it."""

    tag: str
    name: str
    method: HttpMethod
    path: str
    auth: AuthLevel
    parameters: tuple[Parameter, ...] = ()
    body: Named | None = None
    body_encoding: Literal["json", "form"] = "json"
    response: TypeRef | None = None
    returns: FieldPath = ()
    sets_tokens: bool = False
    description: str | None = None
    source: str = ""
    response_format: ResponseFormat = "json"
    """json: decoded into `response`; text: the body as text (or what `extract` finds in
    it); binary: bytes, streamed to a file."""
    extract: Extract | None = None
    media_type: str | None = None  # a text or binary answer's required Content-Type
    status: int = 200  # the status of a success (clients accept any 2xx; documents say this)

    @property
    def idempotent(self) -> bool:
        """Safe to repeat after a failure (retries apply only to these)."""
        return self.method in IDEMPOTENT_METHODS

    @property
    def ref(self) -> str:
        return f"{self.tag}.{self.name}"


@attrs.frozen
class Tag:
    """A group of operations; targets make it one class."""

    name: str
    source: str
    operations: tuple[Operation, ...]
    description: str | None = None


@attrs.frozen
class Refresh:
    """The operation called once after a 401, and its body field taking the refresh token."""

    operation: str  # tag.operation
    field: str


AuthKind = Literal["bearer", "cookie"]


@attrs.frozen
class AuthScheme:
    """How requests prove who calls.

    bearer: a token in `header`, read from login answers at `access_token`, refreshed once
    after a 401. cookie: the `login` operation starts a session whose cookie the client
    keeps and sends back; nothing to refresh.
    """

    kind: AuthKind = "bearer"
    header: str = "Authorization"
    scheme: str = "Bearer"
    access_token: FieldPath = ()
    refresh_token: FieldPath | None = None
    refresh: Refresh | None = None
    login: str | None = None  # tag.operation starting a cookie session
    cookie: str | None = None  # the session cookie's name, when the spec names it


@attrs.frozen
class Server:
    name: str
    http: str
    socket: str | None = None
    description: str | None = None


TokenKind = Literal["access", "refresh"]


@attrs.frozen
class ConnectParameter:
    """A header or query value a Socket.IO channel sends when it connects."""

    name: str
    wire_name: str
    location: Literal["query", "header"]
    type: TypeRef
    required: bool
    token: TokenKind | None = None
    """Set when the client fills it in with its current access or refresh token."""
    encoding: Encoding | None = None
    description: str | None = None


@attrs.frozen
class Event:
    """A Socket.IO event of a channel; `payload` None means it carries no argument."""

    name: str
    payload: TypeRef | None = None
    reply: str | None = None
    """An event the client emits automatically in answer (e.g. `pong` for `ping`)."""
    description: str | None = None


@attrs.frozen
class Channel:
    """One socketio_path: how to connect, what the client emits and what it listens for."""

    name: str
    path: str
    auth: AuthLevel
    source: str
    parameters: tuple[ConnectParameter, ...] = ()
    emits: tuple[Event, ...] = ()
    listens: tuple[Event, ...] = ()
    description: str | None = None

    @property
    def inputs(self) -> tuple[ConnectParameter, ...]:
        """The parameters a caller supplies (tokens come from the client)."""
        return tuple(p for p in self.parameters if p.token is None)


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
    tags: tuple[Tag, ...] = ()
    auth: AuthScheme | None = None
    channels: tuple[Channel, ...] = ()

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

    def operation(self, ref: str) -> Operation:
        """An operation by `tag.operation`."""
        tag, _, name = ref.partition(".")
        for group in self.tags:
            for operation in group.operations:
                if group.name == tag and operation.name == name:
                    return operation
        raise KeyError(ref)

    def field_type(self, start: TypeRef, path: FieldPath) -> TypeRef:
        """The type reached by following object field names from `start`; KeyError if none."""
        current = start
        for name in path:
            field = next((f for f in self.object_fields(current) if f.name == name), None)
            if field is None:
                raise KeyError(name)
            current = field.type
        return current

    def object_fields(self, ref: TypeRef) -> tuple[Field, ...]:
        """The fields of the object a type stands for (through aliases and null), or ()."""
        resolved = self.resolve(ref.inner if isinstance(ref, Nullable) else ref)
        if isinstance(resolved, Nullable):
            resolved = self.resolve(resolved.inner)
        if isinstance(resolved, Named):
            schema = self.schema(resolved.name)
            if isinstance(schema, ObjectSchema):
                return schema.fields
        return ()

    def resolve(self, ref: TypeRef) -> TypeRef:
        """Follow aliases until the type is not an alias reference."""
        while isinstance(ref, Named):
            schema = self.schema(ref.name)
            if not isinstance(schema, AliasSchema):
                return ref
            ref = schema.type
        return ref
