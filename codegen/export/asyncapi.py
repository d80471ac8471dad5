"""One API's Socket.IO channels as an AsyncAPI 3.0.0 document.

Socket.IO has no AsyncAPI binding of its own, so the document describes what it rides on:
each channel is one WebSocket endpoint (its socketio_path is the channel's address), whose
connect headers and query parameters are the `ws` channel binding; each event is a
message whose payload is the event's one argument. What the client emits is a `send`
operation, what it listens for a `receive` one, and an automatic answer (`pong` to `ping`)
is that operation's `reply`. Operations are named like the SDK's methods:
`hia.emit_pipeline`, `hia.on_ping`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from codegen.export.errors import NothingToExport
from codegen.export.jsonschema import JSON_MEDIA_TYPE, JsonObject, SchemaMapper
from codegen.export.text import summary
from codegen.ir.model import Api, Channel, ConnectParameter, Event, Server, named_refs

ASYNCAPI_VERSION = "3.0.0"
WS_BINDING_VERSION = "0.1.0"
TRANSPORT_NOTE = (
    "Socket.IO protocol 5 (Engine.IO 4) over WebSocket only, namespace `/`: each channel is "
    "its own socketio_path (the channel's address) on a server; an event carries one JSON "
    "argument (the message's payload) or none."
)
_AUTH_TEXT = {
    "none": "Connecting needs no token.",
    "user": "Connecting needs a user token.",
    "customer": "Connecting needs a customer token.",
    "any": "Connecting takes a user or a customer token.",
}
_TOKEN_TEXT = {
    "access": "The client's current access token, sent on every connect and reconnect.",
    "refresh": "The client's current refresh token, sent on every connect and reconnect.",
}


def asyncapi_document(api: Api) -> JsonObject:
    """The AsyncAPI 3.0 document of `api`'s channels; NothingToExport when it has none."""
    if not api.channels:
        raise NothingToExport(f"the API '{api.name}' has no Socket.IO channels")
    return _Builder(api).document()


