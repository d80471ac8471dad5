"""Named schemas: removed, added, renamed or moved; the fields of objects, the values of
enums and the types of aliases."""

from __future__ import annotations

import json
from collections.abc import Hashable

from codegen.diff.change import BREAKING, COMPATIBLE
from codegen.diff.context import ApiDiff
from codegen.diff.members import match
from codegen.diff.rules import (
    Direction,
    added_member,
    became_optional,
    became_required,
    describe,
)
from codegen.ir.model import AliasSchema, Default, EnumSchema, Field, Named, ObjectSchema, Schema

SCHEMAS = "schemas"


def compare_schemas(diff: ApiDiff) -> None:
    """Every schema change; records renames first, as type comparisons rely on them."""
    found = match(diff.old.schemas, diff.new.schemas, key=lambda s: s.name, alike=_shape)
    diff.renamed.update({old.name: new.name for old, new in found.renamed})
    for schema in found.removed:
        where = diff.old_at(schema.source, (SCHEMAS, schema.name))
        message = f"{_kind(schema)} removed: the generated model disappears"
        diff.add("schema-removed", BREAKING, where, schema.name, message)
    for schema in found.added:
        where = diff.new_at(schema.source, (SCHEMAS, schema.name))
        diff.add("schema-added", COMPATIBLE, where, schema.name, f"new {_kind(schema)}")
    for old, new in found.renamed:
        where = diff.new_at(new.source, (SCHEMAS, new.name))
        message = f"renamed from {old.name} (same content): code naming {old.name} breaks"
        diff.add("schema-renamed", BREAKING, where, new.name, message)
    for old, new in found.pairs:
        _compare(diff, old, new)


def _compare(diff: ApiDiff, old: Schema, new: Schema) -> None:
    base = (SCHEMAS, new.name)
    if old.source != new.source:
        message = f"moved from {old.source}; the models package exports it as before"
        diff.add("schema-moved", COMPATIBLE, diff.new_at(new.source, base), new.name, message)
    ways = diff.ways(new.name)
    if isinstance(old, AliasSchema) or isinstance(new, AliasSchema):
        # an alias compares as the type it stands for, an enum or object as itself
        old_type = old.type if isinstance(old, AliasSchema) else Named(old.name)
        new_type = new.type if isinstance(new, AliasSchema) else Named(new.name)
        diff.type_change(old_type, new_type, ways, (new.source, base), new.name)
    elif isinstance(old, ObjectSchema) and isinstance(new, ObjectSchema):
        _fields(diff, old, new)
    elif isinstance(old, EnumSchema) and isinstance(new, EnumSchema) and old.base == new.base:
        _values(diff, old, new)
    else:
        where = diff.new_at(new.source, (*base, "type"), base)
        message = f"{_kind(old)} -> {_kind(new)}: a different kind of value"
        diff.add("type-changed", BREAKING, where, new.name, message)


def _fields(diff: ApiDiff, old: ObjectSchema, new: ObjectSchema) -> None:
    ways = diff.ways(new.name)
    found = match(old.fields, new.fields, key=lambda f: f.name, alike=lambda f: f.wire_name)
    for field in found.removed:
        where = diff.old_at(old.source, (SCHEMAS, old.name, "properties", field.name))
        message = f"field removed ({describe(ways)}): old clients still use '{field.wire_name}'"
        diff.add("field-removed", BREAKING, where, f"{new.name}.{field.name}", message)
    for field in found.added:
        where = diff.new_at(new.source, (SCHEMAS, new.name, "properties", field.name))
        severity = added_member(field.required, ways)
        if severity == BREAKING:
            message = "new required field sent by the client: old clients leave it out"
        elif field.required:
            message = f"new required field ({describe(ways)}); old clients ignore it"
        else:
            message = f"new optional field ({describe(ways)})"
        diff.add("field-added", severity, where, f"{new.name}.{field.name}", message)
    renamed = {id(o) for o, _ in found.renamed}
    for before, after in found.pairs:
        _field(diff, new, before, after, renamed=id(before) in renamed)


