"""What the send queue needs from the /hia socket: a connection state and a `pipeline` emit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import neurospeed_api as ns


class PipelineSink(Protocol):
    """The /hia channel as the send queue sees it.

    `emit_pipeline` raises (any Exception) when it could not hand the packet to the socket,
    e.g. while disconnected; the queue then keeps the packet and sends it again later, first.
    `callback`, when given, is a Socket.IO acknowledgement callback that the socket's thread
    calls with the server's ack arguments.
    """

    def is_connected(self) -> bool: ...

    def emit_pipeline(
        self, packet: ns.PipelinePacket, /, *, callback: Callable[..., None] | None = None
    ) -> None: ...
