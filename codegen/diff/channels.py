"""Socket.IO channels: removed, added or renamed; their path, auth, connect parameters, and
the events each side sends."""

from __future__ import annotations

from typing import Literal

from codegen.diff.change import BREAKING, COMPATIBLE
from codegen.diff.context import ApiDiff
from codegen.diff.members import match
from codegen.diff.parameters import Owner, compare_parameters
from codegen.diff.rules import Direction, auth_message, auth_severity
from codegen.ir.model import Channel, Event
from codegen.load import PointerPath

Side = Literal["emits", "listens"]
_WAYS: dict[Side, frozenset[Direction]] = {
    "emits": frozenset({"sent"}),
    "listens": frozenset({"received"}),
}


def compare_channels(diff: ApiDiff) -> None:
    found = match(
        diff.old.channels, diff.new.channels, key=lambda c: c.name, alike=lambda c: c.path
    )
    for channel in found.removed:
        where = diff.old_at(channel.source, _base(channel))
        message = f"{channel.path} removed: its socket class disappears from the generated client"
        diff.add("channel-removed", BREAKING, where, f"channel {channel.name}", message)
    for channel in found.added:
        where = diff.new_at(channel.source, _base(channel))
        diff.add(
            "channel-added", COMPATIBLE, where, f"channel {channel.name}", f"new {channel.path}"
        )
    for old, new in found.renamed:
        where = diff.new_at(new.source, _base(new))
        message = f"renamed from {old.name} (same path {new.path}): code using {old.name} breaks"
        diff.add("channel-renamed", BREAKING, where, f"channel {new.name}", message)
    for old, new in found.pairs:
        _channel(diff, old, new)


def _base(channel: Channel) -> PointerPath:
    return ("channels", channel.name)


def _channel(diff: ApiDiff, old: Channel, new: Channel) -> None:
    base = _base(new)
    subject = f"channel {new.name}"
    if old.path != new.path:
        where = diff.new_at(new.source, (*base, "path"), base)
        message = f"{old.path} -> {new.path}: old clients still connect to {old.path}"
        diff.add("path-changed", BREAKING, where, subject, message)
    if old.auth != new.auth:
        where = diff.new_at(new.source, (*base, "auth"), base)
        message = auth_message(old.auth, new.auth)
        diff.add("auth-changed", auth_severity(old.auth, new.auth), where, subject, message)
    owner = Owner(subject, (old.source, _base(old)), (new.source, base))
    compare_parameters(diff, owner, old.parameters, new.parameters)
    _events(diff, old, new, "emits")
    _events(diff, old, new, "listens")


def _events(diff: ApiDiff, old: Channel, new: Channel, side: Side) -> None:
    found = match(
        _events_of(old, side),
        _events_of(new, side),
        key=lambda e: e.name,
        alike=lambda e: (e.payload, e.reply),
    )

    def subject(event: Event) -> str:
        return f"channel {new.name} {side} {event.name}"

    for event in found.removed:
        where = diff.old_at(old.source, (*_base(old), side, event.name))
        message = f"event removed: {_gone[side]}"
        diff.add("event-removed", BREAKING, where, subject(event), message)
    for event in found.added:
        where = diff.new_at(new.source, (*_base(new), side, event.name))
        diff.add(
            "event-added", COMPATIBLE, where, subject(event), "new event; old clients do not use it"
        )
    for before, after in found.renamed:
        where = diff.new_at(new.source, (*_base(new), side, after.name))
        message = f"renamed from {before.name} (same payload): old clients still use {before.name}"
        diff.add("event-renamed", BREAKING, where, subject(after), message)
    for before, after in found.pairs:
        _event(diff, new, side, before, after, subject(after))


def _events_of(channel: Channel, side: Side) -> tuple[Event, ...]:
    return channel.emits if side == "emits" else channel.listens


_gone: dict[Side, str] = {
    "emits": "the client can no longer send it, and the server may refuse it",
    "listens": "the server no longer sends it; callbacks of old clients never run",
}


def _event(
    diff: ApiDiff, channel: Channel, side: Side, old: Event, new: Event, subject: str
) -> None:
    base = (*_base(channel), side, new.name)
    where = diff.new_at(channel.source, (*base, "payload"), base)
    if old.payload is None and new.payload is not None:
        message = "now carries a payload: the generated method and callback signatures change"
        diff.add("payload-added", BREAKING, where, subject, message)
    elif old.payload is not None and new.payload is None:
        message = "carries no payload any more: the generated method and callback signatures change"
        diff.add("payload-removed", BREAKING, where, subject, message)
    elif old.payload is not None and new.payload is not None:
        at = (channel.source, (*base, "payload"))
        diff.type_change(old.payload, new.payload, _WAYS[side], at, subject)
    if old.reply != new.reply:
        where = diff.new_at(channel.source, (*base, "reply"), base)
        message = (
            f"reply {old.reply or 'none'} -> {new.reply or 'none'}: old clients answer as before"
        )
        diff.add("reply-changed", BREAKING, where, subject, message)
