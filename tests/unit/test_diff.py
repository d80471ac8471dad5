"""`codegen.diff`: what a spec change breaks, judged per direction, at the right place.

Every case edits a small four-file spec (BASE) and names every change it must produce:
kind, severity, subject and `file:line:col` (in the new spec, in the old one for removals).
Lines and columns count in the files exactly as BASE spells them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from codegen.diff import Change, diff_specs
from codegen.diff.change import BREAKING, COMPATIBLE, SourceLocation, ordered
from codegen.diff.rules import BOTH, Direction, Shift, auth_severity, shift_severity
from codegen.ir.model import AuthLevel
from tests.helpers import SPEC, write_spec

API = """\
api: {name: demo, title: Demo, version: '1.0', package: demo_api}
servers:
  production: {http: "https://example.com/api", socket: "wss://example.com"}
auth:
  header: Authorization
  scheme: Bearer
  access_token: access_token
"""

# Recorder is received (a response and a listened payload), CreateRequest sent (a body),
# Packet sent (an emitted payload), Point both ways, Unused neither.
SCHEMAS = """\
schemas:
  Status:
    type: string
    enum: [pending, recording, stopped]
  Recorder:
    type: object
    required: [id]
    properties:
      id: {type: integer}
      name: {type: string, wire: recorderName}
      size: {type: integer}
      ratio: {type: number}
      started: {type: number, nullable: true}
      status: {$ref: "#/schemas/Status"}
      point: {$ref: "#/schemas/Point"}
  Mode:
    type: string
    enum: [fast, slow]
  CreateRequest:
    type: object
    required: [username]
    properties:
      username: {type: string}
      count: {type: integer}
      weight: {type: number}
      note: {type: string}
      mode: {$ref: "#/schemas/Mode"}
      unlimited: {type: boolean, default: true}
      point: {$ref: "#/schemas/Point"}
  Point:
    type: object
    properties:
      x: {type: number}
  Packet:
    type: object
    required: [data]
    properties:
      data: {type: array, items: {type: number}}
      meta: {type: any}
  Unused:
    type: object
    properties:
      flag: {type: boolean}
"""

ROUTES = """\
routes:
  recorder:
    operations:
      create:
        method: POST
        path: /recorder
        auth: customer
        body: {$ref: "schemas.yaml#/schemas/CreateRequest"}
        response: {$ref: "schemas.yaml#/schemas/Recorder"}
      get:
        method: GET
        path: /recorder/{id}
        auth: customer
        parameters:
          id: {in: path, type: integer}
          verbose: {in: query, type: boolean}
          limit: {in: query, type: number, default: 10}
        response: {$ref: "schemas.yaml#/schemas/Recorder"}
      delete:
        method: DELETE
        path: /recorder/{id}
        auth: customer
        parameters:
          id: {in: path, type: integer}
"""

SOCKETS = """\
channels:
  hia:
    path: /hia
    auth: user
    parameters:
      jwt_token: {in: header, token: access}
      hia_id: {in: header, type: string, required: true}
    emits:
      pipeline: {payload: {$ref: "schemas.yaml#/schemas/Packet"}}
      pong: {}
    listens:
      ping: {reply: pong}
      recorder: {payload: {$ref: "schemas.yaml#/schemas/Recorder"}}
