"""The IR built from small inline specs: names, wire names, types, defaults, sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    Default,
    EnumSchema,
    MapOf,
    Named,
    Nullable,
    ObjectSchema,
    Primitive,
)
from codegen.pipeline import build_apis, targets
from tests.helpers import api_yaml, write_spec

SPEC = {
    "api.yaml": api_yaml(
        "demo_api",
        extra="""
        servers:
          local: {http: "http://localhost:3000/api", socket: "ws://localhost:3000"}
        """,
    ),
    "schemas/things.yaml": """
        schemas:
          Status:
            type: string
            description: Where a thing is.
            enum: [new, done]
          Thing:
            type: object
            required: [id, token, owner]
            properties:
              id: {type: integer}
              token: {type: string, wire: accessToken, secret: true}
              owner: {type: string, nullable: true}
              status: {$ref: "#/schemas/Status", default: new}
              tags: {type: array, items: {type: string}, default: []}
              created: {type: string, format: date-time, wire: createdAt}
              day: {type: string, format: date}
              unlimited: {type: boolean, encoding: string, default: true}
              payload: {type: any, encoding: json-text}
              parts: {$ref: "other.yaml#/schemas/Parts"}
    """,
    "schemas/other.yaml": """
        schemas:
          Part:
            type: object
            properties:
              weight: {type: number}
          Parts:
            type: map
            values: {type: array, items: {$ref: "#/schemas/Part"}}
    """,
}


@pytest.fixture
def api(tmp_path: Path) -> Api:
    (api,) = build_apis(write_spec(tmp_path, SPEC), targets()["python"])
    return api


def test_api_info_and_servers(api: Api) -> None:
    assert (api.name, api.title, api.version, api.package) == ("demo", "Demo", "1.0", "demo_api")
    (server,) = api.servers
    assert (server.name, server.http, server.socket) == (
        "local",
        "http://localhost:3000/api",
        "ws://localhost:3000",
    )
    assert api.sources == (
        "spec/demo/api.yaml",
        "spec/demo/schemas/other.yaml",
        "spec/demo/schemas/things.yaml",
    )
    assert len(api.sha256) == 64


def test_schemas_keep_file_then_declaration_order_and_kinds(api: Api) -> None:
    assert [(s.name, type(s)) for s in api.schemas] == [
        ("Part", ObjectSchema),
        ("Parts", AliasSchema),
        ("Status", EnumSchema),
        ("Thing", ObjectSchema),
    ]
    status = api.schema("Status")
    assert status.values == ("new", "done") and status.base == "string"
    assert status.description == "Where a thing is."
    assert api.schema("Parts").type == MapOf(ArrayOf(Named("Part")))


def test_fields_carry_wire_names_types_defaults_and_quirks(api: Api) -> None:
    fields = {f.name: f for f in api.schema("Thing").fields}
    assert fields["token"].wire_name == "accessToken" and fields["token"].secret
    assert fields["id"].wire_name == "id" and fields["id"].type == Primitive("integer")
    assert fields["owner"].type == Nullable(Primitive("string")) and fields["owner"].required
    assert not fields["owner"].omitted_when_none  # required nullable travels as null
    assert fields["status"].default == Default("new") and not fields["status"].omitted_when_none
    assert fields["tags"].type == ArrayOf(Primitive("string"))
    assert fields["created"].type == Primitive("date-time")
    assert fields["day"].type == Primitive("date") and fields["day"].omitted_when_none
    assert fields["unlimited"].encoding == "string"
    assert fields["payload"].encoding == "json-text"
    assert fields["parts"].type == Named("Parts")
    assert api.resolve(fields["parts"].type) == MapOf(ArrayOf(Named("Part")))


def test_ir_is_frozen(api: Api) -> None:
    with pytest.raises(AttributeError):
        api.name = "other"
