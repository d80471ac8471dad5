"""How long and how often the macros poll a recorder or exporter for its status.

The sandbox answers within tens of milliseconds, the cloud within seconds to minutes (an
export of hundreds of MB); the defaults follow the server the client talks to, and every
macro takes `poll_interval` and `timeout` to override them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

import attrs

import neurospeed_api as ns

from ..servers import is_loopback
from .errors import MacroError, MacroTimeout
from .steps import step

log = logging.getLogger(__name__)

T = TypeVar("T")


@attrs.frozen
class Polling:
    interval: float = attrs.field(validator=attrs.validators.gt(0.0))
    """Seconds between two status requests."""
    timeout: float = attrs.field(validator=attrs.validators.gt(0.0))
    """Seconds after which a wait gives up with MacroTimeout."""


LOCAL_POLLING = Polling(interval=0.05, timeout=30.0)
"""For a server on this machine (the sandbox)."""

CLOUD_POLLING = Polling(interval=2.0, timeout=900.0)
"""For the cloud: recorders wait for resources, exports take minutes."""


def polling_for(
    client: ns.Client, poll_interval: float | None = None, timeout: float | None = None
) -> Polling:
    """The defaults for the client's server, with the caller's overrides applied."""
    base = LOCAL_POLLING if is_loopback(client.base_url) else CLOUD_POLLING
    return Polling(
        interval=base.interval if poll_interval is None else poll_interval,
        timeout=base.timeout if timeout is None else timeout,
    )


def wait_for_status(
    name: str,
    fetch: Callable[[], T],
    status_of: Callable[[T], str | None],
    wanted: str,
    polling: Polling,
    *,
    fails_on: frozenset[str] = frozenset(),
    recorder_id: int | None = None,
    exporter_id: int | None = None,
) -> T:
    """Fetch until the status is `wanted`; MacroError on a status in `fails_on`,
    MacroTimeout after `polling.timeout` seconds. Each status change is logged."""
    ids = {"recorder_id": recorder_id, "exporter_id": exporter_id}
    deadline = time.monotonic() + polling.timeout
    last: str | None = None
    while True:
        with step(name, **ids):
            value = fetch()
        status = status_of(value)
        if status != last:
            log.info("%s: status %s", name, status)
            last = status
        if status == wanted:
            return value
        if status in fails_on:
            raise MacroError(name, f"status became {status}, not {wanted}", **ids)
        now = time.monotonic()
        if now >= deadline:
            raise MacroTimeout(
                name,
                f"still {status} after {polling.timeout:g} s, expected {wanted}",
                last_status=status,
                **ids,
            )
        time.sleep(min(polling.interval, deadline - now))
