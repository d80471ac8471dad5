"""Which way each schema travels: sent by the client, received by it, or both.

Request bodies, parameters, connect parameters and emitted payloads are sent; responses and
listened payloads are received. Everything a type reaches (fields, items, map values,
aliases) travels the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from codegen.diff.rules import Direction
from codegen.ir.model import AliasSchema, Api, ObjectSchema, TypeRef, named_refs


def directions(api: Api) -> dict[str, frozenset[Direction]]:
    """Schema name -> the directions it travels in (schemas nothing reaches are left out)."""
    found: dict[str, set[Direction]] = {}
    ways: tuple[tuple[Direction, Iterable[TypeRef]], ...] = (
        ("sent", _sent(api)),
        ("received", _received(api)),
    )
    for direction, roots in ways:
        for name in _reached(api, roots):
            found.setdefault(name, set()).add(direction)
    return {name: frozenset(ways) for name, ways in found.items()}


def _sent(api: Api) -> Iterable[TypeRef]:
    for tag in api.tags:
        for operation in tag.operations:
            yield from (p.type for p in operation.parameters)
            if operation.body is not None:
                yield operation.body
    for channel in api.channels:
        yield from (p.type for p in channel.parameters)
        yield from (e.payload for e in channel.emits if e.payload is not None)


def _received(api: Api) -> Iterable[TypeRef]:
    for tag in api.tags:
        for operation in tag.operations:
            if operation.response is not None:
                yield operation.response
    for channel in api.channels:
        yield from (e.payload for e in channel.listens if e.payload is not None)


def _reached(api: Api, roots: Iterable[TypeRef]) -> set[str]:
    """Every schema name reachable from `roots`."""
    seen: set[str] = set()
    todo = [name for root in roots for name in named_refs(root)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            schema = api.schema(name)
        except KeyError:
            continue
        if isinstance(schema, ObjectSchema):
            todo.extend(n for f in schema.fields for n in named_refs(f.type))
        elif isinstance(schema, AliasSchema):
            todo.extend(named_refs(schema.type))
    return seen
