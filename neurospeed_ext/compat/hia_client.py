"""The manual's `HIA_Client` (section 5.3) over `neurospeed_ext.upstream.Hia`.

What the published client got wrong and this one does not: each stream is stamped with
its own device type, packets are split under 65,535 bytes, `disconnect()` sends what is
queued before closing, a refused connect raises `ns.SocketConnectError` with the server's
reason (instead of ten silent retries), and errors are raised, never printed.

A `Hia` cannot be reopened once closed, so this class keeps the sensor info and the
callbacks and builds a fresh `Hia` when needed: after `disconnect()` (connect again, as
the manual allows), after `update_sensor_info`, or for new versions given to `connect`.
"""

from __future__ import annotations

import copy
import logging
import numbers
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import neurospeed_api as ns

from ..upstream import Hia, UnknownStream
from .auth import Auth_AS_User_Handler
from .callbacks import call_fitting
from .sensors import get_sensors_mockup
from .util import ApiConfigArgument
from .wire import require_login, server_for

log = logging.getLogger(__name__)

HIA_VERSION = "neurospeed-sdk"
"""Sent as `hia_version` when `connect()` is given none."""

Versions = tuple[str | None, str | None, str | None]
SensorInfoArgument = Mapping[str, "Mapping[str, Any] | ns.SensorInfo"]

__all__ = ["HIA_Client", "get_sensors_mockup"]


