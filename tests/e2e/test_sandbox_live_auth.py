"""Who may connect to which Socket.IO path: every refusal names its reason, never the token."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from neurospeed_ext.sandbox import SandboxServer, Settings, parse_seed
from tests.e2e.conftest import CUSTOMER
from tests.e2e.live_helpers import (
    CUSTOMER_ROOM,
    DOWNLINK_AS_CUSTOMER,
    DOWNLINK_AS_USER,
    HIA,
    USER_AS_CUSTOMER,
    USER_AS_USER,
    Account,
    PeerFactory,
    fresh_account,
    hia_headers,
    peer_pool,
    refusal,
    sensor,
)

GOOD_SENSORS = {"eda1": sensor("eda1")}


@pytest.fixture(scope="module")
def account(sandbox: SandboxServer) -> Account:
    return fresh_account(sandbox)


@pytest.fixture
def peers() -> Iterator[PeerFactory]:
    with peer_pool() as make:
        yield make


def _expired_user_token(sandbox: SandboxServer, account: Account) -> str:
    customer_id = sandbox.call(lambda: sandbox.state.users[account.user_id].customer_id)
    return sandbox.call(
        lambda: sandbox.state.tokens.issue("user", account.user_id, customer_id, "access", -1.0)
    )


def test_hia_refuses_bad_tokens(sandbox: SandboxServer, account: Account) -> None:
    expired = _expired_user_token(sandbox, account)
    cases: dict[str, dict[str, str]] = {
        "missing": {
            k: v for k, v in hia_headers("x", "h", GOOD_SENSORS).items() if k != "jwt_token"
        },
        "garbage": hia_headers("not-a-token", "h", GOOD_SENSORS),
        "expired": hia_headers(expired, "h", GOOD_SENSORS),
        "customer": hia_headers(account.customer_token, "h", GOOD_SENSORS),
    }
    messages = {name: refusal(sandbox, HIA, headers=headers) for name, headers in cases.items()}
    assert "missing" in messages["missing"]
    assert "not a valid access token" in messages["garbage"]
    assert "not a valid access token" in messages["expired"]
    assert "needs a user token" in messages["customer"]
    for message in messages.values():
        assert expired not in message and account.customer_token not in message
        assert "Traceback" not in message


def _sensors_without(field: str) -> dict[str, Any]:
    info = sensor("eda1")
    del info[field]
    return {"eda1": info}


@pytest.mark.parametrize(
    ("sensors_info", "expected"),
    [
        (None, "sensors_info: missing header"),
        ("{not json", "sensors_info: not JSON text"),
        (json.dumps(_sensors_without("channel_map")), "channel_map: required field is missing"),
        (json.dumps({"eda1": "EDA"}), "sensors_info: "),
        ("{}", "at least one sensor"),
        (
            json.dumps({"eda1": {**sensor("eda1"), "channel_count": 3}}),
            "channel_count: 3 but channel_map names 1",
        ),
        (json.dumps({"other": sensor("eda1")}), "stream_id: 'eda1' differs from its key"),
        (
            json.dumps({"eda1": {**sensor("eda1"), "sensor_id": "x"}}),
            "sensor_id: 'x' differs from its key",
        ),
    ],
)
def test_hia_refuses_bad_sensor_info(
    sandbox: SandboxServer, account: Account, sensors_info: str | None, expected: str
) -> None:
    headers = hia_headers(account.user_token, "h", GOOD_SENSORS)
    if sensors_info is None:
        del headers["sensors_info"]
    else:
        headers["sensors_info"] = sensors_info
    assert expected in refusal(sandbox, HIA, headers=headers)


def test_hia_needs_an_hia_id(sandbox: SandboxServer, account: Account) -> None:
    headers = hia_headers(account.user_token, "h", GOOD_SENSORS)
    del headers["hia_id"]
    assert refusal(sandbox, HIA, headers=headers) == "hia_id: missing header"


def test_rooms_refuse_the_wrong_kind_of_token(sandbox: SandboxServer, account: Account) -> None:
    user, customer = account.user_token, account.customer_token
    name = account.username
    wants_user = "needs a user token, got a customer token"
    wants_customer = "needs a customer token, got a user token"
    assert wants_user in refusal(sandbox, USER_AS_USER, query={"jwt_token": customer})
    assert wants_customer in refusal(
        sandbox, USER_AS_CUSTOMER, query={"jwt_token": user, "username": name}
    )
    assert wants_customer in refusal(sandbox, CUSTOMER_ROOM, headers={"jwt_token": user})
    assert wants_user in refusal(sandbox, DOWNLINK_AS_USER, headers={"jwt_token": customer})
    assert wants_customer in refusal(
        sandbox, DOWNLINK_AS_CUSTOMER, headers={"jwt_token": user, "username": name}
    )


def test_rooms_read_the_token_where_the_protocol_puts_it(
    sandbox: SandboxServer, account: Account
) -> None:
    """User rooms take jwt_token from the query; the other rooms from a header."""
    assert "jwt_token: missing (query)" in refusal(
        sandbox, USER_AS_USER, headers={"jwt_token": account.user_token}
    )
    assert "jwt_token: missing (header)" in refusal(
        sandbox, CUSTOMER_ROOM, query={"jwt_token": account.customer_token}
    )


def test_rooms_refuse_unknown_usernames(sandbox: SandboxServer, account: Account) -> None:
    customer = account.customer_token
    assert "username: no user 'nobody'" in refusal(
        sandbox, USER_AS_CUSTOMER, query={"jwt_token": customer, "username": "nobody"}
    )
    assert "username: missing" in refusal(sandbox, USER_AS_CUSTOMER, query={"jwt_token": customer})
    assert "username: no user 'nobody'" in refusal(
        sandbox, DOWNLINK_AS_CUSTOMER, headers={"jwt_token": customer, "username": "nobody"}
    )


def test_every_path_accepts_good_credentials_after_refusals(
    sandbox: SandboxServer, account: Account, peers: PeerFactory
) -> None:
    refusal(sandbox, HIA, headers={"jwt_token": "bad"})
    user, customer, name = account.user_token, account.customer_token, account.username
    connects: list[tuple[str, dict[str, str] | None, dict[str, str] | None]] = [
        (HIA, hia_headers(user, "h-ok", GOOD_SENSORS), None),
        (USER_AS_USER, None, {"jwt_token": user}),
        (USER_AS_CUSTOMER, None, {"jwt_token": customer, "username": name}),
        (CUSTOMER_ROOM, {"jwt_token": customer}, None),
        (DOWNLINK_AS_USER, {"jwt_token": user}, None),
        (DOWNLINK_AS_CUSTOMER, {"jwt_token": customer, "username": name}, None),
    ]
    for path, headers, query in connects:
        peer = peers()
        peer.connect(sandbox, path, headers=headers, query=query)
        assert peer.client.connected, path


def test_tokens_stay_out_of_the_logs(
    sandbox: SandboxServer,
    account: Account,
    peers: PeerFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    refusal(sandbox, HIA, headers=hia_headers(account.user_token, "h", "{}"))
    peers().connect(sandbox, USER_AS_USER, query={"jwt_token": account.user_token})
    peers().connect(sandbox, HIA, headers=hia_headers(account.user_token, "h-log", GOOD_SENSORS))
    assert account.user_token not in caplog.text
    assert account.user_token.split(".")[2] not in caplog.text


@pytest.fixture
def no_raw_data(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    seed = parse_seed(
        {
            "customers": [
                {
                    "email": CUSTOMER["email"],
                    "password": CUSTOMER["password"],
                    "account_id": "sandbox",
                    "access": {"raw_data": False},
                    "users": [{"username": "user1", "password": "user1-pass"}],
                }
            ]
        }
    )
    return start_sandbox(settings=Settings(), seed=seed)


def test_user_rooms_need_raw_data_access(no_raw_data: SandboxServer, peers: PeerFactory) -> None:
    account = fresh_account(no_raw_data)
    closed = "no raw data access"
    assert closed in refusal(no_raw_data, USER_AS_USER, query={"jwt_token": account.user_token})
    query = {"jwt_token": account.customer_token, "username": account.username}
    assert closed in refusal(no_raw_data, USER_AS_CUSTOMER, query=query)
    room = peers()
    room.connect(no_raw_data, CUSTOMER_ROOM, headers={"jwt_token": account.customer_token})
    assert room.client.connected
