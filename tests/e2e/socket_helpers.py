"""Shared pieces of the socket end-to-end tests: accounts, sensors, a thread-safe inbox."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import neurospeed_api as ns
from tests.e2e.client_helpers import ACCOUNT, customer_client

T = TypeVar("T")
PASSWORD = "socket-pass-1"
_names = itertools.count(1)


def eeg_sensor(stream_id: str, channels: int = 8, rate: float = 256.0) -> ns.SensorInfo:
    return ns.SensorInfo(
        device_type=ns.DeviceType.EEG,
        channel_count=channels,
        channel_map=[f"ch{i}" for i in range(channels)],
        sampling_frequency=rate,
        manufacturer_id="sdk-tests",
        sensor_id=stream_id,
        stream_id=stream_id,
        stream_state=ns.StreamState.ENABLED,
    )


class Inbox(Generic[T]):
    """What callbacks received, from socket threads; waits are bounded by a deadline."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._cond = threading.Condition()

    def __call__(self, item: T) -> None:
        with self._cond:
            self._items.append(item)
            self._cond.notify_all()

    @property
    def items(self) -> list[T]:
        with self._cond:
            return list(self._items)

    def wait_until(self, done: Callable[[list[T]], bool], seconds: float = 5.0) -> list[T]:
        deadline = time.monotonic() + seconds
        with self._cond:
            while not done(self._items):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"inbox holds {len(self._items)} items after {seconds} s")
                self._cond.wait(left)
            return list(self._items)


@contextmanager
def user_session(api_url: str) -> Iterator[tuple[ns.Client, ns.Client, str]]:
    """(customer client, user client, username) for a fresh user of the sandbox customer."""
    username = f"socket_user_{next(_names)}"
    with customer_client(api_url) as customer:
        customer.users.create(username=username, password=PASSWORD)
        with ns.Client(api_url) as user:
            user.users.login(account_id=ACCOUNT, username=username, password=PASSWORD)
            yield customer, user, username


def samples_of(packets: list[ns.DataPacket], stream_id: str) -> list[list[float]]:
    rows: list[list[float]] = []
    for packet in packets:
        if packet.stream_id == stream_id and packet.data is not None:
            rows.extend(packet.data.sample)
    return rows


def connected(channel: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not channel.is_connected():
        if time.monotonic() > deadline:
            raise AssertionError(f"{channel!r} did not connect within {seconds} s")
        time.sleep(0.01)
