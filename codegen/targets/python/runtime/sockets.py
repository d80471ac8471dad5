"""Socket.IO channels: python-socketio's threaded client behind typed, generated classes.

One `SocketChannel` per socketio_path. What it adds to python-socketio: credentials
rebuilt from the token store on every connect and reconnect (so a refreshed token is
used), payloads decoded into models before callbacks see them, callbacks that cannot
take the connection down, automatic replies (`pong` to `ping`), the API's JSON codec
(orjson when installed) and websocket-client without UTF-8 re-validation.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, ClassVar, Literal, TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import attrs
import engineio
import socketio
from socketio import packet as socketio_packet

from . import jsoncodec
from .converter import ModelConverter
from .errors import DecodeError
from .http import TokenStore
from .servers import Server

log = logging.getLogger(__name__)

T = TypeVar("T")
C = TypeVar("C", bound=Callable[..., object])
Callback = Callable[..., object]

DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds `connect` waits for the server to accept the channel."""


@attrs.frozen
class ConnectParam:
    """One header or query value sent on connect (see the spec's `parameters`)."""

    name: str
    wire: str
    location: Literal["query", "header"]
    token: Literal["access", "refresh"] | None = None
    required: bool = False


@attrs.frozen
class ChannelSpec:
    """What the spec says of one channel; generated classes carry one as `spec`."""

    name: str
    path: str
    auth: str
    parameters: tuple[ConnectParam, ...] = ()
    emits: tuple[str, ...] = ()
    listens: tuple[str, ...] = ()
    replies: tuple[tuple[str, str], ...] = ()
    """(event heard, event emitted in answer), e.g. ("ping", "pong")."""


class SocketError(Exception):
    """A Socket.IO channel could not do what was asked."""


class SocketConnectError(SocketError, ConnectionError):
    """The server refused the channel, or could not be reached."""


class SocketNotConnectedError(SocketError, ConnectionError):
    """An emit on a channel that is not connected; nothing was sent."""


class _PacketJson:
    """The `json` python-socketio encodes packets with: the API's own codec."""

    @staticmethod
    def dumps(value: Any, **_: Any) -> str:
        return jsoncodec.dumps(value)

    @staticmethod
    def loads(text: str | bytes, **_: Any) -> Any:
        return jsoncodec.loads(text)


class _Packet(socketio_packet.Packet):  # type: ignore[misc]
    """python-socketio's packet with the API's codec, for this client only (not global)."""

    json = _PacketJson


class _InOrderEngineIO(engineio.Client):  # type: ignore[misc]
    """Engine.IO's threaded client, handing each message over on its reader thread.

    The stock client starts a thread per message, so handlers run concurrently and out
    of order; here the reader only queues the message for the channel's dispatcher.
    """

    def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class _InOrderClient(socketio.Client):  # type: ignore[misc]
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _InOrderEngineIO


