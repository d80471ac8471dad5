"""End-to-end fixtures: real sandboxes on free loopback ports, talked to with `requests`."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from neurospeed_ext.sandbox import SandboxServer, Seed, Settings, parse_seed

CUSTOMER = {"email": "customer@sandbox.local", "password": "customer-pass"}
ACCOUNT_ID = "sandbox"
TIMEOUT = 5.0
"""Seconds any single HTTP request may take."""

_names = itertools.count(1)


class Client:
    """A requests.Session bound to one sandbox and, after login, one bearer token."""

    def __init__(self, sandbox: SandboxServer, token: str | None = None) -> None:
        self.sandbox = sandbox
        self.session = requests.Session()
        self.token = token

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        url = path if path.startswith("http") else f"{self.sandbox.api_url}{path}"
        return self.session.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON of a 2xx answer; fails the test with the body otherwise."""
        response = self.request(method, path, **kwargs)
        assert 200 <= response.status_code < 300, (response.status_code, response.text)
        return response.json()


def login_customer(
    sandbox: SandboxServer, email: str = CUSTOMER["email"], password: str = CUSTOMER["password"]
) -> Client:
    client = Client(sandbox)
    body = client.ok("POST", "/auth/login", json={"email": email, "password": password})
    client.token = body["token"]["accessToken"]
    return client


def login_user(
    sandbox: SandboxServer, username: str, password: str, account_id: str = ACCOUNT_ID
) -> Client:
    client = Client(sandbox)
    body = client.ok(
        "POST",
        "/users/login",
        json={"account_id": account_id, "username": username, "password": password},
    )
    client.token = body["token"]["accessToken"]
    return client


def new_user(customer: Client, password: str = "secret-pass") -> dict[str, Any]:
    """A fresh user of `customer`, so tests sharing a sandbox do not share recorders."""
    username = f"tester{next(_names)}"
    user: dict[str, Any] = customer.ok(
        "POST", "/users", json={"username": username, "password": password}
    )
    return user


def wait_for(check: Callable[[], Any], timeout: float = 3.0, interval: float = 0.01) -> Any:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)


def sensor(
    stream_id: str, device_type: str = "EDA", channels: tuple[str, ...] = ("EDA",)
) -> dict[str, Any]:
    return {
        "device_type": device_type,
        "channel_count": len(channels),
        "channel_map": list(channels),
        "sampling_frequency": 4,
        "manufacturer_id": "sandbox",
        "sensor_id": stream_id,
        "stream_id": stream_id,
    }


def send_packets(
    sandbox: SandboxServer, username: str, packets: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """Inject packets through the test hook, as if the user's HIA had sent them."""
    response = requests.post(
        f"{sandbox.base_url}/__sandbox__/packets",
        json={"username": username, "packets": packets, **extra},
        timeout=TIMEOUT,
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def start_recording(customer: Client, username: str) -> dict[str, Any]:
    recorder = customer.ok(
        "POST",
        "/gateway/recorder",
        json={"username": username, "recorder_name": "rec", "unlimited": "true"},
    )
    path = f"/gateway/recorder/{recorder['id']}"
    recording: dict[str, Any] = wait_for(
        lambda: (r := customer.ok("GET", path))["status"] == "recording" and r
    )
    return recording


def two_customer_seed() -> Seed:
    return parse_seed(
        {
            "customers": [
                {
                    "email": CUSTOMER["email"],
                    "password": CUSTOMER["password"],
                    "account_id": ACCOUNT_ID,
                    "users": [
                        {"username": "user1", "password": "user1-pass"},
                        {"username": "user2", "password": "user2-pass"},
                    ],
                },
                {
                    "email": "other@sandbox.local",
                    "password": "other-pass",
                    "account_id": "other",
                    "access": {"insights": False},
                    "users": [{"username": "user1", "password": "other1-pass"}],
                },
            ]
        }
    )


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    """One sandbox with the default seed for a whole test module."""
    with SandboxServer() as server:
        yield server


@pytest.fixture
def start_sandbox() -> Iterator[Callable[..., SandboxServer]]:
    """Start sandboxes with a custom seed or settings: `start_sandbox(settings=..., seed=...)`."""
    started: list[SandboxServer] = []

    def start(settings: Settings | None = None, seed: Seed | None = None) -> SandboxServer:
        server = SandboxServer(settings=settings, seed=seed).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def customer(sandbox: SandboxServer) -> Client:
    return login_customer(sandbox)
