"""Parameters of operations and connect parameters of channels: all of them are sent."""

from __future__ import annotations

import json
from collections.abc import Sequence

from codegen.diff.change import BREAKING, COMPATIBLE
from codegen.diff.context import ApiDiff
from codegen.diff.members import match
from codegen.diff.rules import Direction, added_member, became_optional, became_required
from codegen.ir.model import ConnectParameter, Parameter
from codegen.load import PointerPath

Param = Parameter | ConnectParameter
SENT: frozenset[Direction] = frozenset({"sent"})


class Owner:
    """Whose parameters: a subject prefix and where its body is in each version."""

    def __init__(
        self, subject: str, old: tuple[str, PointerPath], new: tuple[str, PointerPath]
    ) -> None:
        self.subject = subject
        self.old = old
        self.new = new

    def subject_of(self, param: Param) -> str:
        return f"{self.subject} parameter {param.name}"


def compare_parameters(
    diff: ApiDiff, owner: Owner, old: Sequence[Param], new: Sequence[Param]
) -> None:
    found = match(old, new, key=lambda p: p.name, alike=lambda p: (p.location, p.wire_name))
    old_label, old_base = owner.old
    new_label, new_base = owner.new
    for param in found.removed:
        where = diff.old_at(old_label, (*old_base, "parameters", param.name))
        message = (
            f"{param.location} parameter '{param.wire_name}' removed: callers passing it break"
        )
        if _token(param):
            message = f"the client no longer sends its {_token(param)} token as '{param.wire_name}'"
        diff.add("parameter-removed", BREAKING, where, owner.subject_of(param), message)
    for param in found.added:
        where = diff.new_at(new_label, (*new_base, "parameters", param.name))
        severity = added_member(param.required, SENT)
        if severity == BREAKING:
            message = f"new required {param.location} parameter: old clients do not send it"
        else:
            message = f"new optional {param.location} parameter"
        diff.add("parameter-added", severity, where, owner.subject_of(param), message)
    renamed = {id(o) for o, _ in found.renamed}
    for before, after in found.pairs:
        base = (*new_base, "parameters", after.name)
        _parameter(diff, owner, before, after, base, renamed=id(before) in renamed)


def _parameter(
    diff: ApiDiff, owner: Owner, old: Param, new: Param, base: PointerPath, *, renamed: bool
) -> None:
    label = owner.new[0]
    subject = owner.subject_of(new)

    def at(*keys: str) -> tuple[PointerPath, ...]:
        return (*((*base, key) for key in keys), base)

    if renamed:
        message = (
            f"renamed from {old.name} (wire name '{new.wire_name}' unchanged): "
            f"callers passing {old.name} break"
        )
        diff.add("parameter-renamed", BREAKING, diff.new_at(label, base), subject, message)
    elif old.wire_name != new.wire_name:
        message = f"wire name '{old.wire_name}' -> '{new.wire_name}': old clients send the old one"
        diff.add("parameter-renamed", BREAKING, diff.new_at(label, *at("wire")), subject, message)
    if old.location != new.location:
        message = f"{old.location} -> {new.location}: old clients send it in the {old.location}"
        diff.add("parameter-moved", BREAKING, diff.new_at(label, *at("in")), subject, message)
    if _token(old) != _token(new):
        message = f"token {_token(old) or 'none'} -> {_token(new) or 'none'}"
        diff.add(
            "parameter-token-changed", BREAKING, diff.new_at(label, *at("token")), subject, message
        )
    else:
        diff.type_change(old.type, new.type, SENT, (label, base), subject)
    if _encoding(old) != _encoding(new):
        message = f"wire encoding {_encoding(old) or 'plain'} -> {_encoding(new) or 'plain'}"
        diff.add(
            "encoding-changed", BREAKING, diff.new_at(label, *at("encoding")), subject, message
        )
    if old.required != new.required:
        where = diff.new_at(label, *at("required", "in"))
        if new.required:
            message = "optional -> required: callers must now pass it, old clients may not"
            diff.add("became-required", became_required(SENT), where, subject, message)
        else:
            message = "required -> optional: callers may still pass it"
            diff.add("became-optional", became_optional(SENT), where, subject, message)
    if _default(old) != _default(new):
        message = f"default {_default(old)} -> {_default(new)} (reported, compatible)"
        diff.add(
            "default-changed", COMPATIBLE, diff.new_at(label, *at("default")), subject, message
        )


def _token(param: Param) -> str | None:
    return param.token if isinstance(param, ConnectParameter) else None


def _encoding(param: Param) -> str | None:
    return param.encoding if isinstance(param, ConnectParameter) else None


def _default(param: Param) -> str:
    if isinstance(param, Parameter) and param.default is not None:
        return json.dumps(param.default.value, sort_keys=True)
    return "none"