def _field(diff: ApiDiff, schema: ObjectSchema, old: Field, new: Field, *, renamed: bool) -> None:
    ways = diff.ways(schema.name)
    base = (SCHEMAS, schema.name, "properties", new.name)
    subject = f"{schema.name}.{new.name}"
    at = diff.new_at
    if renamed:
        message = (
            f"renamed from {old.name} (wire name '{new.wire_name}' unchanged): "
            f"code using {old.name} breaks"
        )
        diff.add("field-renamed", BREAKING, at(schema.source, base), subject, message)
    elif old.wire_name != new.wire_name:
        message = (
            f"wire name '{old.wire_name}' -> '{new.wire_name}': "
            f"old clients still use '{old.wire_name}'"
        )
        where = at(schema.source, (*base, "wire"), base)
        diff.add("field-renamed", BREAKING, where, subject, message)
    diff.type_change(old.type, new.type, ways, (schema.source, base), subject)
    if old.encoding != new.encoding:
        message = f"wire encoding {old.encoding or 'plain'} -> {new.encoding or 'plain'}"
        where = at(schema.source, (*base, "encoding"), base)
        diff.add("encoding-changed", BREAKING, where, subject, message)
    if old.required != new.required:
        _requiredness(diff, schema, new, ways)
    if _json(old.default) != _json(new.default):
        message = f"default {_json(old.default)} -> {_json(new.default)} (reported, compatible)"
        where = at(schema.source, (*base, "default"), base)
        diff.add("default-changed", COMPATIBLE, where, subject, message)


def _requiredness(
    diff: ApiDiff, schema: ObjectSchema, field: Field, ways: frozenset[Direction]
) -> None:
    subject = f"{schema.name}.{field.name}"
    base = (SCHEMAS, schema.name)
    if field.required:
        severity = became_required(ways)
        entry = diff.new_files.item(schema.source, (*base, "required"), field.name)
        where = diff.new_at(schema.source, entry)
        if severity == BREAKING:
            message = "optional -> required (sent by the client): callers must now pass it"
        else:
            message = "optional -> required (received): old clients already cope with it"
        diff.add("became-required", severity, where, subject, message)
    else:
        severity = became_optional(ways)
        where = diff.new_at(schema.source, (*base, "properties", field.name))
        if severity == BREAKING:
            message = "required -> optional (received): old clients expect it in every answer"
        else:
            message = "required -> optional (sent by the client): callers may still pass it"
        diff.add("became-optional", severity, where, subject, message)


def _values(diff: ApiDiff, old: EnumSchema, new: EnumSchema) -> None:
    ways = diff.ways(new.name)
    for index, value in enumerate(old.values):
        if value not in new.values:
            where = diff.old_at(old.source, (SCHEMAS, old.name, "enum", index))
            message = (
                f"value {value!r} removed ({describe(ways)}): callers passing it fail, "
                "and it may no longer be answered"
            )
            diff.add("enum-value-removed", BREAKING, where, f"{new.name}.{value}", message)
    for index, value in enumerate(new.values):
        if value not in old.values:
            where = diff.new_at(new.source, (SCHEMAS, new.name, "enum", index))
            message = (
                f"value {value!r} added ({describe(ways)}): generated enums are open, so old "
                "clients keep it as an unknown member"
            )
            diff.add("enum-value-added", COMPATIBLE, where, f"{new.name}.{value}", message)


def _shape(schema: Schema) -> Hashable:
    """What a schema is, apart from its name, file and descriptions (to spot renames)."""
    if isinstance(schema, ObjectSchema):
        return (
            "object",
            tuple(
                (f.name, f.wire_name, f.type, f.required, _json(f.default), f.encoding)
                for f in schema.fields
            ),
        )
    if isinstance(schema, EnumSchema):
        return ("enum", schema.base, schema.values)
    return ("alias", schema.type)


def _json(default: Default | None) -> str:
    return "none" if default is None else json.dumps(default.value, sort_keys=True)


def _kind(schema: Schema) -> str:
    if isinstance(schema, ObjectSchema):
        return "object"
    return f"{schema.base} enum" if isinstance(schema, EnumSchema) else "alias"
