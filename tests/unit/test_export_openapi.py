"""`python -m codegen export openapi`: valid OpenAPI 3.1 documents of the spec's REST routes.

Exported through the command line into tmp_path, validated with openapi-spec-validator,
then read for what they must say: paths, methods, parameters, bodies, wire names, auth,
answers. The spec's own wire examples must validate against the exported schemas.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate

from codegen import cli
from codegen.export.jsonschema import SchemaMapper
from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    Default,
    EnumSchema,
    Field,
    MapOf,
    Named,
    Nullable,
    ObjectSchema,
    Primitive,
)
from codegen.pipeline import build_apis
from tests.helpers import SPEC, api_yaml, write_spec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


def export(
    tmp_path: Path, api: str = "neurospeed", suffix: str = "json", spec: Path = SPEC
) -> Path:
    out = tmp_path / f"{api}-openapi.{suffix}"
    command = ["export", "openapi", "--spec", str(spec), "--api", api, "--out", str(out)]
    assert cli.main(command) == 0
    return out


def load(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    document: dict[str, Any] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return document


@pytest.fixture(scope="module")
def neurospeed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return load(export(tmp_path_factory.mktemp("ns")))


@pytest.fixture(scope="module")
def e4connect(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return load(export(tmp_path_factory.mktemp("e4"), "e4connect"))


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path][method]
    return found


@pytest.mark.parametrize("suffix", ["json", "yaml", "yml"])
@pytest.mark.parametrize("api", ["neurospeed", "e4connect"])
def test_exports_are_valid_openapi_3_1(
    tmp_path: Path, api: str, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(tmp_path, api, suffix)
    document = load(out)
    validate(document)
    assert document["openapi"] == "3.1.0"
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and str(out) in printed[0] and "openapi" in printed[0]
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir()), "temporary file left"


def test_json_and_yaml_say_the_same_and_exports_are_byte_identical(tmp_path: Path) -> None:
    first = export(tmp_path / "a", suffix="json")
    again = export(tmp_path / "b", suffix="json")
    as_yaml = export(tmp_path / "c", suffix="yaml")
    assert first.read_bytes() == again.read_bytes()
    assert as_yaml.read_bytes() == export(tmp_path / "d", suffix="yaml").read_bytes()
    assert load(first) == load(as_yaml)
    assert "&id" not in as_yaml.read_text("utf-8"), "YAML anchors confuse some tools"


def test_every_route_of_the_spec_is_there_once(neurospeed: dict[str, Any]) -> None:
    (api,) = [a for a in build_apis(SPEC) if a.name == "neurospeed"]
    expected = {
        (op.method.lower(), op.path, f"{op.tag}.{op.name}")
        for tag in api.tags
        for op in tag.operations
    }
    found = {
        (method, path, item["operationId"])
        for path, methods in neurospeed["paths"].items()
        for method, item in methods.items()
    }
    assert found == expected
    assert len(found) == 48
    assert list(neurospeed["paths"]) == sorted(neurospeed["paths"])
    assert [t["name"] for t in neurospeed["tags"]] == [t.name for t in api.tags]


def test_info_and_servers(neurospeed: dict[str, Any]) -> None:
    assert neurospeed["info"]["title"] == "NeuroSpeed.IO"
    assert neurospeed["info"]["version"] == "2.1.7"
    assert neurospeed["info"]["description"].startswith("Client for the NeuroSpeed.IO")
    servers = {s["url"]: s["description"] for s in neurospeed["servers"]}
    assert servers["https://api.neurospeed.io/api"].startswith("production:")
    assert servers["http://localhost:3000/api"].startswith("local:")


def test_recorder_routes(neurospeed: dict[str, Any]) -> None:
    get = operation(neurospeed, "get", "/gateway/recorder/{id}")
    assert get["operationId"] == "recorder.get"
    assert get["tags"] == ["recorder"]
    assert get["parameters"] == [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "description": "The recorder id.",
            "schema": {"type": "integer"},
        }
    ]
    assert get["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Recorder"
    }
    create = operation(neurospeed, "post", "/gateway/recorder")
    assert create["requestBody"] == {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/RecorderCreateRequest"}}
        },
    }
    assert "201" in create["responses"] and "200" not in create["responses"]
    update = operation(neurospeed, "put", "/gateway/recorder")
    assert list(update["requestBody"]["content"]) == ["application/x-www-form-urlencoded"]
    assert update["parameters"][0]["in"] == "query" and update["parameters"][0]["required"]


def test_errors_carry_the_error_body(neurospeed: dict[str, Any]) -> None:
    responses = operation(neurospeed, "get", "/gateway/recorder/{id}")["responses"]
    assert sorted(responses) == ["200", "400", "401", "403", "404", "4XX"]
    for code in ("400", "401", "403", "404", "4XX"):
        assert responses[code]["content"] == {"application/json": {"schema": ERROR_BODY}}
    assert "refresh" in responses["401"]["description"]
    error_body = neurospeed["components"]["schemas"]["ErrorBody"]
    assert error_body["properties"] == {"message": error_body["properties"]["message"]}
    current = operation(neurospeed, "get", "/customers/current")["responses"]
    assert "400" not in current and "404" not in current, "no input: nothing to refuse"


def test_bearer_auth_and_logins(neurospeed: dict[str, Any]) -> None:
    schemes = neurospeed["components"]["securitySchemes"]
    assert schemes["bearer"]["type"] == "http"
    assert schemes["bearer"]["scheme"] == "bearer"
    assert schemes["bearer"]["bearerFormat"] == "JWT"
    login = operation(neurospeed, "post", "/auth/login")
    assert login["security"] == []
    assert login["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TokenEnvelope"
    }
    assert "401" in login["responses"] and "403" not in login["responses"]
    assert operation(neurospeed, "post", "/users/login")["security"] == []
    assert operation(neurospeed, "get", "/customers/current")["security"] == [
        {"bearer": ["customer"]}
    ]
    either = operation(neurospeed, "get", "/customers/customers_access/get_insight_access")
    assert either["security"] == [{"bearer": ["customer"]}, {"bearer": ["user"]}]


def test_wire_names_encodings_and_defaults(neurospeed: dict[str, Any]) -> None:
    schemas = neurospeed["components"]["schemas"]
    token = schemas["Token"]
    assert list(token["properties"]) == ["accessToken", "refreshToken"]
    assert token["required"] == ["accessToken"]
    assert token["properties"]["accessToken"]["format"] == "password"
    assert "boundry" in schemas["AlltimeInsightsRequest"]["properties"]
    assert "firstName" in schemas["Customer"]["properties"]
    unlimited = schemas["RecorderCreateRequest"]["properties"]["unlimited"]
    assert unlimited["anyOf"] == [
        {"type": "string", "enum": ["true", "false"]},
        {"type": "boolean"},
    ]
    assert unlimited["default"] is True
    assert schemas["ExporterCreateRequest"]["properties"]["unlimited"]["type"] == "boolean"
    payload = schemas["SsrDownlinkRequest"]["properties"]["payload"]
    assert payload["type"] == "string"
    assert payload["contentMediaType"] == "application/json"
    assert schemas["Recorder"]["properties"]["minimum_timestamp"]["type"] == ["number", "null"]
    assert schemas["Recorder"]["properties"]["created_at"]["format"] == "date-time"
    assert schemas["CalendarRequest"]["properties"]["todays_date"]["format"] == "date"
    assert schemas["RecorderStatus"]["enum"][0] == "resource_pending"
    assert schemas["ListRequest"]["properties"]["filters"] == {
        "type": "object",
        "additionalProperties": {},
        "description": "Free-form filters, passed through as given; `{}` for none.",
    }
    assert schemas["ExporterConfig"]["properties"]["start_timestamp_mode"]["default"] == "start"
    assert "PipelinePacket" not in schemas, "socket-only schemas belong to the AsyncAPI export"
    query = operation(neurospeed, "get", "/users/settings/insights")["parameters"][0]
    assert query["schema"] == {"type": "integer"}, "a None parameter is left out, never null"


def test_e4connect_cookie_session_and_answers(e4connect: dict[str, Any]) -> None:
    assert e4connect["components"]["securitySchemes"] == {
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": "PHPSESSID",
            "description": (
                "The session cookie that account.authenticate sets; there is no refresh."
            ),
        }
    }
    login = operation(e4connect, "post", "/authenticate.php")
    assert login["security"] == []
    assert list(login["requestBody"]["content"]) == ["application/x-www-form-urlencoded"]
    assert login["responses"]["200"]["headers"]["Set-Cookie"]["required"] is True
    download = operation(e4connect, "get", "/download.php")
    assert download["security"] == [{"session": []}]
    assert download["responses"]["200"]["content"] == {
        "application/zip": {"schema": {"type": "string", "format": "binary"}}
    }
    page = operation(e4connect, "get", "/sessions.php")["responses"]["200"]["content"]
    assert page["text/html"]["schema"]["pattern"] == r"\buserId\s*=\s*([0-9]+)\s*;"
    listing = operation(e4connect, "get", "/connect.php/users/{user_id}/sessions")
    assert [(p["name"], p["schema"].get("default")) for p in listing["parameters"]] == [
        ("user_id", None),
        ("from", 0),
        ("to", 999999999999),
    ]
    assert listing["responses"]["401"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
    removal = operation(e4connect, "delete", "/connect.php/sessions/{id}")["responses"]["200"]
    assert "content" not in removal
    session_id = e4connect["components"]["schemas"]["Session"]["properties"]["id"]
    assert session_id["anyOf"] == [
        {"type": "string", "pattern": "^-?[0-9]+$"},
        {"type": "integer"},
    ]


@pytest.mark.parametrize(
    ("api", "fixture"),
    [("neurospeed", "wire_examples.json"), ("e4connect", "e4_wire_examples.json")],
)
def test_wire_examples_validate_against_the_exported_schemas(
    tmp_path: Path, api: str, fixture: str
) -> None:
    """What the SDK's round-trip tests take as real wire data, the schemas accept, but
    for enum values a newer server might send: the SDK keeps them as unknown members,
    while the documents list the values known today (what validators and fuzzers need)."""
    (ir,) = [a for a in build_apis(SPEC) if a.name == api]
    components = {"schemas": SchemaMapper(ir).components(s.name for s in ir.schemas)}
    examples = json.loads((FIXTURES / fixture).read_text("utf-8"))
    checked, unknown_members = 0, []
    for name, values in examples.items():
        schema = {"components": components, "$ref": f"#/components/schemas/{name}"}
        validator = jsonschema.Draft202012Validator(schema)
        for value in values:
            for error in validator.iter_errors(value):
                assert error.validator == "enum", (name, error.message)
                unknown_members.append(error.instance)
            checked += 1
    assert checked >= len(examples)
    assert len(unknown_members) <= 2, unknown_members


def test_unknown_api_exits_2_naming_the_apis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.json"
    code = cli.main(["export", "openapi", "--spec", str(SPEC), "--api", "nope", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "'nope'" in err and "e4connect, neurospeed" in err
    assert not out.exists()


def test_default_api_is_neurospeed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SPEC.parent)
    out = tmp_path / "default.yaml"
    assert cli.main(["export", "openapi", "--out", str(out)]) == 0
    assert load(out)["info"]["title"] == "NeuroSpeed.IO"


def test_unknown_suffix_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "openapi.txt"
    assert cli.main(["export", "openapi", "--spec", str(SPEC), "--out", str(out)]) == 2
    assert ".json" in capsys.readouterr().err
    assert not out.exists()


def test_invalid_spec_exits_2_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = """
        routes:
          things:
            operations:
              get:
                method: GET
                path: /things
                auth: none
                response: {$ref: "#/schemas/Missing"}
    """
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api"), "routes.yaml": broken})
    out = tmp_path / "demo.json"
    code = cli.main(["export", "openapi", "--spec", str(spec), "--api", "demo", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "spec/demo/routes.yaml:" in err and "error(s) in the spec" in err
    assert not out.exists()


def test_an_api_without_routes_has_nothing_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api")})
    out = tmp_path / "demo.json"
    code = cli.main(["export", "openapi", "--spec", str(spec), "--api", "demo", "--out", str(out)])
    assert code == 2
    assert "no REST routes" in capsys.readouterr().err
    assert not out.exists()


def test_a_cookie_session_must_name_its_cookie_to_be_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = """
    auth: {kind: cookie, login: account.login}
    routes:
      account:
        operations:
          login: {method: POST, path: /login, auth: none, status: 204}
          me: {method: GET, path: /me, auth: user, response: {type: string}}
    """
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=extra)})
    out = tmp_path / "demo.json"
    args = ["export", "openapi", "--spec", str(spec), "--api", "demo", "--out", str(out)]
    assert cli.main(args) == 2
    assert "add `cookie: NAME`" in capsys.readouterr().err
    assert not out.exists()
    named = extra.replace("login: account.login}", "login: account.login, cookie: SID}")
    write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=named)})
    assert cli.main(args) == 0
    document = json.loads(out.read_text())
    assert document["components"]["securitySchemes"]["session"]["name"] == "SID"
    assert "204" in document["paths"]["/login"]["post"]["responses"]


# -- the JSON Schema mapping on its own ------------------------------------------------


def small_api() -> Api:
    fields = (
        Field("ref", "ref", Nullable(Named("Color")), required=True, description="A color."),
        Field("anything", "anything", Nullable(Primitive("any")), required=False),
        Field("tags", "tags", ArrayOf(Primitive("string")), False, Default([])),
        Field("counts", "counts", MapOf(Primitive("integer")), required=False),
        Field("ratio", "ratio", Primitive("number"), False, encoding="string"),
        Field("blob", "blob", Named("Blob"), False, encoding="json-text"),
        Field("plain", "plain", Named("Color"), False, description="Described."),
    )
    schemas = (
        ObjectSchema("Thing", "spec/x/api.yaml", fields, "A thing."),
        EnumSchema("Color", "spec/x/api.yaml", "integer", (1, 2)),
        AliasSchema("Blob", "spec/x/api.yaml", MapOf(Primitive("any")), "Free-form."),
    )
    return Api("x", "X", "1", "x_api", None, (), schemas, (), "0" * 64)


def test_mapping_of_nullable_refs_maps_encodings_and_draft7_siblings() -> None:
    api = small_api()
    thing = SchemaMapper(api).named_schema(api.schema("Thing"))
    properties = thing["properties"]
    assert properties["ref"] == {
        "anyOf": [{"$ref": "#/components/schemas/Color"}, {"type": "null"}],
        "description": "A color.",
    }
    assert properties["anything"] == {}
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}, "default": []}
    assert properties["counts"] == {"type": "object", "additionalProperties": {"type": "integer"}}
    assert properties["ratio"]["anyOf"][1] == {"type": "number"}
    assert properties["blob"] == {
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": {"$ref": "#/components/schemas/Blob"},
    }
    assert properties["plain"] == {
        "$ref": "#/components/schemas/Color",
        "description": "Described.",
    }
    assert thing["required"] == ["ref"]
    draft7 = SchemaMapper(api, ref_siblings=False).named_schema(api.schema("Thing"))
    assert draft7["properties"]["plain"] == {
        "allOf": [{"$ref": "#/components/schemas/Color"}],
        "description": "Described.",
    }
    assert SchemaMapper(api).named_schema(api.schema("Color")) == {
        "type": "integer",
        "enum": [1, 2],
    }
    assert SchemaMapper(api).components(["Thing"]).keys() == {"Blob", "Color", "Thing"}
    for number in ("12", "-3.5", "1e6"):
        jsonschema.validate(number, properties["ratio"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("twelve", properties["ratio"])
