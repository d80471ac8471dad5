"""The TypeScript target on small spec fragments: names, layout, escaping, reserved names.

Compiling the output and running it under Node is in tests/e2e/test_typescript_*.py.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codegen.errors import SpecInvalid
from codegen.pipeline import build_apis, plan, targets
from codegen.targets.typescript import layout
from codegen.targets.typescript.filters import jsdoc
from codegen.targets.typescript.naming import local_name, property_name, type_name
from tests.helpers import api_yaml, write_spec

FRAGMENT = """
servers:
  local: {http: "http://127.0.0.1:9/api"}
auth: {header: Authorization, scheme: Bearer, access_token: token}
schemas:
  Level:
    type: string
    enum: [low, "say \\"hi\\"", 3-high]
    description: "Levels */ alert('escaped');"
  Reading:
    type: object
    required: [sensor_id, level]
    properties:
      sensor_id: {type: string, wire: sensor-id}
      level: {$ref: "#/schemas/Level"}
      note: {type: string, nullable: true}
      tags: {type: array, items: {type: string}, default: []}
      extra: {type: any, encoding: json-text}
      unlimited: {type: boolean, encoding: string, default: true}
  Login:
    type: object
    required: [token]
    properties:
      token: {type: string, secret: true}
routes:
  readings:
    operations:
      delete:
        method: DELETE
        path: /readings/{id}
        auth: user
        parameters:
          id: {in: path, type: integer, required: true}
      list:
        method: GET
        path: /readings
        auth: user
        parameters:
          from: {in: query, type: integer, default: 0}
          ids: {in: query, type: array, items: {type: integer}}
          filter: {in: header, type: any}
        response: {type: array, items: {$ref: "#/schemas/Reading"}}
"""


def _files(tmp_path: Path, extra: str = FRAGMENT) -> dict[str, str]:
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=extra)})
    _, files = plan(spec, targets()["typescript"])
    return {f.path: f.text for f in files}


def test_the_package_layout(tmp_path: Path) -> None:
    files = _files(tmp_path)
    root = "typescript/demo-api"
    assert set(files) >= {
        f"{root}/package.json",
        f"{root}/tsconfig.json",
        f"{root}/src/index.ts",
        f"{root}/src/models.ts",
        f"{root}/src/client.ts",
        f"{root}/src/api/readings.ts",
        f"{root}/src/runtime/decode.ts",
        f"{root}/src/runtime/http.ts",
    }
    assert not any("/sockets" in path for path in files), "no channels, no socket runtime"
    assert all(text.startswith("// DO NOT EDIT") for p, text in files.items() if p.endswith(".ts"))


def test_models_use_wire_names_defaults_encodings_and_open_enums(tmp_path: Path) -> None:
    models = _files(tmp_path)["typescript/demo-api/src/models.ts"]
    assert "readonly sensorId: string;" in models
    assert 'sensorId: r.required("sensor-id", decodeString),' in models
    assert "readonly note?: string | null;" in models
    assert 'tags: r.optional("tags", arrayOf(decodeString), []),' in models
    assert 'extra: r.optional("extra", nullable(jsonText(decodeJson))),' in models
    assert 'unlimited: r.optional("unlimited", fromText(decodeBoolean), true),' in models
    assert (
        'out["unlimited"] = encodeText(value.unlimited === undefined ? true : value.unlimited);'
        in models
    )
    assert 'token: r.required("token", secret(decodeString)),' in models
    assert 'export type Level = "low" | "say \\"hi\\"" | "3-high" | (string & {});' in models
    assert '  V_3_HIGH: "3-high",' in models and '  SAY_HI: "say \\"hi\\"",' in models


def test_spec_text_cannot_close_a_comment(tmp_path: Path) -> None:
    models = _files(tmp_path)["typescript/demo-api/src/models.ts"]
    assert "Levels *\\/ alert('escaped');" in models
    assert "Levels */" not in models


def test_methods_take_reserved_words_safely(tmp_path: Path) -> None:
    api = _files(tmp_path)["typescript/demo-api/src/api/readings.ts"]
    assert "async delete(args: { readonly id: number }): Promise<void> {" in api
    assert "readonly ids?: ReadonlyArray<number>;" in api
    assert "query: { from: args.from ?? 0, ids: args.ids }" in api
    assert "filter: args.filter === undefined ? undefined : JSON.stringify(" in api


def test_spec_titles_cannot_close_a_comment(tmp_path: Path) -> None:
    head = "api: {name: demo, title: 'NS */ throw 1; /*', version: '1.0', package: demo_api}\n"
    spec = write_spec(tmp_path, {"api.yaml": head + textwrap.dedent(FRAGMENT).lstrip("\n")})
    _, files = plan(spec, targets()["typescript"])
    client = next(f.text for f in files if f.path.endswith("src/client.ts"))
    assert "NS *\\/ throw 1; /*" in client
    assert "NS */" not in client


def test_schema_names_the_typescript_package_uses_are_refused(tmp_path: Path) -> None:
    extra = """
    schemas:
      Error:
        type: object
        properties:
          message: {type: string}
    """
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=extra)})
    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec)
    (error,) = caught.value.errors
    assert "reserved" in str(error) and "api.yaml:" in str(error)
    assert build_apis(spec, targets()["python"]), "Python alone has no use for the name"


def test_names() -> None:
    assert property_name("recorder_name") == "recorderName"
    assert property_name("accessToken") == "accessToken"
    assert local_name("delete") == "delete_"
    assert local_name("user_id") == "userId"
    assert type_name("EEGBand") == "EEGBand"
    assert type_name("device_event") == "DeviceEvent"


def test_jsdoc() -> None:
    assert jsdoc(None) == "" and jsdoc("  ") == ""
    assert jsdoc("One line.") == "/** One line. */\n"
    assert jsdoc("bad\x00char */ end", 2) == "/** badchar *\\/ end */\n  "
    long = jsdoc("word " * 40, 2)
    assert long.startswith("/**\n   * word") and long.endswith("\n   */\n  ")
    assert all(len(line) <= 100 for line in long.splitlines())


def test_layout_breaks_only_what_is_too_long() -> None:
    assert layout.call("return ", "f", ["a", "b"], 4) == "return f(a, b);"
    long = layout.call("return ", "f", ["x" * 50, "y" * 50], 4)
    assert long == f"return f(\n      {'x' * 50},\n      {'y' * 50},\n    );"
    assert layout.obj(["a: 1"], 0) == "{ a: 1 }"
    assert layout.obj([], 0) == "{}"
    assert layout.obj(["a: 1"], 0, 99) == "{\n  a: 1,\n}"
    assert layout.union("export type A =", ['"x"', '"y"']) == 'export type A = "x" | "y";'
    assert layout.union("export type A =", ['"x"' * 40, '"y"']).count("\n  | ") == 2
    assert layout.key("ok_name") == "ok_name" and layout.key("sensor-id") == '"sensor-id"'
    assert layout.statement("if (a) b = c;", 2) == "if (a) b = c;"
    wrapped = layout.statement('if (value.x != null) out["x"] = ' + "f" * 90 + ";", 2)
    assert wrapped.startswith("if (value.x != null) {\n    out") and wrapped.endswith("\n  }")
    assert (
        layout.signature("function f", ["a: string"], ": void {") == "function f(a: string): void {"
    )
