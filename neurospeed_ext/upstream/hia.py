"""An HIA for new code: the generated /hia channel plus the send queue, ready to stream.

`Hia` connects with the user's tokens (shared with a REST client, so a refreshed token is
used on reconnect), keeps each stream's state as the server's SSR requests change it,
answers `ping` (the generated channel does), and sends through `HiaSendQueue`, which
holds samples while disconnected and sends them after the reconnect.
"""

from __future__ import annotations

import logging
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Literal, Self

import neurospeed_api as ns

from .send_queue import HiaSendQueue
from .stats import QueueStats

log = logging.getLogger(__name__)

SensorsArgument = Mapping[str, "ns.SensorInfo | Mapping[str, Any]"]
_ID_ALPHABET = string.ascii_letters + string.digits


def new_hia_id(length: int = 6) -> str:
    """A random HIA id (the manual's `generateId(6)` makes the same kind)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def sensors_from(sensors: SensorsArgument) -> dict[str, ns.SensorInfo]:
    """Sensor info as models; plain dicts (as in the manual) are decoded and checked."""
    decoded: dict[str, ns.SensorInfo] = {}
    for stream_id, info in sensors.items():
        if isinstance(info, ns.SensorInfo):
            decoded[stream_id] = info
        else:
            try:
                decoded[stream_id] = ns.structure(dict(info), ns.SensorInfo)
            except ns.DecodeError as exc:
                raise ValueError(f"sensors[{stream_id!r}]: {exc}") from None
    if not decoded:
        raise ValueError("an HIA needs at least one sensor")
    return decoded


class Hia:
    """A hardware interfacing agent streaming samples to NeuroSpeed.IO.

    >>> with Hia(sensors, client=user_client, server="local") as hia:
    ...     hia.send(stream_id, [[1.0, 2.0, 3.0]])
    """

    def __init__(
        self,
        sensors: SensorsArgument,
        *,
        server: str = "production",
        client: ns.Client | None = None,
        access_token: str | None = None,
        refresh_token: str | None = None,
        hia_id: str | None = None,
        hia_version: str | None = "neurospeed-sdk",
        device: str | None = None,
        system_version: str | None = None,
        max_queued_samples: int = 100_000,
        when_full: Literal["block", "raise"] = "block",
        block_timeout: float = 10.0,
        acknowledge: bool = False,
        reconnection_delay: float = 1.0,
        reconnection_delay_max: float = 5.0,
    ) -> None:
        """`client`: a logged-in user client whose tokens the socket shares and refreshes;
        or pass the tokens. `server` names the Socket.IO server (production, test, local)
        or is its URL."""
        self.hia_id = hia_id or new_hia_id()
        self._sensors = sensors_from(sensors)
        self._states_lock = threading.Lock()
        self._states = {
            stream_id: info.stream_state or ns.StreamState.ENABLED
            for stream_id, info in self._sensors.items()
        }
        self._versions = (hia_version, device, system_version)
        tokens = client.tokens if client is not None else None
        self.socket = ns.HiaSocket(
            server,
            access_token=access_token,
            refresh_token=refresh_token,
            tokens=tokens,
            on_refused=client.refresh_tokens if client is not None else None,
            reconnection_delay=reconnection_delay,
            reconnection_delay_max=reconnection_delay_max,
        )
        self.queue = HiaSendQueue(
            self.socket,
            hia_id=self.hia_id,
            sensors=self._sensors,
            max_queued_samples=max_queued_samples,
            when_full=when_full,
            block_timeout=block_timeout,
            acknowledge=acknowledge,
        )
        self.socket.on_connect(self.queue.wake)
        self.socket.on_disconnect(lambda reason: self.queue.connection_lost())
        self.socket.on_ssr_stream_state(self._apply_stream_states)
        self.socket.on_pipeline_error(self._log_refusal)

    # -- connection --------------------------------------------------------------------

    def connect(self) -> None:
        """Connect to /hia; SocketConnectError (with the server's reason) when refused."""
        hia_version, device, system_version = self._versions
        self.socket.connect(
            hia_id=self.hia_id,
            sensors_info=self.sensor_info,
            current_local_time=round(time.time()),
            local_timezone=time.strftime("%z"),
            hia_version=hia_version,
            device=device,
            system_version=system_version,
        )

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def close(self, timeout: float | None = 30.0) -> None:
        """Send what is queued (up to `timeout` seconds), then disconnect."""
        try:
            self.queue.close(timeout)
        finally:
            self.socket.disconnect()

    def __enter__(self) -> Self:
        if not self.is_connected():
            self.connect()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- sending -----------------------------------------------------------------------

    def send(
        self,
        stream_id: str,
        samples: Iterable[Any],
        timestamps: Iterable[Any] | None = None,
        *,
        without_timestamps: bool = False,
        onetime_labels: Iterable[str] = (),
    ) -> None:
        """Queue samples; they go out at most every 200 ms per stream, in packets <= 64 KiB."""
        self.queue.send(
            stream_id,
            samples,
            timestamps,
            without_timestamps=without_timestamps,
            onetime_labels=onetime_labels,
        )

    def send_direct(
        self,
        stream_id: str,
        samples: Iterable[Any],
        timestamps: Iterable[Any] | None = None,
        *,
        without_timestamps: bool = False,
        onetime_labels: Iterable[str] = (),
    ) -> None:
        """Send now, without the rate limit; raises when not connected."""
        self.queue.send_direct(
            stream_id,
            samples,
            timestamps,
            without_timestamps=without_timestamps,
            onetime_labels=onetime_labels,
        )

    def set_label(self, label: str) -> None:
        """Label samples sent from now on (no commas or special characters)."""
        self.queue.set_label(label)

    def flush(self, timeout: float | None = 30.0) -> None:
        self.queue.flush(timeout)

    def stats(self) -> QueueStats:
        return self.queue.stats()

    # -- streams and server-side requests ----------------------------------------------

    @property
    def sensor_info(self) -> dict[str, ns.SensorInfo]:
        """Each stream's sensor info, with its current stream state."""
        with self._states_lock:
            states = dict(self._states)
        out = {}
        for stream_id, info in self._sensors.items():
            copy = ns.structure(ns.unstructure(info), ns.SensorInfo)
            copy.stream_state = states[stream_id]
            out[stream_id] = copy
        return out

    def stream_state(self, stream_id: str) -> ns.StreamState:
        with self._states_lock:
            return self._states[stream_id]

    def is_stream_enabled(self, stream_id: str) -> bool:
        return self.stream_state(stream_id) == ns.StreamState.ENABLED

    def on_stream_state(
        self, callback: Callable[[dict[str, ns.StreamState]], object]
    ) -> Callable[[dict[str, ns.StreamState]], object]:
        """Call `callback({stream_id: state})` after an SSR request changed stream states."""
        return self.socket.on_ssr_stream_state(callback)

    def on_downlink(self, callback: Callable[[ns.JsonValue], object]) -> Callable[..., object]:
        """Call `callback(payload)` for each SSR downlink payload sent to this HIA."""
        return self.socket.on_ssr_downlink(callback)

    def _apply_stream_states(self, states: dict[str, ns.StreamState]) -> None:
        with self._states_lock:
            for stream_id, state in states.items():
                if stream_id in self._states:
                    self._states[stream_id] = state
                else:
                    log.warning(
                        "HIA %s: stream state for unknown stream %r", self.hia_id, stream_id
                    )

    def _log_refusal(self, error: ns.PipelineError) -> None:
        log.warning("HIA %s: the server refused a packet: %s", self.hia_id, error.message)

    def __repr__(self) -> str:
        state = "connected" if self.is_connected() else "not connected"
        return f"Hia({self.hia_id!r}, streams={list(self._sensors)}, {state})"
