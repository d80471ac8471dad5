"""Broken `channels:` sections: each mistake is reported at its file, line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codegen.errors import SpecInvalid
from codegen.pipeline import build_apis, targets
from tests.helpers import api_yaml, write_spec

SCHEMAS = """
schemas:
  Packet:
    type: object
    properties:
      n: {type: integer}
"""

CASES: dict[str, tuple[str, list[tuple[int, int, str]]]] = {
    "socket-io-event-name": (
        """
        channels:
          room:
            path: /room
            auth: none
            listens:
              connect: {}
        """,
        [(7, 7, "'connect' is Socket.IO's own event")],
    ),
    "reply-not-emitted": (
        """
        channels:
          hia:
            path: /hia
            auth: none
            listens:
              ping: {reply: pong}
        """,
        [(7, 21, "reply 'pong' is not an event under emits")],
    ),
    "reply-with-payload": (
        """
        channels:
          hia:
            path: /hia
            auth: none
            emits:
              pong: {payload: {$ref: "#/schemas/Packet"}}
            listens:
              ping: {reply: pong}
        """,
        [(9, 21, "reply 'pong' carries a payload")],
    ),
    "auth-without-token": (
        """
        channels:
          room:
            path: /room
            auth: user
        """,
        [(5, 11, "auth is user but no parameter carries the access token")],
    ),
    "two-access-tokens": (
        """
        channels:
          room:
            path: /room
            auth: user
            parameters:
              jwt_token: {in: header, token: access}
              token: {in: query, token: access}
        """,
        [(8, 33, "'token' and 'jwt_token' both carry the access token")],
    ),
    "token-with-type": (
        """
        channels:
          room:
            path: /room
            auth: user
            parameters:
              jwt_token: {in: header, token: access, type: integer}
        """,
        [(7, 7, "a token parameter is a string filled in by the client")],
    ),
    "object-header-without-encoding": (
        """
        channels:
          room:
            path: /room
            auth: none
            parameters:
              info: {in: header, $ref: "#/schemas/Packet", required: true}
        """,
        [(7, 7, "'info' travels as text: make it a scalar or add encoding: json-text")],
    ),
    "parameter-without-type": (
        """
        channels:
          room:
            path: /room
            auth: none
            parameters:
              hia_id: {in: header}
        """,
        [(7, 7, "a parameter needs a type")],
    ),
    "same-header-twice": (
        """
        channels:
          room:
            path: /room
            auth: none
            parameters:
              hia_id: {in: header, type: string}
              other: {in: header, type: string, wire: HIA_ID}
        """,
        [(8, 7, "'other' and 'hia_id' are the same header name")],
    ),
    "dangling-payload-ref": (
        """
        channels:
          room:
            path: /room
            auth: none
            listens:
              data: {payload: {$ref: "#/schemas/Missing"}}
        """,
        [(7, 30, "schema 'Missing' is not declared anywhere")],
    ),
    "duplicate-path": (
        """
        channels:
          one: {path: /room, auth: none}
          two: {path: /room, auth: none}
        """,
        [(4, 15, "path /room is also channel 'one'")],
    ),
    "unknown-event-key": (
        """
        channels:
          room:
            path: /room
            auth: none
            emits:
              router: {reply: pong}
        """,
        [(7, 16, "unknown key 'reply'")],
    ),
    "class-name-clash": (
        """
        channels:
          packet: {path: /p, auth: none}
        schemas:
          PacketSocket: {type: string}
        """,
        [(3, 3, "makes the class PacketSocket, a schema's name")],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_channel_is_reported_where_it_is(
    case: tuple[str, list[tuple[int, int, str]]], tmp_path: Path
) -> None:
    text, expected = case
    schemas = "" if "schemas:" in text else SCHEMAS
    extra = textwrap.dedent(text).lstrip("\n") + schemas
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=extra)})

    with pytest.raises(SpecInvalid) as caught:
        build_apis(spec, targets()["python"])

    found = [(e.line, e.column, e.message) for e in caught.value.errors]
    assert len(found) == len(expected), found
    for (line, column, message), (want_line, want_column, want_text) in zip(
        found, expected, strict=True
    ):
        assert (line, column) == (want_line, want_column), (message, found)
        assert want_text in message


def test_the_channels_of_the_real_spec_build_into_the_ir() -> None:
    from codegen.pipeline import build_apis as build
    from tests.helpers import SPEC

    api = next(a for a in build(SPEC, targets()["python"]) if a.name == "neurospeed")
    by_name = {c.name: c for c in api.channels}
    assert set(by_name) == {
        "hia",
        "user_room_as_user",
        "user_room_as_customer",
        "customer_room",
        "downlink_room_as_user",
        "downlink_room_as_customer",
    }
    hia = by_name["hia"]
    assert [p.name for p in hia.parameters if p.token] == ["jwt_token", "jwt_refresh_token"]
    assert [e.name for e in hia.emits] == ["pipeline", "pong"]
    assert {e.name: e.reply for e in hia.listens}["ping"] == "pong"
    sensors = next(p for p in hia.parameters if p.name == "sensors_info")
    assert (sensors.location, sensors.encoding, sensors.required) == ("header", "json-text", True)
    room = by_name["user_room_as_customer"]
    assert [(p.wire_name, p.location) for p in room.parameters] == [
        ("jwt_token", "query"),
        ("username", "query"),
    ]
