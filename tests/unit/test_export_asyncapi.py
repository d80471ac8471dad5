"""`python -m codegen export asyncapi`: a valid AsyncAPI 3.0 document of the Socket.IO channels.

Validated by @asyncapi/parser under Node (tests/node/validate_asyncapi.cjs fails on any
diagnostic of severity error), which is shown to refuse a broken document too; then read
for what it must say: addresses, connect headers and queries, messages, directions, the
automatic `pong`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from codegen import cli
from tests.helpers import SPEC
from tests.node_tools import ASYNCAPI_PARSER, node_or_skip, node_packages, node_path_env

VALIDATOR = Path(__file__).resolve().parent.parent / "node" / "validate_asyncapi.cjs"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NODE_TIMEOUT = 120.0
"""Seconds one validation may take (a bounded wait)."""
CHANNELS = [
    "customer_room",
    "downlink_room_as_customer",
    "downlink_room_as_user",
    "hia",
    "user_room_as_customer",
    "user_room_as_user",
]


def export(tmp_path: Path, suffix: str = "yaml", api: str = "neurospeed") -> Path:
    out = tmp_path / f"{api}-asyncapi.{suffix}"
    command = ["export", "asyncapi", "--spec", str(SPEC), "--api", api, "--out", str(out)]
    assert cli.main(command) == 0
    return out


def parse(document: Path) -> tuple[int, dict[str, Any], str]:
    """Run the Node validator: (exit code, its JSON report, stderr)."""
    node = node_or_skip()
    folder = node_packages(ASYNCAPI_PARSER)
    done = subprocess.run(
        [node, str(VALIDATOR), str(document)],
        cwd=folder,
        env=node_path_env(folder),
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    return done.returncode, report, done.stderr


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(export(tmp_path_factory.mktemp("async")).read_text())
    return loaded


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_the_parser_accepts_the_export(tmp_path: Path, suffix: str) -> None:
    code, report, stderr = parse(export(tmp_path, suffix))
    assert code == 0, (report, stderr)
    assert report["errors"] == []
    assert report["warnings"] == 0, report["warningMessages"]
    assert report["channels"] == CHANNELS
    assert report["operations"] == 14
    assert report["replies"] == ["hia.on_ping"]


def test_the_parser_refuses_a_broken_document(tmp_path: Path) -> None:
    """The check can fail: an operation on a channel that does not exist is an error."""
    broken = yaml.safe_load(export(tmp_path).read_text())
    broken["operations"]["hia.emit_pipeline"]["channel"] = {"$ref": "#/channels/nowhere"}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    code, report, stderr = parse(path)
    assert code == 1, (report, stderr)
    assert any("nowhere" in error["message"] for error in report["errors"]), report


def test_exports_are_byte_identical(tmp_path: Path) -> None:
    first = export(tmp_path / "a").read_bytes()
    assert first == export(tmp_path / "b").read_bytes()
    assert b"&id" not in first


def test_servers_are_the_socket_urls(document: dict[str, Any]) -> None:
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] == "NeuroSpeed.IO"
    assert "Socket.IO protocol 5" in document["info"]["description"]
    assert document["servers"]["production"] == {
        "host": "api.neurospeed.io",
        "protocol": "wss",
        "title": "production",
        "description": "The NeuroSpeed.IO production cloud.",
    }
    assert document["servers"]["local"]["protocol"] == "ws"
    assert document["servers"]["local"]["host"] == "localhost:3000"


def test_hia_channel(document: dict[str, Any]) -> None:
    hia = document["channels"]["hia"]
    assert hia["address"] == "/hia"
    assert "user token" in hia["description"]
    assert sorted(hia["messages"]) == sorted(
        ["pipeline", "pong", "ping", "ssr_stream_state", "ssr_downlink", "pipeline_error"]
    )
    assert hia["messages"]["pipeline"]["payload"] == {"$ref": "#/components/schemas/PipelinePacket"}
    assert "payload" not in hia["messages"]["ping"], "ping carries nothing"
    headers = hia["bindings"]["ws"]["headers"]
    assert headers["type"] == "object"
    assert headers["required"] == [
        "jwt_token",
        "jwt_refresh_token",
        "hia_id",
        "sensors_info",
        "current_local_time",
        "local_timezone",
    ]
    sensors = headers["properties"]["sensors_info"]
    assert sensors["type"] == "string"
    assert sensors["contentMediaType"] == "application/json"
    assert sensors["contentSchema"] == {"$ref": "#/components/schemas/SensorsInfo"}
    assert headers["properties"]["current_local_time"]["type"] == "integer"
    assert "query" not in hia["bindings"]["ws"]


def test_room_queries_and_operations(document: dict[str, Any]) -> None:
    room = document["channels"]["user_room_as_customer"]["bindings"]["ws"]
    assert list(room["query"]["properties"]) == ["jwt_token", "username"]
    assert "headers" not in room
    operations = document["operations"]
    assert operations["hia.emit_pipeline"]["action"] == "send"
    assert operations["hia.emit_pipeline"]["channel"] == {"$ref": "#/channels/hia"}
    assert operations["hia.emit_pipeline"]["messages"] == [
        {"$ref": "#/channels/hia/messages/pipeline"}
    ]
    ping = operations["hia.on_ping"]
    assert ping["action"] == "receive"
    assert ping["reply"] == {
        "channel": {"$ref": "#/channels/hia"},
        "messages": [{"$ref": "#/channels/hia/messages/pong"}],
    }
    assert operations["downlink_room_as_user.on_downlink"]["action"] == "receive"
    assert operations["downlink_room_as_customer.emit_router"]["action"] == "send"
    assert sorted(operations) == sorted(
        [
            "hia.emit_pipeline",
            "hia.emit_pong",
            "hia.on_ping",
            "hia.on_ssr_stream_state",
            "hia.on_ssr_downlink",
            "hia.on_pipeline_error",
            "user_room_as_user.on_data",
            "user_room_as_user.on_events",
            "user_room_as_customer.on_data",
            "user_room_as_customer.on_events",
            "customer_room.on_hia_events",
            "downlink_room_as_user.emit_router",
            "downlink_room_as_user.on_downlink",
            "downlink_room_as_customer.emit_router",
        ]
    )


def test_tokens_are_api_key_schemes(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["jwt_token_header"] == {
        "type": "httpApiKey",
        "name": "jwt_token",
        "in": "header",
        "description": schemes["jwt_token_header"]["description"],
    }
    assert schemes["jwt_token_query"]["in"] == "query"
    assert document["operations"]["hia.emit_pipeline"]["security"] == [
        {"$ref": "#/components/securitySchemes/jwt_token_header"},
        {"$ref": "#/components/securitySchemes/jwt_refresh_token_header"},
    ]


def test_payload_schemas_take_the_wire_examples(document: dict[str, Any]) -> None:
    """Socket payloads of the SDK's wire examples validate (JSON Schema draft 7, as
    AsyncAPI schemas are), the upstream packet's `data` as JSON text."""
    schemas = document["components"]["schemas"]
    examples = json.loads((FIXTURES / "wire_examples.json").read_text("utf-8"))
    names = [
        n for n in ("PipelinePacket", "DataPacket", "DeviceEvent", "SensorsInfo") if n in examples
    ]
    assert "PipelinePacket" in names
    data = schemas["PipelinePacket"]["properties"]["data"]
    assert data["type"] == "string"
    assert data["contentSchema"] == {"$ref": "#/components/schemas/SampleBlock"}
    for name in names:
        schema = {"components": {"schemas": schemas}, "$ref": f"#/components/schemas/{name}"}
        validator = jsonschema.Draft7Validator(schema)
        for value in examples[name]:
            assert [e.message for e in validator.iter_errors(value)] == [], (name, value)


def test_an_api_without_channels_has_nothing_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "e4.yaml"
    command = ["export", "asyncapi", "--spec", str(SPEC), "--api", "e4connect", "--out", str(out)]
    assert cli.main(command) == 2
    assert "no Socket.IO channels" in capsys.readouterr().err
    assert not out.exists()
