"""Connected HIAs and the SSR outbox: the meeting point of REST and the Socket.IO layer.

REST reads the registry (connected users, connections) and writes the outbox (stream
state and downlink requests); the Socket.IO layer fills the registry as HIAs connect and
delivers outbox messages to them, by subscribing or by taking what is pending.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

import neurospeed_api as ns

from .records import utc_now

log = logging.getLogger(__name__)

OutboxKey = tuple[int, str]
"""(user id, hia id): user ids stay valid when a user is renamed; hia ids are per user."""

MAX_PENDING = 1000


@attrs.define(eq=False, kw_only=True)
class HiaConnection:
    """One connected HIA; `pings`/`pongs` count the server's health checks and answers."""

    id: int
    customer_id: int
    user_id: int
    hia_id: str
    sensors: dict[str, ns.SensorInfo]
    connected_at: datetime.datetime
    pings: int = 0
    pongs: int = 0
    last_pong: datetime.datetime | None = None

    def record_pong(self) -> None:
        self.pongs += 1
        self.last_pong = utc_now()


class ConnectionRegistry:
    """The HIAs connected now, one per (user, hia id); a new connection replaces the old."""

    def __init__(self) -> None:
        self._by_key: dict[OutboxKey, HiaConnection] = {}
        self._ids = itertools.count(1)

    def connect(
        self, customer_id: int, user_id: int, hia_id: str, sensors: dict[str, ns.SensorInfo]
    ) -> HiaConnection:
        connection = HiaConnection(
            id=next(self._ids),
            customer_id=customer_id,
            user_id=user_id,
            hia_id=hia_id,
            sensors=sensors,
            connected_at=utc_now(),
        )
        self._by_key[(user_id, hia_id)] = connection
        return connection

    def disconnect(self, user_id: int, hia_id: str) -> HiaConnection | None:
        return self._by_key.pop((user_id, hia_id), None)

    def release(self, connection: HiaConnection) -> bool:
        """Unregister `connection` unless a newer one with its key replaced it already."""
        key = (connection.user_id, connection.hia_id)
        if self._by_key.get(key) is not connection:
            return False
        del self._by_key[key]
        return True

    def get(self, user_id: int, hia_id: str) -> HiaConnection | None:
        return self._by_key.get((user_id, hia_id))

    def all(self) -> list[HiaConnection]:
        return list(self._by_key.values())

    def of_customer(self, customer_id: int) -> list[HiaConnection]:
        return [c for c in self._by_key.values() if c.customer_id == customer_id]

    def drop_user(self, user_id: int) -> None:
        for key in [k for k in self._by_key if k[0] == user_id]:
            del self._by_key[key]


@attrs.frozen(kw_only=True)
class OutboxMessage:
    event: str
    """`ssr_stream_state` or `ssr_downlink`, the event name on the /hia socket."""
    data: Any
    created_at: datetime.datetime = attrs.Factory(utc_now)


Listener = Callable[[OutboxKey, OutboxMessage], None]


class Outbox:
    """Messages for HIAs, kept per (user, hia id) until taken; listeners hear each one."""

    def __init__(self) -> None:
        self._pending: dict[OutboxKey, deque[OutboxMessage]] = {}
        self._listeners: list[Listener] = []

    def put(self, key: OutboxKey, event: str, data: Any) -> OutboxMessage:
        message = OutboxMessage(event=event, data=data)
        self._pending.setdefault(key, deque(maxlen=MAX_PENDING)).append(message)
        for listener in list(self._listeners):
            try:
                listener(key, message)
            except Exception:
                log.exception("outbox listener failed for %s", event)
        return message

    def pending(self, key: OutboxKey) -> list[OutboxMessage]:
        return list(self._pending.get(key, ()))

    def take(self, key: OutboxKey) -> list[OutboxMessage]:
        return list(self._pending.pop(key, ()))

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def drop_user(self, user_id: int) -> None:
        for key in [k for k in self._pending if k[0] == user_id]:
            del self._pending[key]
