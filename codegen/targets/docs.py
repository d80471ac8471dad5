"""Documentation text every target writes alike, whatever the language's names."""

from __future__ import annotations

from collections.abc import Callable

from codegen.ir.model import Api, Channel, Operation

_WHO = {
    "none": "no token",
    "user": "a user token",
    "customer": "a customer token",
    "any": "a user or customer token",
}
_WHERE = {"header": "header", "query": "query parameter"}


def caller(api: Api, op: Operation) -> str:
    """Who may call an operation: `a customer token`, `the session cookie of a login`."""
    if api.auth is not None and api.auth.kind == "cookie":
        return "no session" if op.auth == "none" else "the session cookie of a login"
    return _WHO[op.auth]


def connect_doc(channel: Channel, client: str, name: Callable[[str], str], refused: str) -> str:
    """A channel's connect documentation: reconnects, tokens, then each argument by `name`."""
    intro = f"Connect to {channel.path}; {client} reconnects by itself after a drop."
    tokens = [p for p in channel.parameters if p.token]
    if tokens:
        sent = ", ".join(f"{p.wire_name} ({_WHERE[p.location]})" for p in tokens)
        intro += f" The current tokens go as {sent} on every attempt."
    items = []
    for p in channel.inputs:
        text = f" {p.description}" if p.description else ""
        items.append(f"{name(p.name)}: {_WHERE[p.location]} {p.wire_name}.{text}")
    return "\n\n".join([intro, *items, refused])
