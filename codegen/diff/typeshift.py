"""How a type expression changed: the same, narrowed, widened or changed in kind.

Aliases are looked through on both sides (introducing an alias for `string` changes
nothing on the wire), nullability is judged apart from the type it wraps, and a reference
to a named schema is `same` when it names the same schema (or the one it was renamed to):
the schema's own changes are reported once, at the schema.
"""

from __future__ import annotations

from collections.abc import Mapping

from codegen.diff.rules import Shift
from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    EnumSchema,
    MapOf,
    Named,
    Nullable,
    Primitive,
    TypeRef,
)

# old kind -> new kind: the primitive changes that keep every old value valid.
_WIDER = {
    ("integer", "number"),
    ("date", "string"),
    ("date-time", "string"),
}


def combine(*shifts: Shift) -> Shift:
    """The shift of a type whose parts shifted so: narrowing one part and widening another
    breaks both directions, so it counts as a change of kind."""
    found = {s for s in shifts if s != "same"}
    if not found:
        return "same"
    if len(found) == 1:
        return found.pop()
    return "changed"


class TypeComparer:
    """Compares type expressions of the old API with those of the new one."""

    def __init__(self, old: Api, new: Api, renamed: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.renamed = renamed  # old schema name -> new schema name

    def shift(self, old: TypeRef, new: TypeRef) -> Shift:
        old_nullable, old_core = _unwrap(self.old, old)
        new_nullable, new_core = _unwrap(self.new, new)
        nullable: Shift = "same"
        if old_nullable != new_nullable:
            nullable = "widened" if new_nullable else "narrowed"
        return combine(nullable, self._core(old_core, new_core))

    def _core(self, old: TypeRef, new: TypeRef) -> Shift:
        if isinstance(old, ArrayOf) and isinstance(new, ArrayOf):
            return self.shift(old.items, new.items)
        if isinstance(old, MapOf) and isinstance(new, MapOf):
            return self.shift(old.values, new.values)
        if _is_any(old) or _is_any(new):
            if _is_any(old) and _is_any(new):
                return "same"
            return "widened" if _is_any(new) else "narrowed"
        if isinstance(old, Named) and isinstance(new, Named):
            return "same" if self.renamed.get(old.name, old.name) == new.name else "changed"
        old_base = self._enum_base(self.old, old)
        new_base = self._enum_base(self.new, new)
        if old_base is not None and isinstance(new, Primitive):  # enum -> its base: wider
            return combine("widened", self._primitive(old_base, new.kind))
        if new_base is not None and isinstance(old, Primitive):  # base -> an enum: narrower
            return combine(self._primitive(old.kind, new_base), "narrowed")
        if isinstance(old, Primitive) and isinstance(new, Primitive):
            return self._primitive(old.kind, new.kind)
        return "changed"

    @staticmethod
    def _primitive(old: str, new: str) -> Shift:
        if old == new:
            return "same"
        if (old, new) in _WIDER:
            return "widened"
        if (new, old) in _WIDER:
            return "narrowed"
        return "changed"

    @staticmethod
    def _enum_base(api: Api, ref: TypeRef) -> str | None:
        """`string` or `integer` when `ref` names an enum, else None."""
        if isinstance(ref, Named):
            schema = _schema(api, ref.name)
            if isinstance(schema, EnumSchema):
                return schema.base
        return None


def _unwrap(api: Api, ref: TypeRef) -> tuple[bool, TypeRef]:
    """(nullable, the type below null and aliases)."""
    nullable = False
    seen: set[str] = set()
    while True:
        if isinstance(ref, Nullable):
            nullable, ref = True, ref.inner
            continue
        if isinstance(ref, Named) and ref.name not in seen:
            seen.add(ref.name)
            schema = _schema(api, ref.name)
            if isinstance(schema, AliasSchema):
                ref = schema.type
                continue
        return nullable, ref


def _schema(api: Api, name: str) -> object:
    try:
        return api.schema(name)
    except KeyError:
        return None


def _is_any(ref: TypeRef) -> bool:
    return isinstance(ref, Primitive) and ref.kind == "any"


def spell(ref: TypeRef) -> str:
    """A type expression in a message: `integer`, `array of Recorder`, `string | null`."""
    if isinstance(ref, Primitive):
        return ref.kind
    if isinstance(ref, Named):
        return ref.name
    if isinstance(ref, ArrayOf):
        return f"array of {spell(ref.items)}"
    if isinstance(ref, MapOf):
        return f"map of {spell(ref.values)}"
    return f"{spell(ref.inner)} | null"
