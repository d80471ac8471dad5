"""The six Socket.IO servers, one per path on the sandbox's aiohttp app, and their rooms.

Each path (PROTOCOL 5) is its own python-socketio AsyncServer: protocol 5, websocket
transport only, namespace "/". Handlers run one at a time per socket (async_handlers
off), so a socket's packets are handled in the order they came, and an event's ack
leaves only after its handler returned.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import socketio
from aiohttp import web

from neurospeed_api._runtime import jsoncodec

from .channels import (
    CUSTOMER_ROOM,
    DOWNLINK_AS_USER,
    PATHS,
    USER_ROOM_AS_CUSTOMER,
    USER_ROOM_AS_USER,
    customer_room,
    user_room,
)

log = logging.getLogger(__name__)

CLOSE_POLL = 0.005
"""Seconds between checks while waiting for sockets to close."""

MIN_MESSAGE_BYTES = 16 << 20
"""Least limit on one websocket message; a larger message makes engineio close the
socket, while a packet over Settings.max_packet_bytes but under it gets `pipeline_error`.
Generous on purpose: clients that never split (the published one merges backlogs into
megabyte packets) then learn why their packet was refused instead of being dropped."""


class _ApiJson:
    """The generated package's JSON codec (orjson when installed), as python-socketio calls it.

    Relaying 250 packets/s, the standard library's encoder was the sandbox's largest cost.
    """

    @staticmethod
    def dumps(value: Any, **_: Any) -> str:
        return jsoncodec.dumps(value)

    @staticmethod
    def loads(text: str | bytes, **_: Any) -> Any:
        try:
            return jsoncodec.loads(text)
        except ValueError:
            # NaN and Infinity are not JSON, but clients built on the standard library
            # send them; parsed leniently, the packet checks name the offending sample.
            return json.loads(text)


class FastJsonPacket(socketio.packet.Packet):  # type: ignore[misc]
    """Packets of these servers only (not python-socketio's global class), in fast JSON."""

    json = _ApiJson

    @classmethod
    def data_is_binary(cls, data: Any) -> bool:
        """The sandbox sends JSON only: skip python-socketio's walk of every payload."""
        return False


def make_server(max_message_bytes: int) -> Any:
    """An AsyncServer for one path (typed Any: python-socketio ships no type hints)."""
    return socketio.AsyncServer(
        async_mode="aiohttp",
        transports=["websocket"],
        serializer=FastJsonPacket,
        async_handlers=False,
        max_http_buffer_size=max_message_bytes,
        logger=False,
        engineio_logger=False,
    )


class LiveServers:
    """The servers by path; `open` is False while a restart closes the sockets (no connects)."""

    def __init__(self, max_packet_bytes: int) -> None:
        limit = max(MIN_MESSAGE_BYTES, 2 * max_packet_bytes)
        self.by_path: dict[str, Any] = {path: make_server(limit) for path in PATHS}
        self.open = True

    def __getitem__(self, path: str) -> Any:
        return self.by_path[path]

    def attach(self, app: web.Application) -> None:
        for path, server in self.by_path.items():
            server.attach(app, socketio_path=path)

    async def to_user(self, user_id: int, event: str, data: Any) -> None:
        """`event` to the user's room sockets, as the user and as their customer."""
        room = user_room(user_id)
        await self[USER_ROOM_AS_USER].emit(event, data, room=room)
        await self[USER_ROOM_AS_CUSTOMER].emit(event, data, room=room)

    async def to_customer(self, customer_id: int, event: str, data: Any) -> None:
        await self[CUSTOMER_ROOM].emit(event, data, room=customer_room(customer_id))

    async def to_downlink(self, user_id: int, event: str, data: Any) -> None:
        """`event` to the user's downlink-as-user sockets."""
        await self[DOWNLINK_AS_USER].emit(event, data, room=user_room(user_id))

    async def drop_all(self, deadline: float) -> None:
        """Send what every socket has queued, then close its websocket; wait until deadline.

        The connection ends without an Engine.IO close packet, as when a server goes
        away, so clients with reconnection on try again (a close packet would tell
        python-socketio the disconnect was meant and stop it from reconnecting). This
        reaches into engineio: a None in a socket's queue is how engineio itself tells
        the socket's writer to finish.
        """
        for server in self.by_path.values():
            for eio_socket in list(server.eio.sockets.values()):
                eio_socket.queue.put_nowait(None)
        loop = asyncio.get_running_loop()
        while any(s.eio.sockets for s in self.by_path.values()):
            if loop.time() >= deadline:
                left = sum(len(s.eio.sockets) for s in self.by_path.values())
                log.warning("%d sockets still open after the close deadline", left)
                return
            await asyncio.sleep(CLOSE_POLL)

    async def shutdown(self) -> None:
        """Stop the servers' background tasks (at application cleanup)."""
        for server in self.by_path.values():
            await server.shutdown()
