"""TypeScript views of Socket.IO channels: connect arguments, typed emits and listeners."""

from __future__ import annotations

import attrs

from codegen.ir.model import Api, Channel, ConnectParameter, Event
from codegen.targets.docs import connect_doc
from codegen.targets.typescript import layout, types
from codegen.targets.typescript.naming import (
    camel_case,
    constant_name,
    kebab_case,
    property_name,
    socket_class_name,
)


@attrs.frozen
class EventView:
    name: str  # the wire name, as a literal
    method: str  # emitX or onX
    doc: str
    type: str  # the payload's type; "" when it carries none
    codec: str  # the payload's encoder (emits) or decoder (listens); "" / "null" when none


@attrs.frozen
class ChannelView:
    name: str  # the class
    file: str  # below src/sockets/
    constant: str
    doc: str
    constructor_doc: str
    default_server: str  # ' = "production"' or ""
    spec: str  # the ChannelSpec object literal
    connect_signature: str
    connect_doc: str
    connect_values: tuple[tuple[str, str], ...]  # (parameter name literal, value expression)
    emits: tuple[EventView, ...]
    listens: tuple[EventView, ...]

    @property
    def module(self) -> str:
        """The file's name without `.ts`, as imports write it (`./sockets/hia.js`)."""
        return self.file.removesuffix(".ts")


def channel_view(api: Api, channel: Channel) -> ChannelView:
    inputs = channel.inputs
    members = [
        f"readonly {property_name(p.name)}{'' if p.required else '?'}: {types.ts_type(p.type)}"
        for p in inputs
    ]
    signature = f"args: {layout.members(members, 2, len('  connect(args: '))}" if members else ""
    if members and not any(p.required for p in inputs):
        signature += " = {}"
    return ChannelView(
        name=socket_class_name(channel.name),
        file=f"{kebab_case(channel.name)}.ts",
        constant=constant_name(channel.name),
        doc=channel.description or f"The {channel.name} channel.",
        constructor_doc=(
            f"A channel to `server` (a named server or a Socket.IO base URL) at {channel.path}."
        ),
        default_server=f" = {types.ts_literal(api.servers[0].name)}" if api.servers else "",
        spec=_spec(channel),
        connect_signature=signature,
        connect_doc=_connect_doc(channel),
        connect_values=tuple((layout.key(p.name), _value(p)) for p in inputs),
        emits=tuple(_event(e, "emit") for e in channel.emits),
        listens=tuple(_event(e, "on") for e in channel.listens),
    )


def _value(parameter: ConnectParameter) -> str:
    value = f"args.{property_name(parameter.name)}"
    if parameter.encoding != "json-text":
        return value
    text = f"JSON.stringify({types.encoder(parameter.type)}({value}))"
    return text if parameter.required else f"{value} === undefined ? undefined : {text}"


def _event(event: Event, prefix: str) -> EventView:
    name = camel_case(f"{prefix}_{event.name}")
    payload = event.payload
    first = event.description or f"The {event.name} event."
    if prefix == "emit":
        doc = f"{first}\n\nEmits `{event.name}`; SocketNotConnectedError when not connected."
        codec = types.encoder(payload) if payload is not None else ""
    else:
        reply = f" The client answers with `{event.reply}` by itself." if event.reply else ""
        doc = f"{first}\n\nCalls `callback` for every `{event.name}` received.{reply}"
        codec = types.decoder(payload) if payload is not None else "null"
    return EventView(
        name=types.ts_literal(event.name),
        method=name,
        doc=doc,
        type=types.ts_type(payload) if payload is not None else "",
        codec=codec,
    )


def _spec(channel: Channel) -> str:
    lit = types.ts_literal
    params = []
    for p in channel.parameters:
        items = [
            f"name: {lit(p.name)}",
            f"wire: {lit(p.wire_name)}",
            f"location: {lit(p.location)}",
            f"required: {'true' if p.required else 'false'}",
        ]
        if p.token:
            items.append(f"token: {lit(p.token)}")
        params.append(layout.obj(items, 4))
    replies = [f"[{lit(e.name)}, {lit(e.reply)}]" for e in channel.listens if e.reply]
    lines = [
        f"name: {lit(channel.name)}",
        f"path: {lit(channel.path)}",
        f"auth: {lit(channel.auth)}",
        "parameters: [" + "".join(f"\n    {p}," for p in params) + ("\n  ]" if params else "]"),
        f"emits: [{', '.join(lit(e.name) for e in channel.emits)}]",
        f"listens: [{', '.join(lit(e.name) for e in channel.listens)}]",
        f"replies: [{', '.join(replies)}]",
    ]
    return "{\n" + "".join(f"  {line},\n" for line in lines) + "}"


def _connect_doc(channel: Channel) -> str:
    refused = "Rejects with SocketConnectError when the server refuses or cannot be reached."
    return connect_doc(channel, "socket.io-client", property_name, refused)
