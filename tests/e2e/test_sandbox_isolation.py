"""Two customers and two users: nobody reaches data that is not theirs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import (
    Client,
    login_customer,
    login_user,
    send_packets,
    sensor,
    start_recording,
    two_customer_seed,
    wait_for,
)

PAGE = {"pager": {"page_number": 1, "page_size": 50}, "filters": {}}


@pytest.fixture(scope="module")
def pair() -> Iterator[SandboxServer]:
    with SandboxServer(seed=two_customer_seed()) as server:
        yield server


@pytest.fixture(scope="module")
def owned(pair: SandboxServer) -> dict[str, int]:
    """A stopped, exported recording of the first customer's user1."""
    first = login_customer(pair)
    recorder = start_recording(first, "user1")["id"]
    packet = {"stream_id": "eda1", "sensor_info": sensor("eda1"), "samples": [[1.0, 5.0]]}
    send_packets(pair, "user1", [packet], account_id="sandbox")
    first.ok("PUT", "/gateway/recorder", params={"id": recorder}, data={"status": "stopped"})
    body = {"recorder_id": recorder, "exporter_config": {"custom_name": "a.csv"}, "unlimited": True}
    exporter = first.ok("POST", "/gateway/exporter", json=body)["id"]
    wait_for(lambda: first.ok("GET", f"/gateway/exporter/{exporter}")["status"] == "exported")
    return {
        "recorder": recorder,
        "exporter": exporter,
        "user": first.ok("GET", "/users/user1")["id"],
    }


@pytest.fixture
def other(pair: SandboxServer) -> Client:
    return login_customer(pair, "other@sandbox.local", "other-pass")


def test_each_customer_sees_only_its_users(pair: SandboxServer, other: Client) -> None:
    first = login_customer(pair)
    theirs = other.ok("POST", "/users/list", json=PAGE)["pager"]["items"]
    mine = first.ok("POST", "/users/list", json=PAGE)["pager"]["items"]
    assert [u["username"] for u in theirs] == ["user1"]
    assert {u["id"] for u in theirs}.isdisjoint(u["id"] for u in mine)
    assert other.get("/users/user2").status_code == 404
    assert other.ok("GET", "/customers/current")["account_id"] == "other"


def test_another_customer_cannot_touch_recorders_or_exporters(
    other: Client, owned: dict[str, int]
) -> None:
    recorder, exporter, user = owned["recorder"], owned["exporter"], owned["user"]
    assert other.get(f"/gateway/recorder/{recorder}").status_code == 404
    assert (
        other.put(
            "/gateway/recorder", params={"id": recorder}, data={"status": "paused"}
        ).status_code
        == 404
    )
    assert other.delete("/gateway/recorder", params={"recorder_id": recorder}).status_code == 404
    assert other.ok("POST", "/gateway/recorder/list", json=PAGE) == {"pager": {"items": []}}
    assert other.get(f"/gateway/exporter/{exporter}").status_code == 404
    assert other.get("/gateway/exporter/url", params={"exporter_id": exporter}).status_code == 404
    assert other.delete("/gateway/exporter", params={"exporter_id": exporter}).status_code == 404
    body = {"recorder_id": recorder, "exporter_config": {"custom_name": "stolen.csv"}}
    assert other.post("/gateway/exporter", json=body).status_code == 404
    assert other.delete("/users", params={"id": user}).status_code == 404
    modify = {"username": "hijacked", "password": "long-enough"}
    assert other.put("/users", params={"id": user}, data=modify).status_code == 404


def test_same_username_in_two_accounts_stays_apart(
    pair: SandboxServer, owned: dict[str, int]
) -> None:
    mine = login_user(pair, "user1", "user1-pass", account_id="sandbox")
    theirs = login_user(pair, "user1", "other1-pass", account_id="other")
    assert mine.ok("GET", "/users/user1")["id"] == owned["user"]
    assert theirs.ok("GET", "/users/user1")["id"] != owned["user"]
    ambiguous = {"username": "user1", "packets": []}
    answer = requests.post(f"{pair.base_url}/__sandbox__/packets", json=ambiguous, timeout=5)
    assert answer.status_code == 400 and "account_id" in answer.json()["message"]


def test_users_of_one_customer_stay_apart(pair: SandboxServer, owned: dict[str, int]) -> None:
    one = login_user(pair, "user1", "user1-pass")
    two = login_user(pair, "user2", "user2-pass")
    body = {"user_id": owned["user"], "daily_date": "1970-01-01"}
    assert one.ok("POST", "/users/settings/insights/daily_stress", json=body)["samples"] == 1
    assert two.post("/users/settings/insights/daily_stress", json=body).status_code == 403
    assert two.ok("GET", "/users/settings/insights")["packets"] == 0
    assert two.get("/users/user1").status_code == 403
    assert two.get(f"/gateway/recorder/{owned['recorder']}").status_code == 403
