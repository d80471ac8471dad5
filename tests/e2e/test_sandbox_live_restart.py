"""SandboxServer.restart: down and up on the same port with the same state, like a redeploy."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import start_recording
from tests.e2e.live_helpers import (
    USER_AS_USER,
    PeerFactory,
    connect_hia,
    fresh_account,
    peer_pool,
    pipeline,
    sensor,
    wait_until,
)

EDA = {"eda1": sensor("eda1")}
RECONNECTING: dict[str, Any] = {
    "reconnection": True,
    "reconnection_delay": 0.05,
    "reconnection_delay_max": 0.1,
    "randomization_factor": 0.0,
}


@pytest.fixture
def peers() -> Iterator[PeerFactory]:
    with peer_pool() as make:
        yield make


def _stored(sandbox: SandboxServer, user_id: int, hia_id: str) -> list[float]:
    def read() -> list[float]:
        history = sandbox.state.users[user_id].history
        return [p.samples[0][0] for p in history if p.hia_id == hia_id]

    return sandbox.call(read)


def test_clients_reconnect_and_the_state_survives_a_restart(
    start_sandbox: Callable[..., SandboxServer], peers: PeerFactory
) -> None:
    sandbox = start_sandbox()
    port = sandbox.port
    account = fresh_account(sandbox)
    recorder = start_recording(account.customer, account.username)
    room = peers(**RECONNECTING)
    room.connect(sandbox, USER_AS_USER, query={"jwt_token": account.user_token})
    hia = connect_hia(peers, sandbox, account, EDA, hia_id="phoenix", **RECONNECTING)
    acks: list[tuple[int, Any]] = []

    def send(i: int) -> None:
        hia.client.emit(
            "pipeline",
            pipeline("eda1", [[float(i)]], hia_id="phoenix"),
            callback=lambda *args: acks.append((i, args)),
        )

    for i in range(20):
        send(i)
    wait_until(lambda: len(acks) == 20)
    for i in range(20, 60):  # some of these are still on the wire when the restart begins
        send(i)
    sandbox.restart(down_for=0.3)
    assert sandbox.port == port

    stored = _stored(sandbox, account.user_id, "phoenix")
    relayed = [event["data"]["sample"][0][0] for event in room.wait_for("data", len(stored))]
    acked = [float(i) for i, args in sorted(acks)]
    assert all(args == (True,) for _, args in acks)  # no packet refused
    assert stored == acked == relayed  # every packet kept was acked and relayed, and only those
    assert len(stored) >= 20

    wait_until(lambda: hia.client.connected and room.client.connected)
    connected = account.customer.ok("GET", "/gateway/users/connected")  # the old token
    assert {"id": account.user_id, "username": account.username} in connected
    assert hia.emit_acked("pipeline", pipeline("eda1", [[99.0]], hia_id="phoenix")) is True
    assert room.wait_for("data", len(stored) + 1)[-1]["data"]["sample"] == [[99.0]]
    kept = account.customer.ok("GET", f"/gateway/recorder/{recorder['id']}")
    assert kept["status"] == "recording"
    assert kept["packets_count"] == len(stored) + 1


def test_the_port_refuses_connections_while_down(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    sandbox = start_sandbox()
    account = fresh_account(sandbox)

    def refused() -> bool:
        try:
            requests.get(f"{sandbox.api_url}/customers/current", timeout=0.2)
        except requests.ConnectTimeout:
            return False
        except requests.ConnectionError:
            return True
        except requests.Timeout:  # accepted as the listener closed: CPython 3.11 leaks it
            return False
        return False

    # down long enough that probes hanging on a connection the closing listener accepted
    # (a CPython 3.11 quirk) cannot use up the whole window
    restart = threading.Thread(target=sandbox.restart, kwargs={"down_for": 2.0})
    restart.start()
    try:
        wait_until(refused)
    finally:
        restart.join(10)
    assert not restart.is_alive()
    assert account.customer.ok("GET", "/customers/current")["account_id"] == "sandbox"
    assert account.customer.ok("GET", f"/users/{account.username}")["id"] == account.user_id
