"""Shared pieces of the generated-client end-to-end tests (real HTTP to a sandbox)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import requests

import neurospeed_api as ns

T = TypeVar("T")

CUSTOMER = {"email": "customer@sandbox.local", "password": "customer-pass"}
ACCOUNT = "sandbox"

EEG_INFO = {
    "device_type": "EEG",
    "channel_count": 2,
    "channel_map": ["Fp1", "Fp2"],
    "sampling_frequency": 256.0,
    "manufacturer_id": "OpenBCI",
    "sensor_id": "EEG_k3j9x2",
    "stream_id": "EEG_k3j9x2",
    "stream_state": "enabled",
}


def customer_client(api_url: str, **options: object) -> ns.Client:
    client = ns.Client(api_url, **options)  # type: ignore[arg-type]
    client.auth.login(**CUSTOMER)
    return client


def wait_for(probe: Callable[[], T], done: Callable[[T], bool], *, seconds: float = 5.0) -> T:
    """Poll `probe` until `done` holds; fails the test after `seconds` (bounded loop)."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {seconds} s")
        time.sleep(0.01)


def send_packets(base_url: str, username: str, rows: list[list[float]], label: str = "") -> None:
    """Store packets as if the user's HIA had sent them (sandbox test hook)."""
    packet = {"stream_id": EEG_INFO["stream_id"], "sensor_info": EEG_INFO, "samples": rows}
    if label:
        packet["labels"] = [label]
    answer = requests.post(
        f"{base_url}/__sandbox__/packets",
        json={"username": username, "account_id": ACCOUNT, "packets": [packet]},
        timeout=5,
    )
    answer.raise_for_status()


def inject_fault(base_url: str, **rule: object) -> None:
    requests.post(f"{base_url}/__sandbox__/faults", json=rule, timeout=5).raise_for_status()


def pending_faults(base_url: str) -> list[dict[str, object]]:
    answer = requests.get(f"{base_url}/__sandbox__/faults", timeout=5)
    answer.raise_for_status()
    result: list[dict[str, object]] = answer.json()
    return result
