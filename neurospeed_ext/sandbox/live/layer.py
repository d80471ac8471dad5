"""The live layer: the six Socket.IO paths attached to a sandbox application.

`attach_live(app)` is called by create_app, so every sandbox serves REST and Socket.IO
on one port. The layer is stored as `app[LIVE_KEY]`; SandboxServer.restart uses
`close_sockets` and `reopen` to take the sockets down and up again around a restart.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from ..state import STATE_KEY, SandboxState
from .heartbeat import ping_forever
from .hia import HiaChannel
from .rooms import RoomChannels
from .servers import LiveServers

log = logging.getLogger(__name__)

CLOSE_TIMEOUT = 5.0
"""Seconds `close_sockets` waits for packets being handled and sockets to close."""


class LiveLayer:
    """The Socket.IO servers and channels sharing one sandbox state."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.servers = LiveServers(state.settings.max_packet_bytes)
        self.hia = HiaChannel(state, self.servers)
        self.rooms = RoomChannels(state, self.servers)

    def attach(self, app: web.Application) -> None:
        self.servers.attach(app)
        app[LIVE_KEY] = self
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._shut_down)
        app.on_cleanup.append(self._clean_up)

    async def close_sockets(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Stop taking connects and packets, finish the packets being handled, then send
        every socket what it has queued (acks, relays) and close it."""
        deadline = asyncio.get_running_loop().time() + timeout
        self.servers.open = False
        await self.hia.close_intake(deadline)
        await self.servers.drop_all(deadline)
        log.info("Socket.IO sockets closed")

    def reopen(self) -> None:
        """Take connects and packets again (after a restart)."""
        self.servers.open = True
        self.hia.open_intake()

    async def _start(self, app: web.Application) -> None:
        interval = self.state.settings.hia_ping_interval
        self.state.spawn(ping_forever(self.hia, interval), "hia-ping")

    async def _shut_down(self, app: web.Application) -> None:
        await self.close_sockets()

    async def _clean_up(self, app: web.Application) -> None:
        await self.servers.shutdown()


LIVE_KEY = web.AppKey("neurospeed_sandbox_live", LiveLayer)
"""Where attach_live stores the layer: `app[LIVE_KEY]`."""


def attach_live(app: web.Application) -> LiveLayer:
    """Serve the six Socket.IO paths on `app`, sharing its sandbox state."""
    layer = LiveLayer(app[STATE_KEY])
    layer.attach(app)
    return layer
