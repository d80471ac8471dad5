"""Shared pieces of the sandbox's Socket.IO tests: plain python-socketio peers, accounts.

Every peer is a real `socketio.Client` over a real websocket to the sandbox; each wait
is bounded by a deadline.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import attrs
import socketio

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import Client, login_customer, login_user, new_user

WAIT = 5.0
"""Seconds any single wait may take."""

HIA = "/hia"
USER_AS_USER = "/target_is_user_room_as_user"
USER_AS_CUSTOMER = "/target_is_user_room_as_customer"
CUSTOMER_ROOM = "/target_is_customer_room"
DOWNLINK_AS_USER = "/target_is_downlink_room_as_user"
DOWNLINK_AS_CUSTOMER = "/target_is_downlink_room_as_customer"


class Peer:
    """A socketio.Client that records the events it receives, for bounded waits."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("reconnection", False)
        self.client = socketio.Client(**options)
        self.refusals: list[Any] = []
        self._events: list[tuple[str, tuple[Any, ...]]] = []
        self._cond = threading.Condition()
        self.client.on("*", self.record)
        self.client.on("connect_error", self.refusals.append)

    def record(self, event: str, *args: Any) -> None:
        with self._cond:
            self._events.append((event, args))
            self._cond.notify_all()

    def received(self, event: str) -> list[tuple[Any, ...]]:
        """The arguments of every `event` so far."""
        with self._cond:
            return [args for name, args in self._events if name == event]

    def event_names(self) -> list[str]:
        """The name of every event so far, in the order they came."""
        with self._cond:
            return [name for name, _ in self._events]

    def wait_for(self, event: str, count: int = 1, timeout: float = WAIT) -> list[Any]:
        """The first argument of each `event`, once at least `count` came."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [args[0] if args else None for name, args in self._events if name == event]
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(got)} {event!r} events after {timeout} s")
                self._cond.wait(left)

    def connect(
        self,
        sandbox: SandboxServer,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
    ) -> None:
        url = sandbox.base_url + (f"?{urlencode(query)}" if query else "")
        self.client.connect(
            url,
            headers=headers or {},
            transports=["websocket"],
            socketio_path=path,
            wait_timeout=WAIT,
        )

    def emit_acked(self, event: str, data: Any) -> Any:
        """Emit and wait for the server's acknowledgement."""
        return self.client.call(event, data, timeout=WAIT)

    def close(self) -> None:
        self.client.disconnect()


PeerFactory = Callable[..., Peer]


@contextmanager
def peer_pool() -> Iterator[PeerFactory]:
    """Make peers with `make(**socketio_client_options)`; all are disconnected at the end."""
    made: list[Peer] = []

    def make(**options: Any) -> Peer:
        peer = Peer(**options)
        made.append(peer)
        return peer

    try:
        yield make
    finally:
        for peer in made:
            peer.close()


def refusal(
    sandbox: SandboxServer,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> str:
    """The message of a refused connect; fails the test when the connect succeeds."""
    peer = Peer()
    try:
        peer.connect(sandbox, path, headers=headers, query=query)
    except socketio.exceptions.ConnectionError:
        pass
    else:
        raise AssertionError(f"connect to {path} was accepted")
    finally:
        peer.close()
    assert peer.refusals, "refused without a connect_error"
    data = peer.refusals[-1]
    message: str = data["message"] if isinstance(data, dict) else str(data)
    return message


@attrs.frozen
class Account:
    """A fresh user of the seeded customer, with both tokens."""

    customer: Client
    username: str
    user_id: int
    user_token: str

    @property
    def customer_token(self) -> str:
        assert self.customer.token is not None
        return self.customer.token


def fresh_account(sandbox: SandboxServer, password: str = "secret-pass") -> Account:
    customer = login_customer(sandbox)
    user = new_user(customer, password)
    token = login_user(sandbox, user["username"], password).token
    assert token is not None
    return Account(customer, user["username"], user["id"], token)


def sensor(
    stream_id: str,
    device_type: str = "EDA",
    channels: tuple[str, ...] = ("EDA",),
    rate: float = 4.0,
) -> dict[str, Any]:
    return {
        "device_type": device_type,
        "channel_count": len(channels),
        "channel_map": list(channels),
        "sampling_frequency": rate,
        "manufacturer_id": "sandbox-tests",
        "sensor_id": stream_id,
        "stream_id": stream_id,
        "stream_state": "enabled",
    }


def hia_headers(
    token: str, hia_id: str, sensors: dict[str, Any] | str, **extra: str
) -> dict[str, str]:
    """The connect headers of /hia, as the published client sends them."""
    return {
        "jwt_token": token,
        "jwt_refresh_token": "refresh-not-checked",
        "hia_id": hia_id,
        "sensors_info": sensors if isinstance(sensors, str) else json.dumps(sensors),
        "current_local_time": str(round(time.time())),
        "local_timezone": "+0000",
        **extra,
    }


def pipeline(
    stream_id: str,
    rows: list[list[float]],
    *,
    hia_id: str = "hia1",
    device_type: str = "EDA",
    labels: tuple[str, ...] = ("none",),
    onetime: tuple[str, ...] = ("none",),
) -> dict[str, Any]:
    """A `pipeline` payload; `data` is JSON text, as the published client sends it."""
    return {
        "stream_id": stream_id,
        "device_type": device_type,
        "hia_id": hia_id,
        "data": json.dumps({"sample": rows}),
        "experiment": {"packet_labels": list(labels), "onetime_labels": list(onetime)},
    }


def connect_hia(
    make: PeerFactory,
    sandbox: SandboxServer,
    account: Account,
    sensors: dict[str, Any],
    hia_id: str = "hia1",
    **options: Any,
) -> Peer:
    peer = make(**options)
    peer.connect(sandbox, HIA, headers=hia_headers(account.user_token, hia_id, sensors))
    return peer


def wait_until(check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.01)
