"""What the comparison of one API needs at hand: both versions, where things are, which
way schemas travel, and the changes found so far."""

from __future__ import annotations

import logging

from codegen.diff.change import Change, Kind, Severity, SourceLocation
from codegen.diff.flow import directions
from codegen.diff.locate import Locator
from codegen.diff.rules import BOTH, Direction, Shift, describe, shift_severity
from codegen.diff.typeshift import TypeComparer, spell
from codegen.ir.model import Api, Nullable, TypeRef
from codegen.load import PointerPath

log = logging.getLogger(__name__)


class ApiDiff:
    """The old and new version of one API, and the changes found between them."""

    def __init__(self, old: Api, new: Api, old_files: Locator, new_files: Locator) -> None:
        self.old = old
        self.new = new
        self.old_files = old_files
        self.new_files = new_files
        self.changes: list[Change] = []
        self.renamed: dict[str, str] = {}  # old schema name -> new name
        self.types = TypeComparer(old, new, self.renamed)
        self._old_ways = directions(old)
        self._new_ways = directions(new)

    def ways(self, new_schema: str) -> frozenset[Direction]:
        """How a schema travels in either version; both ways when nothing reaches it."""
        old_name = next((o for o, n in self.renamed.items() if n == new_schema), new_schema)
        found = self._new_ways.get(new_schema, frozenset()) | self._old_ways.get(
            old_name, frozenset()
        )
        return found or BOTH

    def old_at(self, label: str, *paths: PointerPath) -> SourceLocation:
        return self.old_files.at(label, *paths)

    def new_at(self, label: str, *paths: PointerPath) -> SourceLocation:
        return self.new_files.at(label, *paths)

    def add(
        self, kind: Kind, severity: Severity, where: SourceLocation, subject: str, message: str
    ) -> None:
        change = Change(kind, severity, where, subject, message)
        log.debug("%s", change)
        self.changes.append(change)

    def type_change(
        self,
        old: TypeRef,
        new: TypeRef,
        ways: frozenset[Direction],
        at: tuple[str, PointerPath],
        subject: str,
    ) -> Shift:
        """Report how a type expression shifted, judged by the way it travels; `at` is the
        file label and key path of the new type expression."""
        shift = self.types.shift(old, new)
        if shift != "same":
            nullable = isinstance(old, Nullable) != isinstance(new, Nullable)
            where = self.new_at(at[0], *type_paths(at[1], nullable=nullable))
            severity = shift_severity(shift, ways)
            message = f"{spell(old)} -> {spell(new)} ({describe(ways)}): {consequence(shift, ways)}"
            self.add(_SHIFT_KINDS[shift], severity, where, subject, message)
        return shift


def type_paths(base: PointerPath, *, nullable: bool = False) -> tuple[PointerPath, ...]:
    """Where a type expression at `base` is spelled, most precise first."""
    first = ((*base, "nullable"),) if nullable else ()
    return (*first, (*base, "type"), (*base, "$ref"), base)


_SHIFT_KINDS: dict[Shift, Kind] = {
    "narrowed": "type-narrowed",
    "widened": "type-widened",
    "changed": "type-changed",
}
_HALVES: dict[tuple[Shift, Direction], str] = {
    ("narrowed", "sent"): "values callers used to send may now be refused",
    ("narrowed", "received"): "answers stay within what old clients decode",
    ("widened", "sent"): "everything callers sent before is still accepted",
    ("widened", "received"): "old clients may fail to decode the new values",
}


def consequence(shift: Shift, ways: frozenset[Direction]) -> str:
    """What a type shift means for the directions it travels in."""
    if shift == "changed":
        return "a different kind of value, which old clients neither send nor decode"
    return "; ".join(_HALVES[shift, way] for way in ("sent", "received") if way in ways)
