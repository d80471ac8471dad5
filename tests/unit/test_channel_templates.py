"""Channel templates: small inline channels, generated, imported and inspected."""

from __future__ import annotations

import inspect
import itertools
from pathlib import Path

import pytest

from tests.helpers import api_yaml, generated_package

_counter = itertools.count()

SPEC = """
servers:
  local: {http: "http://127.0.0.1:9/api", socket: "ws://127.0.0.1:9"}
schemas:
  Reading:
    type: object
    required: [value]
    properties:
      value: {type: number}
  Settings:
    type: map
    values: {type: integer}
channels:
  probe:
    path: /probe_path
    auth: user
    description: "A probe; \\"\\"\\" quotes stay inert."
    parameters:
      jwt_token: {in: query, token: access}
      device_id: {in: header, type: string, required: true, wire: Device-Id}
      settings: {in: header, $ref: "#/schemas/Settings", encoding: json-text}
    emits:
      reading: {payload: {$ref: "#/schemas/Reading"}}
      hello: {}
    listens:
      hi: {reply: hello}
      readings:
        payload: {type: array, items: {$ref: "#/schemas/Reading"}}
"""


def test_a_channel_becomes_a_typed_class_with_its_spec(tmp_path: Path) -> None:
    package = f"chan{next(_counter)}_api"
    with generated_package(tmp_path, {"api.yaml": api_yaml(package, extra=SPEC)}, package) as api:
        probe = api.ProbeSocket
        spec = api.sockets.CHANNELS["probe"]
        assert spec is probe.spec and spec.path == "/probe_path" and spec.auth == "user"
        assert [(p.name, p.wire, p.location, p.token) for p in spec.parameters] == [
            ("jwt_token", "jwt_token", "query", "access"),
            ("device_id", "Device-Id", "header", None),
            ("settings", "settings", "header", None),
        ]
        assert spec.replies == (("hi", "hello"),)
        connect = inspect.signature(probe.connect)
        assert list(connect.parameters) == ["self", "device_id", "settings"]
        assert connect.parameters["settings"].default is None
        assert connect.parameters["device_id"].kind is inspect.Parameter.KEYWORD_ONLY
        assert probe.__doc__ == 'A probe; """ quotes stay inert.'  # escaped, not code
        assert list(inspect.signature(probe.emit_reading).parameters) == [
            "self",
            "payload",
            "callback",
        ]
        assert list(inspect.signature(probe.emit_hello).parameters) == ["self", "callback"]
        assert {name for name in dir(probe) if name.startswith("on_")} == {
            "on_connect",
            "on_disconnect",
            "on_hi",
            "on_readings",
        }


def test_a_channel_sends_tokens_and_values_where_the_spec_says(tmp_path: Path) -> None:
    package = f"chan{next(_counter)}_api"
    with generated_package(tmp_path, {"api.yaml": api_yaml(package, extra=SPEC)}, package) as api:
        probe = api.ProbeSocket("local", access_token="tok-1")
        probe._values = {"device_id": "dev 7", "settings": api.dumps({"gain": 2})}
        assert probe._headers() == {"Device-Id": "dev 7", "settings": '{"gain":2}'}
        assert probe._url() == "ws://127.0.0.1:9?jwt_token=tok-1"
        probe.tokens.set("tok-2", None)  # a refreshed token is what the next attempt sends
        assert probe._url() == "ws://127.0.0.1:9?jwt_token=tok-2"
        with pytest.raises(api.SocketNotConnectedError):
            probe.emit_reading(api.Reading(value=1.0))
        with pytest.raises(ValueError, match=r"Socket\.IO base URL"):
            api.ProbeSocket("ftp://nowhere")
        assert "tok-2" not in repr(probe)
