"""Broken specs: every error is reported, together, at `path:line:col: message`.

Each case writes a small spec into tmp_path and names the errors it must produce: the file
(relative to the spec folder), the 1-based line and column the error points at, and a
distinctive part of the message. Lines count from the first line of the file as written
(`api_yaml` puts the `api:` line first, so an `extra` section starts on line 2).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from codegen import cli
from codegen.errors import SpecError, SpecInvalid
from codegen.ir.model import ObjectSchema
from codegen.pipeline import build_apis, plan, targets
from codegen.targets.python.naming import attribute_name
from tests.helpers import api_yaml, write_spec

API = api_yaml("demo_api")  # line 1 of api.yaml
LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


class Expected(NamedTuple):
    file: str  # relative to the spec folder: "demo/api.yaml", "demo", "" (the folder itself)
    line: int
    column: int
    text: str  # a distinctive part of the message


class Case(NamedTuple):
    files: dict[str, str | bytes] | None  # None: no spec folder at all
    errors: list[Expected]


def api(extra: str) -> dict[str, str | bytes]:
    """A one-file spec: the api line, then `extra` (which starts on line 2)."""
    return {"api.yaml": api_yaml("demo_api", extra=extra)}


COOKIE_AUTH = textwrap.dedent("""
    auth:
      kind: cookie
      login: account.login
    schemas:
      Form:
        type: object
        required: [user]
        properties:
          user: {type: string}
    """).lstrip("\n")
"""A cookie-session API whose routes (below) need a login operation."""


def cookie_api(routes: str) -> dict[str, str | bytes]:
    """`api()` with COOKIE_AUTH first, then `routes` (COOKIE_AUTH takes lines 2 to 11)."""
    return api(COOKIE_AUTH + textwrap.dedent(routes).lstrip("\n"))


CASES: dict[str, Case] = {
    # -- reading the files -------------------------------------------------------------
    "yaml-syntax": Case(
        api("""
            schemas:
              Sensor: type: string
            """),
        [Expected("demo/api.yaml", 3, 15, "YAML: mapping values are not allowed")],
    ),
    "yaml-unclosed-flow-mapping": Case(
        api("""
            schemas:
              Sensor: {type: string
            """),
        # the parser notices at the end of the file, and names where the mapping began
        [Expected("demo/api.yaml", 4, 1, "flow mapping at line 3, column 11")],
    ),
    "yaml-tab-indent": Case(
        api("schemas:\n\tSensor: {type: string}\n"),
        [Expected("demo/api.yaml", 3, 1, "YAML: found character that cannot start any token")],
    ),
    "yaml-control-character": Case(
        api('schemas:\n  Sensor: {type: string, description: "bad\x07"}\n'),
        [Expected("demo/api.yaml", 3, 43, "character U+0007 is not allowed")],
    ),
    "yaml-two-documents": Case(
        api("---\nschemas: {}\n"),
        [Expected("demo/api.yaml", 2, 1, "YAML: but found another document")],
    ),
    "yaml-duplicate-keys": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  id: {type: integer}
                  id: {type: string}
              Sensor: {type: string}
            """),
        [
            Expected("demo/api.yaml", 7, 7, "duplicate key 'id'"),
            Expected("demo/api.yaml", 8, 3, "duplicate key 'Sensor'"),
        ],
    ),
    "yaml-merge-key": Case(
        api("""
            schemas:
              Base: &base {type: string}
              Sensor:
                <<: *base
            """),
        [Expected("demo/api.yaml", 5, 5, "merge keys ('<<') are not supported")],
    ),
    "yaml-unknown-tag": Case(
        api("""
            schemas:
              Sensor: {type: !!python/name:os.system string}
            """),
        [Expected("demo/api.yaml", 3, 18, "tag 'tag:yaml.org,2002:python/name:os.system'")],
    ),
    "empty-file": Case({"api.yaml": ""}, [Expected("demo/api.yaml", 1, 1, "file is empty")]),
    "only-comments": Case(
        {"api.yaml": "# nothing yet\n"}, [Expected("demo/api.yaml", 1, 1, "file is empty")]
    ),
    "not-utf8": Case(
        {"api.yaml": API.encode() + b"# caf\xe9 au lait\n"},
        [Expected("demo/api.yaml", 2, 6, "file is not UTF-8 (byte 0xe9)")],
    ),
    "file-not-a-mapping": Case(
        {"api.yaml": "- api\n- schemas\n"},
        [Expected("demo/api.yaml", 1, 1, "the file must be a mapping, not a list")],
    ),
    "missing-spec-folder": Case(None, [Expected("", 1, 1, "spec folder not found")]),
    "no-api-folder": Case({}, [Expected("", 1, 1, "spec folder holds no API folder")]),
    "no-api-yaml": Case(
        {"schemas.yaml": "schemas:\n  Sensor: {type: string}\n"},
        [Expected("demo", 1, 1, "API folder has no api.yaml")],
    ),
    "yml-extension": Case(
        {"api.yaml": API, "schemas/sensor.yml": "schemas:\n  Sensor: {type: string}\n"},
        [Expected("demo/schemas/sensor.yml", 1, 1, "spec files end in .yaml")],
    ),
    # -- sections ------------------------------------------------------------------------
    "api-section-missing": Case(
        {"api.yaml": "schemas:\n  Sensor: {type: string}\n"},
        [Expected("demo/api.yaml", 1, 1, "api.yaml needs an 'api' section")],
    ),
    "api-name-not-folder": Case(
        {"api.yaml": api_yaml("demo_api", name="other")},
        [Expected("demo/api.yaml", 1, 13, "api.name is 'other' but the folder is 'demo'")],
    ),
    "api-key-missing": Case(
        {"api.yaml": "api: {name: demo, title: Demo, version: '1.0'}\n"},
        [Expected("demo/api.yaml", 1, 6, "'package' is a required property in api")],
    ),
    "servers-outside-api-yaml": Case(
        {"api.yaml": API, "more.yaml": "servers:\n  local: {http: 'http://localhost'}\n"},
        [Expected("demo/more.yaml", 1, 1, "'servers' belongs in api.yaml")],
    ),
    "unknown-section": Case(
        api("webhooks: {}\n"),
        [Expected("demo/api.yaml", 2, 1, "unknown key 'webhooks' (allowed: api, auth, channels")],
    ),
    # -- unknown keys and wrong value types ---------------------------------------------
    "unknown-key-in-schema": Case(
        api("""
            schemas:
              Sensor:
                type: object
                propertys: {}
                requird: []
            """),
        [
            Expected("demo/api.yaml", 5, 5, "unknown key 'propertys' in schemas.Sensor; did you"),
            Expected("demo/api.yaml", 6, 5, "unknown key 'requird' in schemas.Sensor; did you"),
        ],
    ),
    "unknown-key-in-field": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  id: {type: string, wires: sensorId}
            """),
        [Expected("demo/api.yaml", 6, 26, "unknown key 'wires' in schemas.Sensor.properties.id")],
    ),
    "required-not-a-list": Case(
        api("""
            schemas:
              Sensor:
                type: object
                required: name
                properties:
                  name: {type: string}
            """),
        [
            Expected(
                "demo/api.yaml", 5, 15, "'schemas.Sensor.required' must be a list, not a string"
            )
        ],
    ),
    "nullable-not-a-boolean": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  name: {type: string, nullable: "yes"}
            """),
        [
            Expected(
                "demo/api.yaml", 6, 38, "must be a boolean (true or false), not a string ('yes')"
            )
        ],
    ),
    "unknown-type": Case(
        api("schemas:\n  Sensor: {type: str}\n"),
        [Expected("demo/api.yaml", 3, 18, "'schemas.Sensor.type' is 'str'; expected one of")],
    ),
    "schema-not-a-mapping": Case(
        api("schemas:\n  Sensor:\n"),
        [Expected("demo/api.yaml", 3, 10, "'schemas.Sensor' must be a mapping, not null")],
    ),
    "invalid-schema-name": Case(
        api("schemas:\n  sensor-info: {type: string}\n"),
        [Expected("demo/api.yaml", 3, 3, "invalid schema name 'sensor-info'")],
    ),
    "malformed-ref": Case(
        api("schemas:\n  Sensor: {$ref: Other}\n"),
        [Expected("demo/api.yaml", 3, 18, "invalid $ref 'Other' (expected '#/schemas/Name'")],
    ),
    # -- $ref ----------------------------------------------------------------------------
    "ref-missing-name": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  band: {$ref: "#/schemas/Band"}
            """),
        [Expected("demo/api.yaml", 6, 20, "schema 'Band' is not declared anywhere")],
    ),
    "ref-missing-file": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  band: {$ref: "bands.yaml#/schemas/Band"}
            """),
        [Expected("demo/api.yaml", 6, 20, "no spec file spec/demo/bands.yaml in this API")],
    ),
    "ref-missing-name-in-other-file": Case(
        {
            "api.yaml": API,
            "schemas/sensor.yaml": """
                schemas:
                  Sensor:
                    type: array
                    items: {$ref: "bands.yaml#/schemas/Bnad"}
                """,
            "schemas/bands.yaml": "schemas:\n  Band: {type: string}\n",
        },
        [Expected("demo/schemas/sensor.yaml", 4, 19, "schema 'Bnad' is not declared anywhere")],
    ),
    "ref-name-in-another-file": Case(
        {
            "api.yaml": API,
            "schemas/sensor.yaml": """
                schemas:
                  Sensor: {type: map, values: {$ref: "#/schemas/Band"}}
                """,
            "schemas/bands.yaml": "schemas:\n  Band: {type: string}\n",
        },
        [
            Expected(
                "demo/schemas/sensor.yaml",
                2,
                38,
                "schema 'Band' is declared in spec/demo/schemas/bands.yaml, "
                "not spec/demo/schemas/sensor.yaml",
            )
        ],
    ),
    "ref-cycle-of-aliases": Case(
        api("""
            schemas:
              A: {$ref: "#/schemas/B"}
              B: {type: array, items: {$ref: "#/schemas/A"}}
            """),
        [Expected("demo/api.yaml", 3, 3, "$ref cycle: A -> B -> A")],
    ),
    "ref-cycle-of-required-objects": Case(
        {
            "api.yaml": API,
            "schemas/a.yaml": """
                schemas:
                  Device:
                    type: object
                    required: [owner]
                    properties:
                      owner: {$ref: "b.yaml#/schemas/User"}
                """,
            "schemas/b.yaml": """
                schemas:
                  User:
                    type: object
                    required: [device]
                    properties:
                      device: {$ref: "a.yaml#/schemas/Device"}
                """,
        },
        [Expected("demo/schemas/a.yaml", 2, 3, "$ref cycle: Device -> User -> Device")],
    ),
    "type-and-ref": Case(
        api("""
            schemas:
              Band: {type: string}
              Sensor: {type: string, $ref: "#/schemas/Band"}
            """),
        [Expected("demo/api.yaml", 4, 26, "either 'type' or '$ref', not both")],
    ),
    "neither-type-nor-ref": Case(
        api("schemas:\n  Sensor: {description: A sensor.}\n"),
        [Expected("demo/api.yaml", 3, 3, "schema needs 'type' or '$ref'")],
    ),
    # -- names ---------------------------------------------------------------------------
    "duplicate-schema-name": Case(
        {
            "api.yaml": api_yaml("demo_api", extra="schemas:\n  Sensor: {type: string}\n"),
            "schemas/sensor.yaml": "schemas:\n  Band: {type: string}\n  Sensor: {type: any}\n",
        },
        [
            Expected(
                "demo/schemas/sensor.yaml",
                3,
                3,
                "duplicate schema name 'Sensor' (first declared at ",
            )
        ],
    ),
    "schema-names-equal-in-snake-case": Case(
        api("""
            schemas:
              SensorInfo: {type: string}
              Sensor_Info: {type: integer}
            """),
        [Expected("demo/api.yaml", 4, 3, "'Sensor_Info' clashes with 'SensorInfo'")],
    ),
    "field-names-equal-in-snake-case": Case(
        api("""
            schemas:
              User:
                type: object
                properties:
                  firstName: {type: string}
                  first_name: {type: string}
            """),
        [Expected("demo/api.yaml", 7, 7, "field 'first_name' clashes with 'firstName'")],
    ),
    "field-name-without-a-letter": Case(
        api("""
            schemas:
              User:
                type: object
                properties:
                  _1st: {type: string}
            """),
        [Expected("demo/api.yaml", 6, 7, "field name '_1st' must start with a letter")],
    ),
    "schema-name-reserved-by-target": Case(
        api("schemas:\n  DecodeError: {type: string}\n"),
        [Expected("demo/api.yaml", 3, 3, "schema name 'DecodeError' is reserved")],
    ),
    # -- defaults ------------------------------------------------------------------------
    "default-of-wrong-type": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  rate: {type: integer, default: fast}
            """),
        [Expected("demo/api.yaml", 6, 38, "invalid default: 'fast' is not an integer")],
    ),
    "default-on-required-field": Case(
        api("""
            schemas:
              Sensor:
                type: object
                required: [rate]
                properties:
                  rate: {type: integer, default: 256}
            """),
        [Expected("demo/api.yaml", 7, 29, "a required field has no default")],
    ),
    "default-non-empty-list": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  tags: {type: array, items: {type: string}, default: [eeg]}
            """),
        [Expected("demo/api.yaml", 6, 59, "['eeg'] is not an empty list")],
    ),
    "default-not-an-enum-value": Case(
        api("""
            schemas:
              Band: {type: string, enum: [alpha, beta]}
              Sensor:
                type: object
                properties:
                  band: {$ref: "#/schemas/Band", default: gamma}
            """),
        [Expected("demo/api.yaml", 7, 47, "'gamma' is not one of ['alpha', 'beta']")],
    ),
    "default-null-not-nullable": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  name: {type: string, default: null}
            """),
        [Expected("demo/api.yaml", 6, 37, "null, but the field is not nullable")],
    ),
    "default-invalid-date": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  since: {type: string, format: date, default: 2024-02-30}
            """),
        [Expected("demo/api.yaml", 6, 52, "'2024-02-30' is not a valid date")],
    ),
    # -- enums, required, wire names ----------------------------------------------------
    "duplicate-enum-values": Case(
        api("""
            schemas:
              Band:
                type: string
                enum: [alpha, beta, alpha]
            """),
        [Expected("demo/api.yaml", 5, 25, "duplicate enum value 'alpha' (also at index 0)")],
    ),
    "enum-values-naming-one-member": Case(
        api("schemas:\n  Band: {type: string, enum: [low-alpha, low_alpha]}\n"),
        [Expected("demo/api.yaml", 3, 42, "both name the member LOW_ALPHA")],
    ),
    "required-not-among-properties": Case(
        api("""
            schemas:
              Sensor:
                type: object
                required: [id, name]
                properties:
                  id: {type: string}
            """),
        [Expected("demo/api.yaml", 5, 20, "required field 'name' is not among the properties")],
    ),
    "wire-name-with-space": Case(
        api("""
            schemas:
              Token:
                type: object
                properties:
                  access: {type: string, wire: access token}
            """),
        [Expected("demo/api.yaml", 6, 36, "invalid wire name 'access token'")],
    ),
    "duplicate-wire-names": Case(
        api("""
            schemas:
              Token:
                type: object
                properties:
                  access: {type: string, wire: token}
                  refresh: {type: string, wire: token}
            """),
        [Expected("demo/api.yaml", 7, 37, "fields 'access' and 'refresh' share the wire name")],
    ),
    "wire-name-equal-to-other-field": Case(
        api("""
            schemas:
              Token:
                type: object
                properties:
                  token: {type: string}
                  access: {type: string, wire: token}
            """),
        [Expected("demo/api.yaml", 7, 36, "fields 'token' and 'access' share the wire name")],
    ),
    # -- keys that do not apply ---------------------------------------------------------
    "items-on-string": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  name: {type: string, items: {type: string}}
            """),
        [Expected("demo/api.yaml", 6, 28, "key 'items' does not apply to type string")],
    ),
    "enum-on-number": Case(
        api("schemas:\n  Gain: {type: number, enum: [1, 2]}\n"),
        [Expected("demo/api.yaml", 3, 24, "key 'enum' does not apply to type number")],
    ),
    "nullable-enum": Case(
        api("schemas:\n  Band: {type: string, enum: [alpha], nullable: true}\n"),
        [Expected("demo/api.yaml", 3, 39, "key 'nullable' does not apply to an enum (null")],
    ),
    "format-on-enum": Case(
        api("schemas:\n  Day: {type: string, enum: [mon], format: date}\n"),
        [Expected("demo/api.yaml", 3, 36, "key 'format' does not apply to an enum")],
    ),
    "nullable-object": Case(
        api("schemas:\n  Sensor: {type: object, nullable: true}\n"),
        [Expected("demo/api.yaml", 3, 26, "key 'nullable' does not apply to type object (null")],
    ),
    "array-without-items": Case(
        api("schemas:\n  Tags: {type: array}\n"),
        [Expected("demo/api.yaml", 3, 3, "type array needs 'items'")],
    ),
    "encoding-string-on-string": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  name: {type: string, encoding: string}
            """),
        [
            Expected(
                "demo/api.yaml", 6, 38, "encoding 'string' applies to boolean, integer or number"
            )
        ],
    ),
    "inline-object-field": Case(
        api("""
            schemas:
              Sensor:
                type: object
                properties:
                  owner: {type: object}
            """),
        [Expected("demo/api.yaml", 6, 21, "inline objects are not supported")],
    ),
    # -- routes: cookie sessions, text and binary answers, parameter defaults ---------
    "cookie-auth-without-login": Case(
        api(
            """
            auth: {kind: cookie}
            """
        ),
        [
            Expected("demo/api.yaml", 2, 7, "'login' is a required property in auth"),
        ],
    ),
    "cookie-auth-with-bearer-keys": Case(
        api(
            """
            auth: {kind: cookie, login: account.login, header: Authorization}
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
            """
        ),
        [
            Expected("demo/api.yaml", 2, 44, "'header' belongs to bearer auth"),
        ],
    ),
    "bearer-auth-with-cookie-keys": Case(
        api(
            """
            auth: {header: Authorization, scheme: Bearer, access_token: token, cookie: SID}
            """
        ),
        [
            Expected("demo/api.yaml", 2, 68, "'cookie' belongs to a cookie session"),
        ],
    ),
    "status-outside-2xx": Case(
        api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none, status: 302}
            """
        ),
        [
            Expected("demo/api.yaml", 5, 63, "302 is greater than the maximum of 299"),
        ],
    ),
    "cookie-login-needs-auth-none": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: user}
            """
        ),
        [
            Expected("demo/api.yaml", 4, 10, "must be callable with 'auth: none'"),
        ],
    ),
    "cookie-login-missing": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  other: {method: POST, path: /login, auth: none}
            """
        ),
        [
            Expected("demo/api.yaml", 4, 10, "no operation account.login in the routes"),
        ],
    ),
    "cookie-session-keeps-no-tokens": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login:
                    method: POST
                    path: /login
                    auth: none
                    response: {type: any}
                    sets_tokens: true
            """
        ),
        [
            Expected("demo/api.yaml", 19, 9, "a cookie session keeps no tokens"),
        ],
    ),
    "extract-without-text": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  whoami:
                    method: GET
                    path: /me
                    auth: user
                    response: {type: string}
                    extract: {pattern: 'id=(\\d+)'}
            """
        ),
        [
            Expected("demo/api.yaml", 20, 9, "'extract' reads text answers"),
        ],
    ),
    "extract-pattern-groups": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  whoami:
                    method: GET
                    path: /me
                    auth: user
                    response: {type: string}
                    response_format: text
                    extract: {pattern: 'id=\\d+'}
            """
        ),
        [
            Expected("demo/api.yaml", 21, 28, "exactly one group (the value), not 0"),
        ],
    ),
    "extract-pattern-invalid": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  whoami:
                    method: GET
                    path: /me
                    auth: user
                    response: {type: string}
                    response_format: text
                    extract: {pattern: 'id=(\\d+'}
            """
        ),
        [
            Expected("demo/api.yaml", 21, 28, "invalid regular expression: missing )"),
        ],
    ),
    "text-answer-type": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  whoami:
                    method: GET
                    path: /me
                    auth: user
                    response_format: text
                    response: {type: array, items: {type: string}}
            """
        ),
        [
            Expected("demo/api.yaml", 19, 26, "a text answer needs 'response: {type: string}'"),
        ],
    ),
    "binary-answer-has-no-type": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  fetch:
                    method: GET
                    path: /file
                    auth: user
                    response_format: binary
                    response: {type: string}
            """
        ),
        [
            Expected("demo/api.yaml", 20, 9, "a binary answer is streamed to a file: 'response'"),
        ],
    ),
    "parameter-defaults": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  list:
                    method: GET
                    path: /items/{id}
                    auth: user
                    parameters:
                      id: {in: path, type: integer, default: 1}
                      since: {in: query, type: integer, default: soon}
                      until: {in: query, type: integer, required: true, default: 3}
            """
        ),
        [
            Expected("demo/api.yaml", 20, 41, "path parameters take no default"),
            Expected("demo/api.yaml", 21, 54, "invalid default: 'soon' is not an integer"),
            Expected("demo/api.yaml", 22, 61, "a required parameter has no default"),
        ],
    ),
    "binary-argument-clash": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  fetch:
                    method: GET
                    path: /file
                    auth: user
                    response_format: binary
                    parameters:
                      destination: {in: query, type: string}
            """
        ),
        [Expected("demo/api.yaml", 21, 11, "parameter 'destination' clashes with the")],
    ),
    "extract-pattern-unportable": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  whoami:
                    method: GET
                    path: /me
                    auth: user
                    response: {type: string}
                    response_format: text
                    extract: {pattern: '(?P<id>[0-9]+)'}
            """
        ),
        [Expected("demo/api.yaml", 21, 28, "'(?P' is not portable")],
    ),
    "cookie-auth-levels": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none}
                  admin: {method: GET, path: /admin, auth: customer}
            """
        ),
        [Expected("demo/api.yaml", 15, 48, "auth 'customer': a cookie session has one kind")],
    ),
    "media-type-on-json": Case(
        cookie_api(
            """
            routes:
              account:
                operations:
                  login: {method: POST, path: /login, auth: none, media_type: text/html}
            """
        ),
        [Expected("demo/api.yaml", 14, 55, "'media_type' checks text and binary answers")],
    ),
}


def _errors(spec: Path) -> tuple[SpecError, ...]:
    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec, targets()["python"])
    return caught.value.errors


def _write(tmp_path: Path, files: dict[str, str | bytes] | None) -> Path:
    spec = tmp_path / "spec"
    if files is not None:
        write_spec(tmp_path, files)
        spec.mkdir(exist_ok=True)  # a case with no files is an empty spec folder
    return spec


def _points_at(error: SpecError, spec: Path, expected: Expected) -> bool:
    return (
        Path(error.path).resolve() == (spec / expected.file).resolve()
        and (error.line, error.column) == (expected.line, expected.column)
        and expected.text in error.message
    )


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_spec_reports_each_error_where_it_is(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(tmp_path, case.files)

    errors = _errors(spec)

    assert len(errors) == len(case.errors), "\n".join(map(str, errors))
    for error, expected in zip(errors, case.errors, strict=True):
        assert _points_at(error, spec, expected), f"{error}\n  expected {expected}"

    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == cli.EXIT_SPEC
    assert capsys.readouterr().err.splitlines()[:-1] == [str(e) for e in errors]
    assert not out.exists()


def test_errors_of_two_files_come_together_sorted_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(
        tmp_path,
        {
            "api.yaml": api_yaml(
                "demo_api",
                extra="""
                schemas:
                  Band: {type: string, enum: [alpha, alpha]}
                  Sensor:
                    type: object
                    required: [id, nme]
                    properties:
                      id: {type: integer}
                      band: {$ref: "schemas/missing.yaml#/schemas/Band"}
                  Gain: {type: number, nullable: "no"}
                """,
            ),
            "schemas/device.yaml": """
                schemas:
                  Device:
                    type: object
                    properties:
                      rate: {type: number, default: high}
                      sensor: {$ref: "../api.yaml#/schemas/Sensr"}
                  Owner: {type: objet}
                """,
        },
    )
    expected = [
        Expected("demo/api.yaml", 3, 38, "duplicate enum value 'alpha'"),
        Expected("demo/api.yaml", 6, 20, "required field 'nme' is not among the properties"),
        Expected("demo/api.yaml", 9, 20, "no spec file spec/demo/schemas/missing.yaml"),
        Expected("demo/api.yaml", 10, 34, "must be a boolean (true or false), not a string"),
        Expected("demo/schemas/device.yaml", 5, 37, "invalid default: 'high' is not a number"),
        Expected("demo/schemas/device.yaml", 6, 22, "schema 'Sensr' is not declared anywhere"),
        Expected("demo/schemas/device.yaml", 7, 17, "'schemas.Owner.type' is 'objet'"),
    ]

    errors = _errors(spec)

    assert list(errors) == sorted(errors, key=lambda e: (e.path, e.line, e.column))
    assert len(errors) == len(expected), "\n".join(map(str, errors))
    for error, want in zip(errors, expected, strict=True):
        assert _points_at(error, spec, want), f"{error}\n  expected {want}"

    status = cli.main(["generate", "--spec", str(spec), "--out", str(tmp_path / "out")])

    assert status == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    lines = printed.err.splitlines()
    assert lines[-1] == f"{len(expected)} error(s) in the spec; nothing was written."
    for line, error in zip(lines[:-1], errors, strict=True):
        match = LINE.match(line)
        assert match, line
        assert match["path"] == error.path
        assert (int(match["line"]), int(match["column"])) == (error.line, error.column)
        assert match["message"] == error.message


def test_failed_generate_leaves_the_output_folder_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, api("schemas:\n  Sensor: {type: strng}\n"))
    out = tmp_path / "generated"
    (out / "demo_api" / "models").mkdir(parents=True)
    (out / "demo_api" / "sentinel.txt").write_bytes(b"old package \x00\xff\n")
    (out / "demo_api" / "models" / "__init__.py").write_text("OLD = True\n")
    (out / "other_pkg").mkdir()
    (out / "other_pkg" / "keep.py").write_text("KEEP = 1\n")

    def snapshot() -> dict[str, bytes | None]:
        return {
            p.relative_to(out).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(out.rglob("*"))
        }

    before = snapshot()

    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 2

    assert snapshot() == before  # no staging folder left behind either
    assert "nothing was written" in capsys.readouterr().err


def test_printed_path_is_the_file_to_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_spec(
        tmp_path,
        {
            "api.yaml": api_yaml("demo_api", extra="schemas:\n  Sensor: {type: string}\n"),
            "schemas/sensor.yaml": "schemas:\n  Sensor: {type: integer}\n",
        },
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    # From the project folder, with the default-style relative --spec: paths as typed.
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", "--spec", "spec", "--out", "out"]) == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert first == (
        "spec/demo/schemas/sensor.yaml:2:3: duplicate schema name 'Sensor' "
        "(first declared at spec/demo/api.yaml:3:3)"
    )

    # From anywhere else: a path that, opened from there, is the same file.
    monkeypatch.chdir(elsewhere)
    assert cli.main(["generate", "--spec", str(tmp_path / "spec"), "--out", "out"]) == 2
    match = LINE.match(capsys.readouterr().err.splitlines()[0])
    assert match
    opened = Path(match["path"])
    assert opened.is_file()
    assert opened.resolve() == (tmp_path / "spec/demo/schemas/sensor.yaml").resolve()
    assert opened.read_text().splitlines()[int(match["line"]) - 1][int(match["column"]) - 1 :] == (
        "Sensor: {type: integer}"
    )
    assert not (elsewhere / "out").exists()


def test_python_keyword_field_names_are_fine(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path,
        api("""
            schemas:
              Transfer:
                type: object
                required: [from]
                properties:
                  from: {type: string}
                  class: {type: integer, default: 0}
                  self: {type: boolean}
            """),
    )

    apis, files = plan(spec, targets()["python"])

    (transfer,) = apis[0].schemas
    assert isinstance(transfer, ObjectSchema)
    by_name = {f.name: f for f in transfer.fields}
    assert {n: (f.wire_name, attribute_name(f)) for n, f in by_name.items()} == {
        "from": ("from", "from_"),
        "class": ("class", "class_"),
        "self": ("self", "self_"),
    }
    assert files


def test_optional_or_nullable_mutual_references_are_not_cycles(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path,
        api("""
            schemas:
              Device:
                type: object
                required: [owner]
                properties:
                  owner: {$ref: "#/schemas/User", nullable: true}
              User:
                type: object
                properties:
                  device: {$ref: "#/schemas/Device"}
                  devices: {type: array, items: {$ref: "#/schemas/User"}}
            """),
    )

    (built,) = build_apis(spec, targets()["python"])

    assert [s.name for s in built.schemas] == ["Device", "User"]


def test_two_apis_generating_one_package_point_at_the_second_package_line(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("same_api", name="one")}, api="one")
    write_spec(tmp_path, {"api.yaml": api_yaml("same_api", name="two")}, api="two")
    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec, targets()["python"])
    (error,) = caught.value.errors
    assert Path(error.path).resolve() == (spec / "two" / "api.yaml").resolve()
    assert (error.line, error.column) == (1, 56)  # the value of api.package
    assert "also generated by the API 'one'" in error.message


def test_alias_bombs_stop_at_a_located_error(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
        f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 9)
    ]
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("bomb_api"), "bomb.yaml": "\n".join(lines)})
    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec, targets()["python"])
    assert any("more than 200,000 values" in e.message for e in caught.value.errors)


@pytest.mark.parametrize(
    ("values", "clash"),
    [(["1", "v_1"], "V_1"), (["a-b", "a_b"], "A_B")],
)
def test_enum_values_that_name_one_member_are_reported(
    tmp_path: Path, values: list[str], clash: str
) -> None:
    schemas = f"schemas:\n  E:\n    type: string\n    enum: {values!r}\n"
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("enum_api", extra=schemas)})
    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec, targets()["python"])
    assert any(f"both name the member {clash}" in e.message for e in caught.value.errors)


def test_negative_and_positive_integer_enum_values_get_distinct_members(tmp_path: Path) -> None:
    schemas = "schemas:\n  Level:\n    type: integer\n    enum: [-1, 1]\n"
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("level_api", extra=schemas)})
    (api,) = build_apis(spec, targets()["python"])
    assert api.schema("Level").values == (-1, 1)