class _Builder:
    def __init__(self, api: Api) -> None:
        self.api = api
        # AsyncAPI schemas are JSON Schema draft 7: nothing may sit beside a $ref.
        self.mapper = SchemaMapper(api, ref_siblings=False)
        self.schemes: dict[str, JsonObject] = {}

    def document(self) -> JsonObject:
        about = self.api.description
        description = f"{about}\n\n{TRANSPORT_NOTE}" if about else TRANSPORT_NOTE
        info: JsonObject = {
            "title": self.api.title,
            "version": self.api.version,
            "description": description,
        }
        document: JsonObject = {"asyncapi": ASYNCAPI_VERSION, "info": info}
        servers = {s.name: _server(s) for s in self.api.servers if s.socket}
        if servers:
            document["servers"] = servers
        document["defaultContentType"] = JSON_MEDIA_TYPE
        channels = self.api.channels
        document["channels"] = {c.name: self._channel(c) for c in channels}
        operations: JsonObject = {}
        for channel in channels:
            operations.update(self._operations(channel))
        document["operations"] = operations
        components: JsonObject = {"schemas": self.mapper.components(self._roots())}
        if self.schemes:
            components["securitySchemes"] = dict(sorted(self.schemes.items()))
        document["components"] = components
        return document

    def _roots(self) -> set[str]:
        roots: set[str] = set()
        for channel in self.api.channels:
            for parameter in channel.parameters:
                roots.update(named_refs(parameter.type))
            for event in (*channel.emits, *channel.listens):
                if event.payload is not None:
                    roots.update(named_refs(event.payload))
        return roots

    # -- channels ------------------------------------------------------------------------

    def _channel(self, channel: Channel) -> JsonObject:
        text = f"{channel.description} " if channel.description else ""
        result: JsonObject = {
            "address": channel.path,
            "description": f"{text}{_AUTH_TEXT[channel.auth]}",
            "messages": {
                _message_key(channel, event, sent): self._message(event)
                for sent, events in ((True, channel.emits), (False, channel.listens))
                for event in events
            },
        }
        binding: JsonObject = {"method": "GET"}
        for location, title in (("header", "headers"), ("query", "query")):
            chosen = [p for p in channel.parameters if p.location == location]
            if chosen:
                binding[title] = self._connect_schema(chosen, title)
        binding["bindingVersion"] = WS_BINDING_VERSION
        result["bindings"] = {"ws": binding}
        return result

    def _connect_schema(self, parameters: list[ConnectParameter], title: str) -> JsonObject:
        properties: JsonObject = {}
        for parameter in parameters:
            text = _TOKEN_TEXT[parameter.token] if parameter.token else parameter.description
            properties[parameter.wire_name] = self.mapper.value_schema(
                parameter.type, encoding=parameter.encoding, description=text
            )
        schema: JsonObject = {
            "type": "object",
            "description": (
                f"The connect request's {title}. Values travel as text; structured ones as "
                "JSON text."
            ),
            "properties": properties,
        }
        required = [p.wire_name for p in parameters if p.required]
        if required:
            schema["required"] = required
        return schema

    def _message(self, event: Event) -> JsonObject:
        result: JsonObject = {"name": event.name}
        if event.description:
            result["summary"] = summary(event.description)
            if result["summary"] != event.description:
                result["description"] = event.description
        if event.payload is not None:
            result["payload"] = self.mapper.type_schema(event.payload)
        return result

    # -- operations ----------------------------------------------------------------------

    def _operations(self, channel: Channel) -> JsonObject:
        operations: JsonObject = {}
        channel_ref = {"$ref": f"#/channels/{channel.name}"}
        security = self._security(channel)
        for sent, events in ((True, channel.emits), (False, channel.listens)):
            for event in events:
                key = _message_key(channel, event, sent)
                operation: JsonObject = {
                    "action": "send" if sent else "receive",
                    "channel": channel_ref,
                    "summary": (
                        f"The client emits `{event.name}`."
                        if sent
                        else f"The client listens for `{event.name}`."
                    ),
                    "messages": [{"$ref": f"#/channels/{channel.name}/messages/{key}"}],
                }
                if event.description:
                    operation["description"] = event.description
                if event.reply is not None:
                    reply_key = _message_key(channel, _emitted(channel, event.reply), True)
                    operation["description"] = (
                        f"{event.description or ''} The client answers `{event.reply}` by itself."
                    ).strip()
                    operation["reply"] = {
                        "channel": channel_ref,
                        "messages": [{"$ref": f"#/channels/{channel.name}/messages/{reply_key}"}],
                    }
                if security:
                    operation["security"] = security
                verb = "emit" if sent else "on"
                operations[f"{channel.name}.{verb}_{event.name}"] = operation
        return operations

    def _security(self, channel: Channel) -> list[JsonObject]:
        """The channel's token parameters as httpApiKey schemes, which its operations cite."""
        refs: list[JsonObject] = []
        for parameter in channel.parameters:
            if parameter.token is None:
                continue
            key = f"{parameter.wire_name}_{parameter.location}"
            self.schemes[key] = {
                "type": "httpApiKey",
                "name": parameter.wire_name,
                "in": parameter.location,
                "description": _TOKEN_TEXT[parameter.token],
            }
            refs.append({"$ref": f"#/components/securitySchemes/{key}"})
        return refs


def _emitted(channel: Channel, name: str) -> Event:
    return next(e for e in channel.emits if e.name == name)


def _message_key(channel: Channel, event: Event, sent: bool) -> str:
    """The event's name; suffixed by its direction when the channel uses it both ways."""
    other = channel.listens if sent else channel.emits
    if any(e.name == event.name for e in other):
        return f"{event.name}_{'sent' if sent else 'received'}"
    return event.name


def _server(server: Server) -> JsonObject:
    assert server.socket is not None
    url = urlsplit(server.socket)
    result: JsonObject = {"host": url.netloc, "protocol": url.scheme}
    if url.path not in ("", "/"):
        result["pathname"] = url.path
    result["title"] = server.name
    if server.description:
        result["description"] = server.description
    return result