class HIA_Client:  # the manual's name
    """A hardware interfacing agent sending a user's sensor data (manual 5.3).

    >>> hia = HIA_Client(user_auth, get_sensors_mockup())
    >>> hia.connect()
    >>> hia.send_data([[1.0, 2.0, 3.0]], stream_id)   # queued, at most every 200 ms
    >>> hia.disconnect()                                # sends what is queued first
    """

    def __init__(
        self,
        user_auth: Auth_AS_User_Handler,
        sensor_info: SensorInfoArgument,
        api_config: ApiConfigArgument = None,
    ) -> None:
        self._auth = user_auth
        self._server = server_for(user_auth, api_config)
        if self._server.socket is None:
            raise ValueError(f"server {self._server.name!r} has no Socket.IO address")
        self._socket_url = self._server.socket
        self._hia_id = user_auth.get_hia_id()
        self._sensor_info = {key: _plain(key, value) for key, value in sensor_info.items()}
        self._lock = threading.RLock()
        self._label: str | None = None
        self._connect_handler: Callable[..., object] | None = None
        self._disconnect_handler: Callable[..., object] | None = None
        self._attached: list[Callable[[Hia], object]] = []
        self._versions: Versions = (HIA_VERSION, None, None)
        self._stale = False
        self._hia: Hia | None = None
        self._hia = self._build(self._versions)  # checks the sensor info now

    # -- sensor info -------------------------------------------------------------------

    def update_sensor_info(self, stream_id: str, sensor_info: Mapping[str, Any]) -> None:
        """Update (or add) one stream's fields; checked at the next connect or send.

        Not allowed while connected (the cloud fixes sensor info at connect):
        disconnect(), update, then connect() again.
        """
        with self._lock:
            if self.is_connected():
                raise ValueError(
                    "update_sensor_info: sensor info cannot change while connected;"
                    " disconnect(), update it, then connect() again"
                )
            queued = self._queued()
            if queued:
                raise ValueError(
                    f"update_sensor_info: {queued} samples wait to be sent with the current"
                    " sensor info; connect() to send them (or disconnect() them) first"
                )
            self._sensor_info.setdefault(stream_id, {}).update(copy.deepcopy(dict(sensor_info)))
            self._stale = True

    def get_sensor_info(self) -> dict[str, dict[str, Any]]:
        """The sensor info (live: server-side stream-state requests update it)."""
        return self._sensor_info

    def is_stream_enabled(self, stream_id: str) -> bool:
        info = self._sensor_info.get(stream_id)
        if info is None:
            raise UnknownStream(stream_id, list(self._sensor_info))
        state = info.get("stream_state", ns.StreamState.ENABLED.value)
        return bool(state == ns.StreamState.ENABLED.value)

    def get_username(self) -> str:
        return self._auth.get_username()

    def get_hia_id(self) -> str:
        return self._hia_id

    # -- connection --------------------------------------------------------------------

    def connect(
        self,
        hia_version: str | None = None,
        device: str | None = None,
        system_version: str | None = None,
    ) -> None:
        """Connect to the cloud; `ns.SocketConnectError` with the server's reason if refused
        (e.g. sensor info it does not accept). Samples queued before are sent after."""
        require_login(self._auth, "HIA_Client.connect")
        versions: Versions = (hia_version or HIA_VERSION, device, system_version)
        with self._lock:
            if self.is_connected():
                log.debug("HIA %s: connect() while connected ignored", self._hia_id)
                return
            hia = self._current()
            if versions != self._versions:
                if self._queued():
                    log.warning(
                        "HIA %s: samples were queued before connect(); keeping the versions"
                        " %s instead of %s",
                        self._hia_id,
                        self._versions,
                        versions,
                    )
                else:
                    hia = self._replace(versions)
        log.info(
            "HIA %s of %s connecting with streams %s",
            self._hia_id,
            self.get_username(),
            list(self._sensor_info),
        )
        hia.connect()

    def is_connected(self) -> bool:
        hia = self._hia
        return hia is not None and hia.is_connected()

    def disconnect(self, timeout: float | None = 30.0) -> None:
        """Send what is queued (up to `timeout` seconds), then close the connection.

        TimeoutError names the samples that could not be sent in time; when not
        connected, nothing can be sent, so that is raised at once if samples wait.
        """
        with self._lock:
            hia, self._hia = self._hia, None
        if hia is not None:
            hia.close(timeout if hia.is_connected() else 0.0)

    # -- sending -----------------------------------------------------------------------

    def set_label(self, label: str) -> None:
        """Label the data sent from now on (no commas or special characters)."""
        with self._lock:
            self._current().set_label(label)
            self._label = label

    def send_data(self, data: Iterable[Any], stream_id: str) -> None:
        """Queue samples: a list of samples (the manual) or one flat sample (published).

        Sent at most every 200 ms per stream, split under the packet size limit; each
        sample is stamped with the time (spaced back by 1/sampling_frequency).
        """
        samples = _samples(data)
        if samples:
            with self._lock:
                hia = self._current()
            hia.send(stream_id, samples)

    def send_data_direct(
        self,
        data_packet: Iterable[Any],
        stream_id: str,
        timestamp: Iterable[Any] | None = None,
        send_without_timestamp: bool = False,
        device_type: str | None = None,
    ) -> None:
        """Send now, without the rate limit (still split under the size limit).

        `timestamp`: one per sample; else each is stamped now, unless
        `send_without_timestamp` (the cloud stamps them). The stream's sensor info decides
        the device type; a different `device_type` is logged and ignored. Raises
        `NotConnected` when not connected.
        """
        if device_type is not None:
            self._check_device_type(stream_id, device_type)
        with self._lock:
            hia = self._current()
        hia.send_direct(
            stream_id, _samples(data_packet), timestamp, without_timestamps=send_without_timestamp
        )

    # -- callbacks ---------------------------------------------------------------------

    def set_socket_connection_external_handler(self, handler: Callable[..., object]) -> None:
        """`handler(hia_client)` (or `handler()`) after each connect."""
        self._connect_handler = handler

    def set_socket_disconnect_external_handler(self, handler: Callable[..., object]) -> None:
        """`handler(hia_client)` (or `handler()`) after each disconnect."""
        self._disconnect_handler = handler

    def attach_stream_state_handler(self, handler: Callable[[dict[str, str]], object]) -> None:
        """`handler({stream_id: "enabled"|"disabled"})` on each server-side request."""

        def attach(hia: Hia) -> None:
            hia.on_stream_state(lambda states: handler({k: v.value for k, v in states.items()}))

        self._attach(attach)

    def attach_downlink_handler(self, handler: Callable[[ns.JsonValue], object]) -> None:
        """`handler(payload)` for each downlink payload the server relays to this HIA."""
        self._attach(lambda hia: hia.on_downlink(handler))

    def attach_socket_connection_handler(self, handler: Callable[..., object]) -> None:
        """`handler()` after each connect (in addition to, not instead of, ours)."""
        self._attach(lambda hia: hia.socket.on_connect(lambda: call_fitting(handler)))

    def attach_socket_disconnect_handler(self, handler: Callable[..., object]) -> None:
        """`handler()` (or `handler(reason)`) after each disconnect."""
        self._attach(
            lambda hia: hia.socket.on_disconnect(lambda reason: call_fitting(handler, reason))
        )

    # -- internals ---------------------------------------------------------------------

    def _attach(self, attach: Callable[[Hia], object]) -> None:
        with self._lock:
            self._attached.append(attach)
            if self._hia is not None and not self._stale:
                attach(self._hia)

    def _current(self) -> Hia:
        """The Hia to use now, built anew after disconnect() or update_sensor_info()."""
        with self._lock:
            if self._hia is None or self._stale:
                return self._replace(self._versions)
            return self._hia

    def _replace(self, versions: Versions) -> Hia:
        with self._lock:
            hia = self._build(versions)
            old, self._hia = self._hia, hia
            self._versions = versions
            self._stale = False
        if old is not None:
            old.close(timeout=1.0)  # never connected here, and nothing queued
        return hia

    def _build(self, versions: Versions) -> Hia:
        hia_version, device, system_version = versions
        hia = Hia(
            self._sensor_info,
            server=self._socket_url,
            client=self._auth.client,
            hia_id=self._hia_id,
            hia_version=hia_version,
            device=device,
            system_version=system_version,
        )
        if self._label is not None:
            hia.set_label(self._label)
        hia.on_stream_state(self._apply_stream_states)
        hia.socket.on_connect(self._connected)
        hia.socket.on_disconnect(self._disconnected)
        for attach in self._attached:
            attach(hia)
        return hia

    def _queued(self) -> int:
        hia = self._hia
        return 0 if hia is None else hia.stats().total.samples_queued

    def _connected(self) -> None:
        log.info("HIA %s connected", self._hia_id)
        if self._connect_handler is not None:
            call_fitting(self._connect_handler, self)

    def _disconnected(self, reason: str) -> None:
        log.info("HIA %s disconnected (%s)", self._hia_id, reason)
        if self._disconnect_handler is not None:
            call_fitting(self._disconnect_handler, self)

    def _apply_stream_states(self, states: dict[str, ns.StreamState]) -> None:
        for stream_id, state in states.items():
            info = self._sensor_info.get(stream_id)
            if info is not None:
                info["stream_state"] = state.value

    def _check_device_type(self, stream_id: str, device_type: str) -> None:
        info = self._sensor_info.get(stream_id)
        expected = None if info is None else info.get("device_type")
        if expected is not None and str(expected).lower() != str(device_type).lower():
            log.warning(
                "HIA %s: device_type %r given for stream %r, whose sensor info says %r;"
                " the sensor info's is sent",
                self._hia_id,
                device_type,
                stream_id,
                expected,
            )

    def __repr__(self) -> str:
        state = "connected" if self.is_connected() else "not connected"
        return f"HIA_Client({self._hia_id!r}, streams={list(self._sensor_info)}, {state})"


def _plain(stream_id: str, info: Mapping[str, Any] | ns.SensorInfo) -> dict[str, Any]:
    """A private copy of one stream's sensor info as a plain dict."""
    if isinstance(info, ns.SensorInfo):
        data = ns.unstructure(info)
        if isinstance(data, dict):
            return data
    if not isinstance(info, Mapping):
        raise ValueError(f"sensor_info[{stream_id!r}] must be a dict, not {type(info).__name__}")
    return copy.deepcopy(dict(info))


def _samples(data: Iterable[Any]) -> list[Any]:
    """A list of samples: one flat sample (numbers) becomes a list holding it."""
    if isinstance(data, str | bytes | Mapping):
        raise ValueError(f"data must be a list of samples, not {type(data).__name__}")
    items = list(data)
    if items and isinstance(items[0], numbers.Real) and not isinstance(items[0], bool):
        return [items]
    return items
