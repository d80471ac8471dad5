"""Room data as an iterator: a generated room socket feeding a bounded buffer.

Callbacks of the generated sockets run on the channel's dispatcher thread; a room here
puts each decoded `ns.DataPacket` in a buffer that the caller's thread reads at its own
pace. When the reader falls behind by `max_buffered` packets the oldest are dropped
(counted in `dropped`, logged once), so a slow reader can never exhaust memory.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Self

import neurospeed_api as ns

log = logging.getLogger(__name__)

RoomSocket = ns.UserRoomAsUserSocket | ns.UserRoomAsCustomerSocket
SERVER_DISCONNECT = "server disconnect"
"""python-socketio's reason when the server ended the session (it does not reconnect)."""


class RoomClosed(Exception):
    """Reading from a room that was closed and has nothing buffered."""


class Room:
    """A user's room: `for packet in room.packets(timeout=5): ...` inside `with room:`."""

    def __init__(
        self,
        socket: RoomSocket,
        connect: Callable[[], None],
        *,
        max_buffered: int = 10_000,
    ) -> None:
        if max_buffered < 1:
            raise ValueError("max_buffered must be at least 1")
        self.socket = socket
        self._connect = connect
        self._max = max_buffered
        self._buffer: collections.deque[ns.DataPacket] = collections.deque()
        self._ready = threading.Condition()
        self._closed = False
        self.received = 0
        """Packets received since the room was opened."""
        self.dropped = 0
        """Packets dropped because the reader fell `max_buffered` behind."""
        socket.on_data(self._arrived)
        socket.on_disconnect(self._lost)

    def open(self) -> Self:
        """Connect to the room; SocketConnectError with the server's reason when refused."""
        with self._ready:
            self._closed = False
        self._connect()
        return self

    def close(self) -> None:
        """Disconnect; readers waiting for a packet stop after the buffered ones."""
        try:
            self.socket.disconnect()
        finally:
            self._mark_closed()

    def _mark_closed(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    def _lost(self, reason: str) -> None:
        """A room the server closed is not reconnected: wake readers instead of leaving
        them waiting. A dropped transport is reconnected, and reading goes on."""
        if reason == SERVER_DISCONNECT:
            log.warning("the server closed the room")
            self._mark_closed()

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def on_events(self, callback: Callable[[ns.DeviceEvent], object]) -> None:
        """Call `callback(event)` for each HIA connect/disconnect of the room's user."""
        self.socket.on_events(callback)

    def wait_received(self, count: int, timeout: float) -> bool:
        """Wait until `count` packets have arrived since opening; False on timeout."""
        with self._ready:
            return self._ready.wait_for(lambda: self.received >= count, timeout)

    def get(self, timeout: float | None = None) -> ns.DataPacket:
        """The next packet; TimeoutError after `timeout` seconds, RoomClosed once closed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._ready:
            while not self._buffer:
                if self._closed:
                    raise RoomClosed("the room is closed")
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"no room data within {timeout:g} s")
                self._ready.wait(remaining)
            return self._buffer.popleft()

    def packets(
        self, *, timeout: float | None = None, limit: int | None = None
    ) -> Iterator[ns.DataPacket]:
        """Packets as they come; stops after `timeout` s without one, after `limit`
        packets, or when the room is closed."""
        count = 0
        while limit is None or count < limit:
            try:
                packet = self.get(timeout)
            except (TimeoutError, RoomClosed):
                return
            count += 1
            yield packet

    def __iter__(self) -> Iterator[ns.DataPacket]:
        return self.packets()

    def _arrived(self, packet: ns.DataPacket) -> None:
        with self._ready:
            self.received += 1
            if len(self._buffer) >= self._max:
                self._buffer.popleft()
                self.dropped += 1
                if self.dropped == 1:
                    log.warning("room reader is %d packets behind; dropping the oldest", self._max)
            self._buffer.append(packet)
            self._ready.notify_all()

    def __repr__(self) -> str:
        state = "open" if self.socket.is_connected() else "closed"
        return f"Room({type(self.socket).__name__}, {state}, buffered={len(self._buffer)})"
