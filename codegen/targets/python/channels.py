"""Python views of Socket.IO channels: class names, connect signatures, typed events."""

from __future__ import annotations

import attrs

from codegen.ir.model import Api, Channel, ConnectParameter, Event
from codegen.naming import pascal_case
from codegen.targets.docs import connect_doc
from codegen.targets.python import types
from codegen.targets.python.naming import identifier


@attrs.frozen
class EventView:
    name: str  # the wire name
    method: str  # emit_<name> or on_<name>
    doc: str
    annotation: str  # the payload's annotation; "" when it carries none
    decode_type: str  # the runtime type expression the payload is decoded to ("None": none)


@attrs.frozen
class ChannelView:
    name: str  # class name
    module: str
    doc: str
    spec: str  # the ChannelSpec(...) expression
    connect_signature: str  # after `self`
    connect_doc: str
    connect_values: tuple[tuple[str, str], ...]  # (parameter name, value expression)
    emits: tuple[EventView, ...]
    listens: tuple[EventView, ...]
    imports: tuple[str, ...]  # names imported from ..models


def socket_class_name(channel: Channel) -> str:
    return f"{pascal_case(channel.name)}Socket"


def channel_view(api: Api, channel: Channel) -> ChannelView:
    required = [_argument(api, p) for p in channel.inputs if p.required]
    optional = [_argument(api, p) for p in channel.inputs if not p.required]
    keyword = required + optional
    signature = (", *" + "".join(f", {arg}" for arg in keyword)) if keyword else ""
    values = tuple((p.name, _value(p)) for p in channel.inputs)
    needed = _uses(api, channel)
    return ChannelView(
        name=socket_class_name(channel),
        module=identifier(channel.name),
        doc=channel.description or f"The {channel.name} channel.",
        spec=_spec(channel),
        connect_signature=signature,
        connect_doc=_connect_doc(channel),
        connect_values=values,
        emits=tuple(_event(api, e, "emit") for e in channel.emits),
        listens=tuple(_event(api, e, "on") for e in channel.listens),
        imports=tuple(sorted(needed - {"datetime", "JsonValue"})),
    )


def channel_needs(api: Api, channel: Channel) -> set[str]:
    """`datetime` and `JsonValue` when the channel's annotations use them."""
    return _uses(api, channel) & {"datetime", "JsonValue"}


def _uses(api: Api, channel: Channel) -> set[str]:
    """Every name the channel's connect arguments and payload annotations mention."""
    needed: set[str] = set()
    for parameter in channel.inputs:
        needed |= types.uses(api, parameter.type)
    for event in (*channel.emits, *channel.listens):
        if event.payload is not None:
            needed |= types.uses(api, event.payload)
    return needed


def _argument(api: Api, parameter: ConnectParameter) -> str:
    text = types.annotation(api, parameter.type)
    name = identifier(parameter.name)
    if parameter.required:
        return f"{name}: {text}"
    none_ok = text if text.endswith("| None") or text == "JsonValue" else f"{text} | None"
    return f"{name}: {none_ok} = None"


def _value(parameter: ConnectParameter) -> str:
    name = identifier(parameter.name)
    if parameter.encoding != "json-text":
        return name
    if parameter.required:
        return f"self._converter.dumps({name})"
    return f"None if {name} is None else self._converter.dumps({name})"


def _event(api: Api, event: Event, prefix: str) -> EventView:
    annotation = types.annotation(api, event.payload) if event.payload is not None else ""
    first = event.description or f"The {event.name} event."
    if prefix == "emit":
        doc = f"{first}\n\nEmits `{event.name}`; SocketNotConnectedError when not connected."
    else:
        reply = f" The client answers with `{event.reply}` by itself." if event.reply else ""
        doc = f"{first}\n\nCalls `callback` for every `{event.name}` received.{reply}"
    return EventView(
        name=event.name,
        method=f"{prefix}_{identifier(event.name)}",
        doc=doc,
        annotation=annotation,
        decode_type=annotation or "None",
    )


def _spec(channel: Channel) -> str:
    params = []
    for p in channel.parameters:
        args = [repr(identifier(p.name)), repr(p.wire_name), repr(p.location)]
        if p.token:
            args.append(f"token={p.token!r}")
        if p.required:
            args.append("required=True")
        params.append(f"ConnectParam({', '.join(args)})")
    replies = [(e.name, e.reply) for e in channel.listens if e.reply]
    parts = [repr(channel.name), repr(channel.path), repr(channel.auth)]
    if params:
        parts.append(f"parameters=({', '.join(params)},)")
    if channel.emits:
        parts.append(f"emits=({', '.join(repr(e.name) for e in channel.emits)},)")
    if channel.listens:
        parts.append(f"listens=({', '.join(repr(e.name) for e in channel.listens)},)")
    if replies:
        parts.append(f"replies=({', '.join(repr(r) for r in replies)},)")
    return f"ChannelSpec({', '.join(parts)})"


def _connect_doc(channel: Channel) -> str:
    refused = "Raises SocketConnectError when the server refuses or cannot be reached."
    return connect_doc(channel, "python-socketio", identifier, refused)