"""

A, S, R, K = "api.yaml", "schemas.yaml", "routes.yaml", "sockets.yaml"
BASE: dict[str, str] = {A: API, S: SCHEMAS, R: ROUTES, K: SOCKETS}

Edit = tuple[str, str, str]  # file, text, its replacement (the text must occur once)

DELETE_OPERATION = (
    "      delete:\n        method: DELETE\n        path: /recorder/{id}\n"
    "        auth: customer\n        parameters:\n          id: {in: path, type: integer}\n"
)


def edited(files: dict[str, str], *edits: Edit) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = dict(files)
    for name, old, new in edits:
        text = str(out[name])
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        out[name] = text.replace(old, new)
    return out


def compare(tmp_path: Path, *edits: Edit, before: tuple[Edit, ...] = ()) -> list[Change]:
    old = write_spec(tmp_path / "old", edited(BASE, *before))
    new = write_spec(tmp_path / "new", edited(BASE, *edits))
    return diff_specs(old, new)


class Expected(NamedTuple):
    kind: str
    severity: str
    subject: str
    where: str  # file:line:col, the file below spec/demo/


def seen(changes: list[Change]) -> list[Expected]:
    return [
        Expected(c.kind, c.severity, c.subject, str(c.location).removeprefix("spec/demo/"))
        for c in changes
    ]


B, C = BREAKING, COMPATIBLE

CASES: dict[str, tuple[list[Edit], list[Expected]]] = {
    # -- operations --------------------------------------------------------------------
    "operation-removed": (
        [(R, DELETE_OPERATION, "")],
        [Expected("operation-removed", B, "recorder.delete", "routes.yaml:19:7")],
    ),
    "operation-renamed": (
        [(R, "      delete:", "      remove:")],
        [Expected("operation-renamed", B, "recorder.remove", "routes.yaml:19:7")],
    ),
    "operation-added": (
        [
            (
                R,
                "      delete:\n",
                "      list:\n        method: GET\n        path: /recorders\n"
                "        auth: customer\n      delete:\n",
            )
        ],
        [Expected("operation-added", C, "recorder.list", "routes.yaml:19:7")],
    ),
    "method-changed": (
        [(R, "method: DELETE", "method: POST")],
        [Expected("method-changed", B, "recorder.delete", "routes.yaml:20:9")],
    ),
    "path-changed": (
        [(R, "method: GET\n        path: /recorder/{id}", "method: GET\n        path: /r/{id}")],
        [Expected("path-changed", B, "recorder.get", "routes.yaml:12:9")],
    ),
    "auth-stricter": (
        [(R, "path: /recorder\n        auth: customer", "path: /recorder\n        auth: user")],
        [Expected("auth-changed", B, "recorder.create", "routes.yaml:7:9")],
    ),
    "auth-looser": (
        [(R, "path: /recorder\n        auth: customer", "path: /recorder\n        auth: any")],
        [Expected("auth-changed", C, "recorder.create", "routes.yaml:7:9")],
    ),
    "response-widened": (
        [
            (
                R,
                'response: {$ref: "schemas.yaml#/schemas/Recorder"}\n      delete:',
                "response: {type: any}\n      delete:",
            )
        ],
        [Expected("type-widened", B, "recorder.get response", "routes.yaml:18:20")],
    ),
    "response-removed": (
        [
            (
                R,
                '        response: {$ref: "schemas.yaml#/schemas/Recorder"}\n      get:',
                "      get:",
            )
        ],
        [Expected("response-removed", B, "recorder.create response", "routes.yaml:9:9")],
    ),
    "body-removed": (
        [(R, '        body: {$ref: "schemas.yaml#/schemas/CreateRequest"}\n', "")],
        [Expected("body-removed", B, "recorder.create body", "routes.yaml:8:9")],
    ),
    # -- parameters (always sent) --------------------------------------------------------
    "parameter-added-optional": (
        [(R, "default: 10}\n", "default: 10}\n          page: {in: query, type: integer}\n")],
        [Expected("parameter-added", C, "recorder.get parameter page", "routes.yaml:18:11")],
    ),
    "parameter-added-required": (
        [
            (
                R,
                "default: 10}\n",
                "default: 10}\n          page: {in: query, type: integer, required: true}\n",
            )
        ],
        [Expected("parameter-added", B, "recorder.get parameter page", "routes.yaml:18:11")],
    ),
    "parameter-removed": (
        [(R, "          verbose: {in: query, type: boolean}\n", "")],
        [Expected("parameter-removed", B, "recorder.get parameter verbose", "routes.yaml:16:11")],
    ),
    "parameter-renamed-wire": (
        [
            (
                R,
                "verbose: {in: query, type: boolean}",
                "verbose: {in: query, type: boolean, wire: v}",
            )
        ],
        [Expected("parameter-renamed", B, "recorder.get parameter verbose", "routes.yaml:16:47")],
    ),
    "parameter-renamed": (
        [
            (
                R,
                "verbose: {in: query, type: boolean}",
                "full: {in: query, type: boolean, wire: verbose}",
            )
        ],
        [Expected("parameter-renamed", B, "recorder.get parameter full", "routes.yaml:16:11")],
    ),
    "parameter-moved": (
        [(R, "verbose: {in: query, type: boolean}", "verbose: {in: header, type: boolean}")],
        [Expected("parameter-moved", B, "recorder.get parameter verbose", "routes.yaml:16:21")],
    ),
    "parameter-narrowed": (
        [(R, "limit: {in: query, type: number", "limit: {in: query, type: integer")],
        [Expected("type-narrowed", B, "recorder.get parameter limit", "routes.yaml:17:30")],
    ),
    "parameter-became-required": (
        [
            (
                R,
                "verbose: {in: query, type: boolean}",
                "verbose: {in: query, type: boolean, required: true}",
            )
        ],
        [Expected("became-required", B, "recorder.get parameter verbose", "routes.yaml:16:47")],
    ),
    "parameter-default-changed": (
        [(R, "default: 10}", "default: 20}")],
        [Expected("default-changed", C, "recorder.get parameter limit", "routes.yaml:17:44")],
    ),
    # -- channels and events -----------------------------------------------------------
    "channel-renamed": (
        [(K, "  hia:", "  agent:")],
        [Expected("channel-renamed", B, "channel agent", "sockets.yaml:2:3")],
    ),
    "channel-removed-and-added": (
        [(K, "  hia:\n    path: /hia", "  agent:\n    path: /agent")],
        [
            Expected("channel-removed", B, "channel hia", "sockets.yaml:2:3"),
            Expected("channel-added", C, "channel agent", "sockets.yaml:2:3"),
        ],
    ),
    "channel-path-changed": (
        [(K, "path: /hia", "path: /agent")],
        [Expected("path-changed", B, "channel hia", "sockets.yaml:3:5")],
    ),
    "channel-auth-changed": (
        [(K, "auth: user", "auth: customer")],
        [Expected("auth-changed", B, "channel hia", "sockets.yaml:4:5")],
    ),
    "connect-parameter-changed": (
        [(K, "hia_id: {in: header, type: string", "hia_id: {in: header, type: integer")],
        [Expected("type-changed", B, "channel hia parameter hia_id", "sockets.yaml:7:28")],
    ),
    "event-removed": (
        [(K, '      recorder: {payload: {$ref: "schemas.yaml#/schemas/Recorder"}}\n', "")],
        [Expected("event-removed", B, "channel hia listens recorder", "sockets.yaml:13:7")],
    ),
    "event-added": (
        [(K, "      pong: {}\n", "      pong: {}\n      marker: {payload: {type: string}}\n")],
        [Expected("event-added", C, "channel hia emits marker", "sockets.yaml:11:7")],
    ),
    "event-renamed": (
        [(K, "      pipeline:", "      packets:")],
        [Expected("event-renamed", B, "channel hia emits packets", "sockets.yaml:9:7")],
    ),
    "payload-removed": (
        [
            (
                K,
                '      recorder: {payload: {$ref: "schemas.yaml#/schemas/Recorder"}}',
                "      recorder: {}",
            )
        ],
        [Expected("payload-removed", B, "channel hia listens recorder", "sockets.yaml:13:7")],
    ),
    # -- schemas and fields ------------------------------------------------------------
    "schema-added": (
        [(S, "  Unused:", "  Extra:\n    type: string\n    enum: [a]\n  Unused:")],
        [Expected("schema-added", C, "Extra", "schemas.yaml:40:3")],
    ),
    "schema-removed": (
        [(S, "  Unused:\n    type: object\n    properties:\n      flag: {type: boolean}\n", "")],
        [Expected("schema-removed", B, "Unused", "schemas.yaml:40:3")],
    ),
    "schema-renamed": (
        [(S, "  Packet:", "  Chunk:"), (K, "schemas/Packet", "schemas/Chunk")],
        [Expected("schema-renamed", B, "Chunk", "schemas.yaml:34:3")],
    ),
    "field-removed": (
        [(S, "      size: {type: integer}\n", "")],
        [Expected("field-removed", B, "Recorder.size", "schemas.yaml:11:7")],
    ),
    "field-added-optional-sent": (
        [
            (
                S,
                "      note: {type: string}\n",
                "      note: {type: string}\n      tag: {type: string}\n",
            )
        ],
        [Expected("field-added", C, "CreateRequest.tag", "schemas.yaml:27:7")],
    ),
    "field-added-required-sent": (
        [
            (
                S,
                "      note: {type: string}\n",
                "      note: {type: string}\n      tag: {type: string}\n",
            ),
            (S, "required: [username]", "required: [username, tag]"),
        ],
        [Expected("field-added", B, "CreateRequest.tag", "schemas.yaml:27:7")],
    ),
    "field-added-required-received": (
        [
            (
                S,
                "      id: {type: integer}\n",
                "      id: {type: integer}\n      uuid: {type: string}\n",
            ),
            (S, "required: [id]", "required: [id, uuid]"),
        ],
        [Expected("field-added", C, "Recorder.uuid", "schemas.yaml:10:7")],
    ),
    "field-renamed-wire": (
        [(S, "wire: recorderName", "wire: recorder_name")],
        [Expected("field-renamed", B, "Recorder.name", "schemas.yaml:10:28")],
    ),
    "field-renamed": (
        [
            (
                S,
                "      name: {type: string, wire: recorderName}",
                "      title: {type: string, wire: recorderName}",
            )
        ],
        [Expected("field-renamed", B, "Recorder.title", "schemas.yaml:10:7")],
    ),
    "default-changed": (
        [(S, "default: true", "default: false")],
        [Expected("default-changed", C, "CreateRequest.unlimited", "schemas.yaml:28:34")],
    ),
    # -- types: narrowing breaks what is sent, widening what is received ----------------
    "widened-received": (
        [(S, "size: {type: integer}", "size: {type: number}")],
        [Expected("type-widened", B, "Recorder.size", "schemas.yaml:11:14")],
    ),
    "widened-sent": (
        [(S, "count: {type: integer}", "count: {type: number}")],
        [Expected("type-widened", C, "CreateRequest.count", "schemas.yaml:24:15")],
    ),
    "narrowed-sent": (
        [(S, "weight: {type: number}", "weight: {type: integer}")],
        [Expected("type-narrowed", B, "CreateRequest.weight", "schemas.yaml:25:16")],
    ),
    "narrowed-received": (
        [(S, "ratio: {type: number}", "ratio: {type: integer}")],
        [Expected("type-narrowed", C, "Recorder.ratio", "schemas.yaml:12:15")],
    ),
    "nullable-dropped-received": (
        [(S, "started: {type: number, nullable: true}", "started: {type: number}")],
        [Expected("type-narrowed", C, "Recorder.started", "schemas.yaml:13:17")],
    ),
    "nullable-added-sent": (
        [(S, "count: {type: integer}", "count: {type: integer, nullable: true}")],
        [Expected("type-widened", C, "CreateRequest.count", "schemas.yaml:24:30")],
    ),
    "nullable-added-received": (
        [(S, "ratio: {type: number}", "ratio: {type: number, nullable: true}")],
        [Expected("type-widened", B, "Recorder.ratio", "schemas.yaml:12:29")],
    ),
    "string-to-enum-sent": (
        [(S, "note: {type: string}", 'note: {$ref: "#/schemas/Mode"}')],
        [Expected("type-narrowed", B, "CreateRequest.note", "schemas.yaml:26:14")],
    ),
    "string-to-enum-received": (
        [(S, "name: {type: string,", 'name: {$ref: "#/schemas/Mode",')],
        [Expected("type-narrowed", C, "Recorder.name", "schemas.yaml:10:14")],
    ),
    "enum-to-string-received": (
        [(S, 'status: {$ref: "#/schemas/Status"}', "status: {type: string}")],
        [Expected("type-widened", B, "Recorder.status", "schemas.yaml:14:16")],
    ),
    "enum-to-string-sent": (
        [(S, 'mode: {$ref: "#/schemas/Mode"}', "mode: {type: string}")],
        [Expected("type-widened", C, "CreateRequest.mode", "schemas.yaml:27:14")],
    ),
    "any-to-specific-emitted": (
        [(S, "meta: {type: any}", "meta: {type: string}")],
        [Expected("type-narrowed", B, "Packet.meta", "schemas.yaml:39:14")],
    ),
    "items-narrowed-emitted": (
        [(S, "items: {type: number}", "items: {type: integer}")],
        [Expected("type-narrowed", B, "Packet.data", "schemas.yaml:38:14")],
    ),
    "kind-changed-sent": (
        [(S, "note: {type: string}", "note: {type: integer}")],
        [Expected("type-changed", B, "CreateRequest.note", "schemas.yaml:26:14")],
    ),
    "kind-changed-received": (
        [(S, "size: {type: integer}", "size: {type: string}")],
        [Expected("type-changed", B, "Recorder.size", "schemas.yaml:11:14")],
    ),
    "string-to-date-time-sent": (
        [(S, "note: {type: string}", "note: {type: string, format: date-time}")],
        [Expected("type-narrowed", B, "CreateRequest.note", "schemas.yaml:26:14")],
    ),
    "nullable-added-but-narrowed-is-a-change": (
        [(S, "weight: {type: number}", "weight: {type: integer, nullable: true}")],
        [Expected("type-changed", B, "CreateRequest.weight", "schemas.yaml:25:31")],
    ),
    "both-ways-takes-the-stricter": (
        [(S, "x: {type: number}", "x: {type: integer}")],
        [Expected("type-narrowed", B, "Point.x", "schemas.yaml:33:11")],
    ),
    "unreached-judged-both-ways": (
        [(S, "flag: {type: boolean}", "flag: {type: boolean, nullable: true}")],
        [Expected("type-widened", B, "Unused.flag", "schemas.yaml:43:29")],
    ),
    # -- requiredness ------------------------------------------------------------------
    "became-required-sent": (
        [(S, "required: [username]", "required: [username, note]")],
        [Expected("became-required", B, "CreateRequest.note", "schemas.yaml:21:26")],
    ),
    "became-required-received": (
        [(S, "required: [id]", "required: [id, size]")],
        [Expected("became-required", C, "Recorder.size", "schemas.yaml:7:20")],
    ),
    "became-optional-received": (
        [(S, "    required: [id]\n", "")],
        [Expected("became-optional", B, "Recorder.id", "schemas.yaml:8:7")],
    ),
    "became-optional-sent": (
        [(S, "    required: [username]\n", "")],
        [Expected("became-optional", C, "CreateRequest.username", "schemas.yaml:22:7")],
    ),
    # -- enums -------------------------------------------------------------------------
    "enum-value-removed": (
        [(S, "[pending, recording, stopped]", "[pending, stopped]")],
        [Expected("enum-value-removed", B, "Status.recording", "schemas.yaml:4:21")],
    ),
    "enum-value-added": (
        [(S, "[pending, recording, stopped]", "[pending, recording, stopped, paused]")],
        [Expected("enum-value-added", C, "Status.paused", "schemas.yaml:4:41")],
    ),
    "sent-enum-value-removed": (
        [(S, "[fast, slow]", "[fast]")],
        [Expected("enum-value-removed", B, "Mode.slow", "schemas.yaml:18:18")],
    ),
    # -- the API itself ----------------------------------------------------------------
    "server-renamed": (
        [(A, "  production:", "  prod:")],
        [Expected("server-renamed", B, "server prod", "api.yaml:3:3")],
    ),
    "server-removed-and-added": (
        [
            (
                A,
                '  production: {http: "https://example.com/api", socket: "wss://example.com"}',
                '  staging: {http: "https://staging.example.com/api"}',
            )
        ],
        [
            Expected("server-removed", B, "server production", "api.yaml:3:3"),
            Expected("server-added", C, "server staging", "api.yaml:3:3"),
        ],
    ),
    "server-url-changed": (
        [(A, "https://example.com/api", "https://example.org/api")],
        [Expected("server-changed", B, "server production", "api.yaml:3:16")],
    ),
    "auth-scheme-changed": (
        [(A, "header: Authorization", "header: X-Token")],
        [Expected("auth-scheme-changed", B, "auth", "api.yaml:5:3")],
    ),
    "package-renamed": (
        [(A, "package: demo_api", "package: demo2_api")],
        [Expected("package-renamed", B, "api demo", "api.yaml:1:48")],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_change(name: str, tmp_path: Path) -> None:
    edits, expected = CASES[name]
    assert seen(compare(tmp_path, *edits)) == expected


def test_identical_specs_have_no_changes(tmp_path: Path) -> None:
    assert compare(tmp_path) == []


def test_the_real_spec_against_itself() -> None:
    assert diff_specs(SPEC, SPEC) == []


def test_the_real_spec_with_a_route_removed(tmp_path: Path) -> None:
    copy = tmp_path / "spec"
    shutil.copytree(SPEC, copy, ignore=shutil.ignore_patterns("*.md"))
    recorder = copy / "neurospeed" / "rest" / "recorder.yaml"
    text = recorder.read_text(encoding="utf-8")
    line = text.splitlines().index("      delete:") + 1
    start = text.index("      delete:")
    recorder.write_text(text[:start], encoding="utf-8")  # delete is the file's last route
    [change] = diff_specs(SPEC, copy)
    assert change.kind == "operation-removed"
    assert change.breaking
    assert change.subject == "recorder.delete"
    assert change.location == SourceLocation("spec/neurospeed/rest/recorder.yaml", line, 7)
    assert "DELETE /gateway/recorder" in change.message


def test_removals_point_into_the_old_spec_and_the_rest_into_the_new(tmp_path: Path) -> None:
    """Two comment lines on top of the new file: the removal keeps its old line."""
    changes = compare(
        tmp_path,
        (S, "schemas:\n", "# moved down\n# by two lines\nschemas:\n"),
        (S, "      size: {type: integer}\n", ""),
        (
            S,
            "      note: {type: string}\n",
            "      note: {type: string}\n      tag: {type: string}\n",
        ),
    )
    assert seen(changes) == [
        Expected("field-removed", B, "Recorder.size", "schemas.yaml:11:7"),
        Expected("field-added", C, "CreateRequest.tag", "schemas.yaml:28:7"),
    ]


def test_a_rename_is_one_change_and_its_details_are_compared(tmp_path: Path) -> None:
    changes = compare(
        tmp_path,
        (
            S,
            "      name: {type: string, wire: recorderName}",
            "      title: {type: integer, wire: recorderName}",
        ),
    )
    assert seen(changes) == [
        Expected("field-renamed", B, "Recorder.title", "schemas.yaml:10:7"),
        Expected("type-changed", B, "Recorder.title", "schemas.yaml:10:15"),
    ]


def test_an_ambiguous_rename_is_a_removal_and_an_addition(tmp_path: Path) -> None:
    """Two removed events with the same (no) payload: which one became `hello`?"""
    changes = compare(
        tmp_path,
        (K, "      ping: {reply: pong}\n", "      ping: {reply: pong}\n      hello: {}\n"),
        before=(
            (
                K,
                "      ping: {reply: pong}\n",
                "      ping: {reply: pong}\n      a: {}\n      b: {}\n",
            ),
        ),
    )
    assert sorted(c.kind for c in changes) == ["event-added", "event-removed", "event-removed"]


def test_messages_say_the_direction_and_enums_are_open(tmp_path: Path) -> None:
    [widened] = compare(tmp_path / "1", (S, "size: {type: integer}", "size: {type: number}"))
    assert widened.message.startswith("integer -> number (received by the client)")
    assert "fail to decode" in widened.message
    [added] = compare(tmp_path / "2", (S, "[fast, slow]", "[fast, slow, turbo]"))
    assert "open" in added.message and "unknown member" in added.message
    [both] = compare(tmp_path / "3", (S, "x: {type: number}", "x: {type: integer}"))
    assert "(sent and received)" in both.message


def test_alias_introduced_for_the_same_type_is_no_change(tmp_path: Path) -> None:
    changes = compare(
        tmp_path,
        (S, "note: {type: string}", 'note: {$ref: "#/schemas/Memo"}'),
        (S, "  Unused:", "  Memo:\n    type: string\n  Unused:"),
    )
    assert seen(changes) == [Expected("schema-added", C, "Memo", "schemas.yaml:40:3")]


def test_order_is_breaking_first_then_by_place(tmp_path: Path) -> None:
    changes = compare(
        tmp_path,
        (S, "[pending, recording, stopped]", "[pending, recording, stopped, paused]"),
        (R, DELETE_OPERATION, ""),
        (S, "size: {type: integer}", "size: {type: number}"),
    )
    assert [c.severity for c in changes] == [B, B, C]
    assert [str(c.location) for c in changes] == [
        "spec/demo/routes.yaml:19:7",
        "spec/demo/schemas.yaml:11:14",
        "spec/demo/schemas.yaml:4:41",
    ]
    assert ordered(list(reversed(changes))) == changes


# -- the rules themselves -----------------------------------------------------------------

LEVELS: list[AuthLevel] = ["none", "user", "customer", "any"]
LOOSER = {
    ("user", "none"),
    ("customer", "none"),
    ("any", "none"),
    ("user", "any"),
    ("customer", "any"),
}


@pytest.mark.parametrize("old", LEVELS)
@pytest.mark.parametrize("new", LEVELS)
def test_auth_levels(old: AuthLevel, new: AuthLevel) -> None:
    if old != new:
        assert auth_severity(old, new) == (C if (old, new) in LOOSER else B)


SENT: frozenset[Direction] = frozenset({"sent"})
RECEIVED: frozenset[Direction] = frozenset({"received"})


@pytest.mark.parametrize(
    ("shift", "ways", "severity"),
    [
        ("narrowed", SENT, B),
        ("narrowed", RECEIVED, C),
        ("narrowed", BOTH, B),
        ("widened", SENT, C),
        ("widened", RECEIVED, B),
        ("widened", BOTH, B),
        ("changed", SENT, B),
        ("changed", RECEIVED, B),
    ],
)
def test_shift_severity(shift: Shift, ways: frozenset[Direction], severity: str) -> None:
    assert shift_severity(shift, ways) == severity
