"""Operations: removed, added or renamed; how each is called and what it answers."""

from __future__ import annotations

import re

from codegen.diff.change import BREAKING, COMPATIBLE, Kind
from codegen.diff.context import ApiDiff
from codegen.diff.members import match
from codegen.diff.parameters import SENT, Owner, compare_parameters
from codegen.diff.rules import Direction, auth_message, auth_severity
from codegen.ir.model import ObjectSchema, Operation
from codegen.load import PointerPath

RECEIVED: frozenset[Direction] = frozenset({"received"})


def compare_operations(diff: ApiDiff) -> None:
    old_ops = [op for tag in diff.old.tags for op in tag.operations]
    new_ops = [op for tag in diff.new.tags for op in tag.operations]
    found = match(old_ops, new_ops, key=lambda op: op.ref, alike=lambda op: (op.method, op.path))
    for op in found.removed:
        where = diff.old_at(op.source, _base(op))
        message = f"{op.method} {op.path} removed: the call disappears from the generated client"
        diff.add("operation-removed", BREAKING, where, op.ref, message)
    for op in found.added:
        where = diff.new_at(op.source, _base(op))
        diff.add("operation-added", COMPATIBLE, where, op.ref, f"new {op.method} {op.path}")
    for old, new in found.renamed:
        where = diff.new_at(new.source, _base(new))
        message = f"renamed from {old.ref} (same {new.method} {new.path}): calls to {old.ref} break"
        diff.add("operation-renamed", BREAKING, where, new.ref, message)
    for old, new in found.pairs:
        _operation(diff, old, new)


def _base(op: Operation) -> PointerPath:
    return ("routes", op.tag, "operations", op.name)


def _operation(diff: ApiDiff, old: Operation, new: Operation) -> None:
    base = _base(new)
    subject = new.ref

    def at(key: str) -> tuple[PointerPath, PointerPath]:
        return (*base, key), base

    def breaks(kind: Kind, key: str, message: str) -> None:
        diff.add(kind, BREAKING, diff.new_at(new.source, *at(key)), subject, message)

    if old.method != new.method:
        breaks(
            "method-changed",
            "method",
            f"{old.method} -> {new.method}: old clients still send {old.method}",
        )
    if _wire_path(old.path) != _wire_path(new.path):  # `{id}` -> `{rid}` is the same URL
        breaks(
            "path-changed", "path", f"{old.path} -> {new.path}: old clients still call {old.path}"
        )
    if old.auth != new.auth:
        message = auth_message(old.auth, new.auth)
        where = diff.new_at(new.source, *at("auth"))
        diff.add("auth-changed", auth_severity(old.auth, new.auth), where, subject, message)
    owner = Owner(subject, (old.source, _base(old)), (new.source, base))
    compare_parameters(diff, owner, old.parameters, new.parameters)
    _body(diff, old, new)
    if old.body_encoding != new.body_encoding:
        message = f"body encoding {old.body_encoding} -> {new.body_encoding}"
        breaks("body-encoding-changed", "body_encoding", message)
    _response(diff, old, new)
    if old.response_format != new.response_format:
        message = f"answer format {old.response_format} -> {new.response_format}"
        breaks("response-format-changed", "response_format", message)
    if old.media_type != new.media_type:
        was, now = old.media_type or "any type", new.media_type or "any type"
        message = f"media type {was} -> {now}"
        if old.media_type is None:  # old clients checked nothing, so they take the new one
            where = diff.new_at(new.source, *at("media_type"))
            diff.add("media-type-changed", COMPATIBLE, where, subject, message)
        else:
            breaks("media-type-changed", "media_type", f"{message}: old clients refuse it")
    if old.returns != new.returns:
        was, now = ".".join(old.returns) or "the answer", ".".join(new.returns) or "the answer"
        message = f"returns {was} -> {now}: callers get another part of the answer"
        breaks("returns-changed", "returns", message)
    if old.sets_tokens != new.sets_tokens:
        message = (
            f"sets_tokens {old.sets_tokens} -> {new.sets_tokens}: the client keeps other tokens"
        )
        breaks("sets-tokens-changed", "sets_tokens", message)
    if old.extract != new.extract:
        message = "what the client extracts from the text answer changed (the server is unaffected)"
        where = diff.new_at(new.source, *at("extract"))
        diff.add("extract-changed", COMPATIBLE, where, subject, message)


def _body(diff: ApiDiff, old: Operation, new: Operation) -> None:
    subject = f"{new.ref} body"
    base = (*_base(new), "body")
    if old.body is None and new.body is not None:
        schema = diff.new.schema(new.body.name)
        required = isinstance(schema, ObjectSchema) and any(f.required for f in schema.fields)
        severity = BREAKING if required else COMPATIBLE
        message = f"now sends a {new.body.name} body" + (
            " with required fields: old clients send none" if required else ""
        )
        diff.add("body-added", severity, diff.new_at(new.source, base), subject, message)
    elif old.body is not None and new.body is None:
        where = diff.old_at(old.source, (*_base(old), "body"))
        message = f"no {old.body.name} body any more: callers passing its fields break"
        diff.add("body-removed", BREAKING, where, subject, message)
    elif old.body is not None and new.body is not None:
        diff.type_change(old.body, new.body, SENT, (new.source, base), subject)


def _response(diff: ApiDiff, old: Operation, new: Operation) -> None:
    subject = f"{new.ref} response"
    base = (*_base(new), "response")
    if old.response is None and new.response is not None:
        message = "now answers a value; old clients ignore it"
        diff.add("response-added", COMPATIBLE, diff.new_at(new.source, base), subject, message)
    elif old.response is not None and new.response is None:
        where = diff.old_at(old.source, (*_base(old), "response"))
        message = "answers nothing any more: callers using the answer break"
        diff.add("response-removed", BREAKING, where, subject, message)
    elif old.response is not None and new.response is not None:
        diff.type_change(old.response, new.response, RECEIVED, (new.source, base), subject)


def _wire_path(path: str) -> str:
    """A path template as the server sees it: placeholder names do not travel."""
    return re.sub(r"\{[^}]*\}", "{}", path)
