"""Semantic checks of the `channels:` section (Socket.IO paths, credentials and events)."""

from __future__ import annotations

from typing import Any

from codegen.load import PointerPath, SpecFile
from codegen.naming import pascal_case, snake_case
from codegen.validate.rules import RuleChecker

CHANNELS = "channels"
RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect", "message"})
"""Socket.IO's own event names: a channel cannot declare them as its events."""
_PARAMETER_KEYS = {"in", "required", "wire", "description", "token", "encoding"}
_SCALARS = {"string", "integer", "number", "boolean", "enum"}


class ChannelChecker:
    """Unique names and paths, sound credentials, and events a client can name and type."""

    def __init__(self, rules: RuleChecker, skip: set[tuple[str, str]]) -> None:
        self.rules = rules
        self.skip = skip  # (file label, channel) pairs that failed the meta-schema

    def run(self) -> None:
        names: dict[str, SpecFile] = {}
        paths: dict[str, str] = {}
        schema_names = {snake_case(name) for name in self.rules.index}
        for file in self.rules.api.files:
            channels = file.data.get(CHANNELS) if isinstance(file.data, dict) else None
            if not isinstance(channels, dict):
                continue
            for name, body in channels.items():
                where: PointerPath = (CHANNELS, name)
                if name in names:
                    message = f"channel '{name}' is already declared in {names[name].display}"
                    self.rules.report(file, where, message, key=True)
                    continue
                names[name] = file
                if snake_case(pascal_case(name) + "Socket") in schema_names:
                    message = (
                        f"channel '{name}' makes the class {pascal_case(name)}Socket, "
                        "a schema's name"
                    )
                    self.rules.report(file, where, message, key=True)
                if (file.label, name) in self.skip:
                    continue
                if body["path"] in paths:
                    message = f"path {body['path']} is also channel '{paths[body['path']]}'"
                    self.rules.report(file, (*where, "path"), message)
                paths.setdefault(body["path"], name)
                self._parameters(file, where, body)
                self._events(file, where, body)

    def _parameters(self, file: SpecFile, where: PointerPath, channel: dict[str, Any]) -> None:
        parameters: dict[str, Any] = channel.get("parameters", {})
        tokens: dict[str, str] = {}
        wires: dict[tuple[str, str], str] = {}
        for name, parameter in parameters.items():
            path = (*where, "parameters", name)
            wire = (parameter["in"], str(parameter.get("wire", name)).lower())
            if wire in wires:
                message = f"'{name}' and '{wires[wire]}' are the same {parameter['in']} name"
                self.rules.report(file, path, message, key=True)
            wires.setdefault(wire, name)
            type_expr = {k: v for k, v in parameter.items() if k not in _PARAMETER_KEYS}
            kind = parameter.get("token")
            if kind is not None:
                if kind in tokens:
                    message = f"'{name}' and '{tokens[kind]}' both carry the {kind} token"
                    self.rules.report(file, (*path, "token"), message)
                tokens.setdefault(kind, name)
                if type_expr or "encoding" in parameter or "required" in parameter:
                    message = "a token parameter is a string filled in by the client: no type"
                    self.rules.report(file, path, message, key=True)
                continue
            if not type_expr:
                self.rules.report(file, path, "a parameter needs a type (or a token)", key=True)
                continue
            self.rules.check_type_expr(file, path, type_expr, named=False)
            base = self.rules.base_type(file, type_expr)
            if "encoding" not in parameter and base is not None and base not in _SCALARS:
                message = f"'{name}' travels as text: make it a scalar or add encoding: json-text"
                self.rules.report(file, path, message, key=True)
        if channel["auth"] != "none" and "access" not in tokens:
            message = f"auth is {channel['auth']} but no parameter carries the access token"
            self.rules.report(file, (*where, "auth"), message)

    def _events(self, file: SpecFile, where: PointerPath, channel: dict[str, Any]) -> None:
        emits: dict[str, Any] = channel.get("emits", {})
        listens: dict[str, Any] = channel.get("listens", {})
        for section, events in (("emits", emits), ("listens", listens)):
            methods: dict[str, str] = {}
            for name, event in events.items():
                path = (*where, section, name)
                if name in RESERVED_EVENTS:
                    message = f"'{name}' is Socket.IO's own event; a channel cannot declare it"
                    self.rules.report(file, path, message, key=True)
                method = snake_case(name)
                if method in methods:
                    message = f"events '{name}' and '{methods[method]}' are one method name"
                    self.rules.report(file, path, message, key=True)
                methods.setdefault(method, name)
                if "payload" in event:
                    payload = event["payload"]
                    self.rules.check_type_expr(file, (*path, "payload"), payload, named=False)
        for name, event in listens.items():
            reply = event.get("reply")
            if reply is None:
                continue
            path = (*where, "listens", name, "reply")
            if reply not in emits:
                self.rules.report(file, path, f"reply '{reply}' is not an event under emits")
            elif "payload" in emits[reply]:
                message = f"reply '{reply}' carries a payload; replies carry none"
                self.rules.report(file, path, message)
