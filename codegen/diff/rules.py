"""Which differences break clients: the rules, in one place.

A change is judged from two points of view at once, and is breaking when either breaks:
users of the regenerated client (does code written against the old client still run?) and
clients generated from the old spec talking to a server that follows the new one (do their
requests still succeed, do they still decode the answers?).

Whether a type change breaks depends on the direction the data travels:

- the client SENDS request bodies, parameters, connect parameters and the payloads of
  events under `emits`. A narrower type (number -> integer, T | null -> T, string -> enum,
  string -> date-time, any -> T) refuses values that callers used to pass: breaking.
  A wider one accepts everything it used to: compatible.
- the client RECEIVES responses and the payloads of events under `listens`. A wider type
  lets the server answer values that old clients fail to decode: breaking. A narrower one
  answers a subset of what they decode: compatible.
- a change of kind (string -> integer, one object for another, a date for a date-time) and
  a change that narrows one part and widens another break in both directions.

A schema's directions are found by walking from operations and events through the types
they reach (fields, array items, map values, aliases), in the old and the new spec
together; a schema reached from both sides takes the stricter verdict, and a schema no
operation or event reaches is judged as if it travelled both ways (it is still a public
model of the generated package).

The same reasoning for requiredness: a field or parameter that became required breaks
senders (callers must now pass it, old clients leave it out) and is compatible for
receivers; one that became optional breaks receivers (old clients expect it) and is
compatible for senders. A new required field or parameter of something sent breaks; every
other addition (operation, event, channel, schema, optional field, server) is compatible:
old clients do not use it, and received keys that a schema does not name are ignored.
Anything removed or renamed (operation, event, channel, field, parameter, schema, server)
breaks: calls disappear from the generated client and old clients keep using the old names.

Enum values: a removed value breaks both ways (callers passing it fail; a documented value
is gone); an added value is compatible both ways, because generated enums are open and keep
a value they do not list as an unknown member.

Auth levels (`none`, `user`, `customer`, `any`): a change to `none`, or from `user` or
`customer` to `any`, only lets more callers in: compatible. Every other change (from `none`
to anything, `user` <-> `customer`, `any` to one kind) refuses callers that used to
succeed: breaking. Any change of the auth scheme (bearer <-> cookie, header, scheme, where
tokens are read, the refresh or login operation) breaks clients built for the old one.

A changed default is compatible (the field stays optional) but reported. A changed HTTP
method or path, server URL, body or answer format, `returns` path, media type, wire
encoding, connect token or event reply breaks old clients. A schema moved to another file is
compatible (the models package exports it as before); a changed text `extract` is
compatible (the client reads the page, the server does not change).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Literal

from codegen.diff.change import BREAKING, COMPATIBLE, Severity
from codegen.ir.model import AuthLevel

Direction = Literal["sent", "received"]
Shift = Literal["same", "narrowed", "widened", "changed"]
BOTH: frozenset[Direction] = frozenset({"sent", "received"})

_BREAKS_WHEN: dict[Shift, Direction] = {"narrowed": "sent", "widened": "received"}


def shift_severity(shift: Shift, directions: Set[Direction]) -> Severity:
    """A narrowed type breaks what is sent, a widened one what is received."""
    if shift == "changed":
        return BREAKING
    return BREAKING if _BREAKS_WHEN.get(shift) in directions else COMPATIBLE


def became_required(directions: Set[Direction]) -> Severity:
    """Senders must now pass it; receivers always had to cope with it."""
    return BREAKING if "sent" in directions else COMPATIBLE


def became_optional(directions: Set[Direction]) -> Severity:
    """Receivers may now miss it; senders may still pass it."""
    return BREAKING if "received" in directions else COMPATIBLE


def added_member(required: bool, directions: Set[Direction]) -> Severity:
    """Only a new required member of something sent breaks (old clients leave it out)."""
    return BREAKING if required and "sent" in directions else COMPATIBLE


def auth_severity(old: AuthLevel, new: AuthLevel) -> Severity:
    """Looser (to `none`, or one kind of token to `any`) is compatible; the rest breaks."""
    if new == "none" or (new == "any" and old in ("user", "customer")):
        return COMPATIBLE
    return BREAKING


def auth_message(old: AuthLevel, new: AuthLevel) -> str:
    """Why an auth level change is judged as it is."""
    if auth_severity(old, new) == COMPATIBLE:
        return f"auth {old} -> {new}: looser, every caller let in before still is"
    if old == "none":
        return f"auth {old} -> {new}: calls without a token are now refused"
    return f"auth {old} -> {new}: callers with a {old} token may now be refused"


def describe(directions: Set[Direction]) -> str:
    """Words for where the data travels, for messages."""
    if directions >= BOTH:
        return "sent and received"
    return "sent by the client" if "sent" in directions else "received by the client"