class _Dispatcher:
    """One thread running a channel's callbacks in the order their events arrived.

    Callbacks may block or emit without stalling the socket's reader thread.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._queue: queue.SimpleQueue[tuple[Callable[..., None], tuple[Any, ...]] | None]
        self._queue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, work: Callable[..., None], *args: Any) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"{self._name}-callbacks", daemon=True
                )
                self._thread.start()
            self._queue.put((work, args))

    def stop(self) -> None:
        """Let the thread finish what is queued, then end (a later submit starts anew)."""
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread = None

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            work, args = item
            work(*args)


class SocketChannel:
    """The runtime half of a generated channel class: connection, emits and callbacks."""

    spec: ClassVar[ChannelSpec]
    _servers: ClassVar[Mapping[str, Server]]
    _converter: ClassVar[ModelConverter]

    def __init__(
        self,
        server: str | Server = "production",
        *,
        access_token: str | None = None,
        refresh_token: str | None = None,
        tokens: TokenStore | None = None,
        on_refused: Callable[[], object] | None = None,
        reconnection: bool = True,
        reconnection_attempts: int = 0,
        reconnection_delay: float = 1.0,
        reconnection_delay_max: float = 5.0,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        """`tokens` shares a REST client's token store (`client.transport.tokens`);
        `on_refused` runs after the server refuses a reconnect (e.g. to refresh tokens)."""
        self.base_url = _socket_base(server, self._servers)
        if tokens is None:
            tokens = TokenStore()
            tokens.set(access_token, refresh_token)
        self.tokens = tokens
        self._on_refused = on_refused
        self._connect_timeout = connect_timeout
        self._values: dict[str, str] = {}
        self._emit_lock = threading.Lock()
        self._last_refusal: object = None
        self._connect_callbacks: list[Callable[[], object]] = []
        self._disconnect_callbacks: list[Callable[[str], object]] = []
        self._events = _Dispatcher(self.spec.name)
        self._sio = _InOrderClient(
            reconnection=reconnection,
            reconnection_attempts=reconnection_attempts,
            reconnection_delay=reconnection_delay,
            reconnection_delay_max=reconnection_delay_max,
            serializer=_Packet,
            handle_sigint=False,
            websocket_extra_options={"skip_utf8_validation": True},
        )
        self._sio.on("connect", self._connected)
        self._sio.on("disconnect", self._disconnected)
        self._sio.on("connect_error", self._refused)
        self._handlers: dict[str, list[Callable[[Any], object]]] = {}
        for heard, reply in self.spec.replies:
            self._listen(heard, None, self._replier(reply))

    # -- connection ------------------------------------------------------------------

    def _open(self, values: Mapping[str, object]) -> None:
        """Connect with the caller's parameter values; tokens are added on every attempt."""
        if self._sio.connected:
            raise SocketError(f"{self.spec.name}: already connected")
        self._values = {name: _text(value) for name, value in values.items() if value is not None}
        self._last_refusal = None
        try:
            self._sio.connect(
                self._url,
                headers=self._headers,
                transports=["websocket"],
                socketio_path=self.spec.path,
                wait_timeout=self._connect_timeout,
            )
        except socketio.exceptions.ConnectionError as exc:
            reason = _reason(self._last_refusal) or str(exc)
            raise SocketConnectError(
                f"{self.spec.name}: cannot connect to {self.base_url}{self.spec.path}: {reason}"
            ) from None

    def _url(self) -> str:
        query = self._params("query")
        if not query:
            return self.base_url
        parts = urlsplit(self.base_url)
        joined = f"{parts.query}&{urlencode(query)}" if parts.query else urlencode(query)
        return urlunsplit(parts._replace(query=joined))

    def _headers(self) -> dict[str, str]:
        return self._params("header")

    def _params(self, location: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for param in self.spec.parameters:
            if param.location != location:
                continue
            if param.token is not None:
                value = self.tokens.access if param.token == "access" else self.tokens.refresh
            else:
                value = self._values.get(param.name)
            if value is not None:
                found[param.wire] = value
        return found

    def disconnect(self, timeout: float = 5.0) -> None:
        """Close the channel and stop reconnecting, once what was emitted has left.

        python-socketio closes the websocket as soon as it is asked, dropping messages
        still in its send queue; waiting (at most `timeout` seconds) for that queue to be
        written out keeps the last packets of a stream from being lost.
        """
        self._wait_sent(timeout)
        self._sio.disconnect()
        self._events.stop()

    def _wait_sent(self, timeout: float) -> None:
        outgoing = getattr(self._sio.eio, "queue", None)
        if outgoing is None or not self._sio.connected:
            return
        deadline = time.monotonic() + timeout
        with outgoing.all_tasks_done:
            while outgoing.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("%s: closing with messages not yet sent", self.spec.name)
                    return
                outgoing.all_tasks_done.wait(left)

    def is_connected(self) -> bool:
        return bool(self._sio.connected)

    def on_connect(self, callback: Callable[[], object]) -> Callable[[], object]:
        """Call `callback()` after each connect and reconnect; usable as a decorator."""
        self._connect_callbacks.append(callback)
        return callback

    def on_disconnect(self, callback: Callable[[str], object]) -> Callable[[str], object]:
        """Call `callback(reason)` whenever the connection drops or is closed."""
        self._disconnect_callbacks.append(callback)
        return callback

    def _connected(self) -> None:
        log.info("%s: connected to %s", self.spec.name, self.base_url)
        for callback in list(self._connect_callbacks):
            _guarded(self.spec.name, "connect", callback)

    def _disconnected(self, reason: object = "") -> None:
        log.info("%s: disconnected (%s)", self.spec.name, reason)
        for callback in list(self._disconnect_callbacks):
            _guarded(self.spec.name, "disconnect", callback, str(reason))

    def _refused(self, data: object = None) -> None:
        self._last_refusal = data
        log.warning("%s: connection refused: %s", self.spec.name, _reason(data) or "no reason")
        if self._on_refused is not None:
            _guarded(self.spec.name, "refused", self._on_refused)

    # -- events ----------------------------------------------------------------------

    def _emit(self, event: str, data: Any = None, callback: Callback | None = None) -> None:
        """Send `event` now; SocketNotConnectedError when the channel is down."""
        with self._emit_lock:
            if not self._sio.connected:
                raise SocketNotConnectedError(f"{self.spec.name}: not connected; {event} not sent")
            try:
                self._sio.emit(event, data, callback=callback)
            except socketio.exceptions.BadNamespaceError:
                raise SocketNotConnectedError(
                    f"{self.spec.name}: connection lost; {event} not sent"
                ) from None

    def _listen(self, event: str, payload_type: Any, callback: C) -> C:
        """Register `callback` for `event`; payloads are decoded to `payload_type` first."""
        if event not in self._handlers:
            self._handlers[event] = []
            self._sio.on(event, self._dispatcher(event, payload_type))
        self._handlers[event].append(callback)
        return callback

    def _dispatcher(self, event: str, payload_type: Any) -> Callable[..., None]:
        """The python-socketio handler: it runs on the reader thread, so it only queues."""

        def dispatch(*args: Any) -> None:
            self._events.submit(self._deliver, event, payload_type, args)

        return dispatch

    def _deliver(self, event: str, payload_type: Any, args: tuple[Any, ...]) -> None:
        """On the dispatcher thread: decode the payload, then call each callback."""
        name = self.spec.name
        if payload_type is None:
            for callback in list(self._handlers[event]):
                _guarded(name, event, callback)
            return
        try:
            model = self._converter.structure(args[0] if args else None, payload_type)
        except DecodeError as exc:
            log.error("%s: dropped a %s event that does not decode: %s", name, event, exc)
            return
        for callback in list(self._handlers[event]):
            _guarded(name, event, callback, model)

    def _replier(self, reply: str) -> Callable[[], None]:
        def answer() -> None:
            try:
                self._emit(reply)
            except SocketNotConnectedError:
                log.debug("%s: could not answer with %s: not connected", self.spec.name, reply)

        return answer

    # -- context manager -------------------------------------------------------------

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.disconnect()

    def __repr__(self) -> str:
        state = "connected" if self.is_connected() else "not connected"
        return f"{type(self).__name__}({self.base_url + self.spec.path!r}, {state})"


def _socket_base(server: str | Server, servers: Mapping[str, Server]) -> str:
    chosen = servers.get(server) if isinstance(server, str) else server
    if chosen is None:
        url = str(server)
    elif chosen.socket is None:
        raise ValueError(f"server {chosen.name!r} has no Socket.IO address")
    else:
        url = chosen.socket
    if not url.startswith(("ws://", "wss://", "http://", "https://")):
        schemes = "ws://, wss://, http:// or https://"
        raise ValueError(f"a Socket.IO base URL starts with {schemes}: {url!r}")
    return url.rstrip("/")


def _text(value: object) -> str:
    """Header and query values travel as text (booleans as JSON spells them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _reason(data: object) -> str:
    if isinstance(data, dict):
        return str(data.get("message", data))
    return "" if data is None else str(data)


def _guarded(channel: str, event: str, callback: Callable[..., object], *args: Any) -> None:
    """Run a user callback; what it raises is logged, never raised into the socket thread."""
    try:
        callback(*args)
    except Exception:
        log.exception("%s: the %s callback %r raised", channel, event, callback)
