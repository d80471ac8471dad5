"""The recorder life cycle of PROTOCOL 4.1 and which packets a recording keeps."""

from __future__ import annotations

from typing import Any

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import (
    Client,
    login_user,
    new_user,
    send_packets,
    sensor,
    start_recording,
    wait_for,
)

FIELDS = {
    "id",
    "recorder_name",
    "recorder_size",
    "columns",
    "experiment_labels",
    "stream_ids",
    "status",
    "request_status",
    "is_active",
    "packets_count",
    "created_at",
    "updated_at",
    "username",
}


def packet(value: float, stamp: float, label: str = "rest") -> dict[str, Any]:
    return {
        "stream_id": "eda1",
        "sensor_info": sensor("eda1"),
        "samples": [[value, stamp]],
        "labels": [label],
    }


def status_of(customer: Client, recorder_id: int) -> str:
    status: str = customer.ok("GET", f"/gateway/recorder/{recorder_id}")["status"]
    return status


def test_create_walks_to_recording(customer: Client) -> None:
    user = new_user(customer)
    answer = customer.post(
        "/gateway/recorder",
        json={"username": user["username"], "recorder_name": "walk", "unlimited": "true"},
    )
    assert answer.status_code == 201
    created = answer.json()
    assert set(created) >= FIELDS and created["status"] == "resource_pending"
    assert created["username"] == user["username"] and created["packets_count"] == 0
    seen = [created["status"]]

    def recording() -> bool:
        seen.append(status_of(customer, created["id"]))
        return bool(seen[-1] == "recording")

    wait_for(recording)
    order = ["resource_pending", "pending", "recording"]
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)


def test_one_active_recorder_per_user(customer: Client) -> None:
    user = new_user(customer)
    first = start_recording(customer, user["username"])
    body = {"username": user["username"], "recorder_name": "second", "unlimited": "true"}
    second = customer.post("/gateway/recorder", json=body)
    assert second.status_code == 409 and second.json()["message"]
    customer.ok("PUT", "/gateway/recorder", params={"id": first["id"]}, data={"status": "stopped"})
    assert customer.post("/gateway/recorder", json=body).status_code == 201


def test_pause_resume_stop(customer: Client) -> None:
    user = new_user(customer)
    recorder_id = start_recording(customer, user["username"])["id"]
    paused = customer.ok(
        "PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "paused"}
    )
    assert paused["status"] == "paused" and paused["request_status"] == "paused"
    resumed = customer.ok(
        "PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "pending"}
    )
    assert resumed["status"] == "pending"
    wait_for(lambda: status_of(customer, recorder_id) == "recording")
    stopped = customer.ok(
        "PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "stopped"}
    )
    assert stopped["status"] == "stopped" and stopped["is_active"] is False
    for status in ("pending", "paused", "stopped"):
        again = customer.put(
            "/gateway/recorder", params={"id": recorder_id}, data={"status": status}
        )
        assert again.status_code == 409 and again.json()["message"]


def test_only_packets_sent_while_recording_are_kept(
    customer: Client, sandbox: SandboxServer
) -> None:
    user = new_user(customer)
    name = user["username"]
    assert send_packets(sandbox, name, [packet(9.0, 1.0)])["recorded"] == 0
    recorder_id = start_recording(customer, name)["id"]
    kept = send_packets(sandbox, name, [packet(1.0, 100.0, "a"), packet(2.0, 101.5, "b")])
    assert kept == {"received": 2, "recorded": 2, "recorder_id": recorder_id}
    customer.ok("PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "paused"})
    assert send_packets(sandbox, name, [packet(3.0, 102.0)])["recorded"] == 0
    customer.ok("PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "stopped"})
    assert send_packets(sandbox, name, [packet(4.0, 103.0)])["recorded"] == 0
    recorder = customer.ok("GET", f"/gateway/recorder/{recorder_id}")
    assert recorder["packets_count"] == 2 and recorder["recorder_size"] > 0
    assert recorder["columns"] == ["EDA"] and recorder["stream_ids"] == ["eda1"]
    assert recorder["experiment_labels"] == ["a", "b"]
    assert (recorder["minimum_timestamp"], recorder["maximum_timestamp"]) == (100.0, 101.5)


def test_list_and_delete(customer: Client) -> None:
    user = new_user(customer)
    name = user["username"]
    first = start_recording(customer, name)["id"]
    customer.ok("PUT", "/gateway/recorder", params={"id": first}, data={"status": "stopped"})
    second = start_recording(customer, name)["id"]
    query = {"pager": {"page_number": 1, "page_size": 10}, "filters": {"username": name}}
    listed = customer.ok("POST", "/gateway/recorder/list", json=query)["pager"]["items"]
    assert [r["id"] for r in listed] == [first, second]
    everyone = customer.ok(
        "POST",
        "/gateway/recorder/list",
        json={"pager": {"page_number": 1, "page_size": 500}, "filters": {}},
    )["pager"]["items"]
    assert {first, second} <= {r["id"] for r in everyone}
    deleted = customer.delete("/gateway/recorder", params={"recorder_id": first})
    assert deleted.status_code == 200 and deleted.json()["id"] == first
    listed = customer.ok("POST", "/gateway/recorder/list", json=query)["pager"]["items"]
    assert [r["id"] for r in listed] == [second]
    assert customer.get(f"/gateway/recorder/{first}").status_code == 404
    assert customer.delete("/gateway/recorder", params={"recorder_id": first}).status_code == 404


def test_bad_recorder_requests(customer: Client, sandbox: SandboxServer) -> None:
    user = new_user(customer)
    recorder_id = start_recording(customer, user["username"])["id"]
    forced = customer.put(
        "/gateway/recorder", params={"id": recorder_id}, data={"status": "recording"}
    )
    assert forced.status_code == 400
    unknown = customer.put(
        "/gateway/recorder", params={"id": recorder_id}, data={"status": "bogus"}
    )
    assert unknown.status_code == 400
    assert (
        customer.put("/gateway/recorder", params={"id": "x"}, data={"status": "paused"}).status_code
        == 400
    )
    assert (
        customer.put(
            "/gateway/recorder", params={"id": 424242}, data={"status": "paused"}
        ).status_code
        == 404
    )
    assert customer.get("/gateway/recorder/424242").status_code == 404
    assert customer.get("/gateway/recorder/abc").status_code == 404
    nobody = customer.post(
        "/gateway/recorder", json={"username": "nobody", "recorder_name": "x", "unlimited": "true"}
    )
    assert nobody.status_code == 404
    missing = customer.post("/gateway/recorder", json={"username": user["username"]})
    assert missing.status_code == 400 and "recorder_name" in missing.json()["message"]
    user_token = login_user(sandbox, "user1", "user1-pass")
    assert user_token.get(f"/gateway/recorder/{recorder_id}").status_code == 403
    listing = {"pager": {"page_number": 1, "page_size": 5}, "filters": {}}
    assert user_token.post("/gateway/recorder/list", json=listing).status_code == 403
