"""Bad input, unknown routes, oversized bodies and injected faults: JSON errors, no outage."""

from __future__ import annotations

import requests

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import CUSTOMER, Client

HOOKS = "/__sandbox__"


def hook(sandbox: SandboxServer, method: str, name: str, **kwargs: object) -> requests.Response:
    return requests.request(method, f"{sandbox.base_url}{HOOKS}/{name}", timeout=5, **kwargs)  # type: ignore[arg-type]


def test_malformed_bodies_answer_400_naming_the_field(customer: Client) -> None:
    not_json = customer.post(
        "/users", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400 and "JSON" in not_json.json()["message"]
    empty = customer.post("/users/list")
    assert empty.status_code == 400
    wrong_type = customer.post("/users", json={"username": 12, "password": "long-enough"})
    assert wrong_type.status_code == 400 and "username" in wrong_type.json()["message"]
    not_object = customer.post("/users", json=["user", "pass"])
    assert not_object.status_code == 400
    nested = customer.post(
        "/users/list", json={"pager": {"page_number": "1", "page_size": 5}, "filters": {}}
    )
    assert nested.status_code == 400 and "pager.page_number" in nested.json()["message"]


def test_secrets_are_not_echoed_in_errors(sandbox: SandboxServer) -> None:
    answer = requests.post(
        f"{sandbox.api_url}/auth/login", json={"email": "a@b", "password": 123456789}, timeout=5
    )
    assert answer.status_code == 400 and "123456789" not in answer.text


def test_unknown_routes_and_methods_answer_json(sandbox: SandboxServer) -> None:
    missing = requests.get(f"{sandbox.api_url}/no/such/route", timeout=5)
    assert missing.status_code == 404 and missing.json() == {"message": "Not Found"}
    wrong_method = requests.patch(f"{sandbox.api_url}/auth/login", timeout=5)
    assert wrong_method.status_code == 405 and wrong_method.json()["message"]


def test_bodies_over_one_mib_answer_413(sandbox: SandboxServer) -> None:
    big = b'{"email": "' + b"x" * (1 << 20) + b'"}'
    answer = requests.post(
        f"{sandbox.api_url}/auth/login",
        data=big,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert answer.status_code == 413 and answer.json()["message"]
    assert (
        requests.post(f"{sandbox.api_url}/auth/login", json=CUSTOMER, timeout=5).status_code == 200
    )


def test_injected_faults_answer_then_stop(customer: Client, sandbox: SandboxServer) -> None:
    rule = {
        "method": "GET",
        "path": "/api/customers/current",
        "status": 503,
        "count": 2,
        "retry_after": 1,
    }
    assert hook(sandbox, "POST", "faults", json=rule).status_code == 201
    assert hook(sandbox, "GET", "faults").json()[0]["remaining"] == 2
    for _ in range(2):
        answer = customer.get("/customers/current")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
        assert answer.json()["message"]
    assert customer.get("/customers/current").status_code == 200
    assert hook(sandbox, "GET", "faults").json() == []


def test_faults_match_method_and_path(customer: Client, sandbox: SandboxServer) -> None:
    rule = {"method": "POST", "path": "/api/users/list", "status": 429, "message": "slow down"}
    hook(sandbox, "POST", "faults", json=rule)
    assert customer.get("/customers/current").status_code == 200
    limited = customer.post(
        "/users/list", json={"pager": {"page_number": 1, "page_size": 1}, "filters": {}}
    )
    assert limited.status_code == 429 and limited.json() == {"message": "slow down"}
    hook(sandbox, "POST", "faults", json={"path": "/api/users/user1", "status": 500, "count": 5})
    assert hook(sandbox, "DELETE", "faults").json() == {"pending": 0}
    assert customer.get("/users/user1").status_code == 200


def test_a_crash_is_a_500_and_the_server_keeps_serving(
    customer: Client, sandbox: SandboxServer
) -> None:
    hook(
        sandbox,
        "POST",
        "faults",
        json={"path": "/api/customers/current", "status": 500, "crash": True},
    )
    crashed = customer.get("/customers/current")
    assert crashed.status_code == 500 and crashed.json() == {"message": "Internal server error"}
    assert customer.get("/customers/current").status_code == 200


def test_bad_hook_requests(sandbox: SandboxServer) -> None:
    assert hook(sandbox, "POST", "faults", json={"path": "no-slash"}).status_code == 400
    assert hook(sandbox, "POST", "faults", json={"path": "/x", "status": 99}).status_code == 400
    assert hook(sandbox, "POST", "faults", json={"path": "/x", "count": 0}).status_code == 400
    assert (
        hook(sandbox, "POST", "packets", json={"username": "nobody", "packets": []}).status_code
        == 404
    )
    bad_width = {
        "username": "user1",
        "packets": [
            {
                "stream_id": "s",
                "sensor_info": {
                    "device_type": "EDA",
                    "channel_count": 1,
                    "channel_map": ["EDA"],
                    "sampling_frequency": 4,
                    "manufacturer_id": "m",
                    "sensor_id": "s",
                    "stream_id": "s",
                },
                "samples": [[1, 2, 3]],
            }
        ],
    }
    answer = hook(sandbox, "POST", "packets", json=bad_width)
    assert answer.status_code == 400 and "packets[0]" in answer.json()["message"]
    no_info = {"username": "user1", "packets": [{"stream_id": "s", "samples": [[1]]}]}
    answer = hook(sandbox, "POST", "packets", json=no_info)
    assert answer.status_code == 400 and "packets[0].sensor_info" in answer.json()["message"]
