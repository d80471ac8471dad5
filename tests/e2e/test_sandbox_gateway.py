"""Connected users, connections and server-side requests (PROTOCOL 4.4)."""

from __future__ import annotations

import json

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import Client, login_user

PAGE = {"pager": {"page_number": 1, "page_size": 10}, "filters": {}}


def test_no_hia_is_connected_yet(customer: Client) -> None:
    assert customer.ok("GET", "/gateway/users/connected") == []
    assert customer.ok("POST", "/gateway/connections", json=PAGE) == {"pager": {"items": []}}


def test_stream_state_is_queued_for_the_hia(customer: Client) -> None:
    body = {
        "username": "user1",
        "hia_id": "abc123",
        "stream_id": "eeg1",
        "stream_state": "disabled",
    }
    answer = customer.post("/gateway/ssr/stream_state", json=body)
    assert answer.status_code == 200
    assert answer.json() == {"queued": True, "connected": False}


def test_downlink_takes_json_text_or_json(customer: Client) -> None:
    as_text = {"username": "user1", "hia_id": "abc123", "payload": json.dumps({"beep": 3})}
    assert customer.ok("POST", "/gateway/ssr/downlink", json=as_text)["queued"] is True
    as_json = {"username": "user1", "hia_id": "abc123", "payload": {"beep": 3}}
    assert customer.ok("POST", "/gateway/ssr/downlink", json=as_json)["queued"] is True


def test_ssr_requests_are_checked(customer: Client) -> None:
    unknown_user = {
        "username": "nobody",
        "hia_id": "h",
        "stream_id": "s",
        "stream_state": "enabled",
    }
    assert customer.post("/gateway/ssr/stream_state", json=unknown_user).status_code == 404
    bad_state = {"username": "user1", "hia_id": "h", "stream_id": "s", "stream_state": "off"}
    assert customer.post("/gateway/ssr/stream_state", json=bad_state).status_code == 400
    missing = customer.post("/gateway/ssr/stream_state", json={"username": "user1"})
    assert missing.status_code == 400 and "hia_id" in missing.json()["message"]
    not_json = {"username": "user1", "hia_id": "h", "payload": "{not json"}
    assert customer.post("/gateway/ssr/downlink", json=not_json).status_code == 400
    big = {"username": "user1", "hia_id": "h", "payload": json.dumps("x" * (64 * 1024))}
    too_big = customer.post("/gateway/ssr/downlink", json=big)
    assert too_big.status_code == 413 and too_big.json()["message"]
    fits = {"username": "user1", "hia_id": "h", "payload": json.dumps("x" * (64 * 1024 - 2))}
    assert customer.post("/gateway/ssr/downlink", json=fits).status_code == 200


def test_gateway_routes_need_a_customer_token(sandbox: SandboxServer) -> None:
    user = login_user(sandbox, "user1", "user1-pass")
    assert user.get("/gateway/users/connected").status_code == 403
    assert user.post("/gateway/connections", json=PAGE).status_code == 403
    body = {"username": "user1", "hia_id": "h", "payload": "{}"}
    assert user.post("/gateway/ssr/downlink", json=body).status_code == 403
