"""The server's health check of HIAs: a `ping` event with no argument, every few seconds.

This is separate from Engine.IO's own ping; the HIA answers with a `pong` event, which
hia.py counts on the connection (`state.connections.get(user_id, hia_id).pongs`).
"""

from __future__ import annotations

import asyncio
import logging

from .hia import HiaChannel

log = logging.getLogger(__name__)


async def ping_forever(hia: HiaChannel, interval: float) -> None:
    """Ping every connected HIA each `interval` seconds until cancelled (at shutdown)."""
    while True:
        await asyncio.sleep(interval)
        try:
            await hia.ping_all()
        except Exception:
            log.exception("pinging HIAs failed; trying again in %s s", interval)
