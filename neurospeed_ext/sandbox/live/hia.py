"""The /hia path: HIAs connect, send `pipeline` packets, answer `ping`, receive SSRs.

Connect: a user token (header jwt_token), hia_id and sensors_info headers; the HIA is
registered in state.connections, replacing (and disconnecting) an older socket with the
same (user, hia_id), and `events` / `hia_events` {type: connect} go to the user's and
the customer's rooms. A replaced socket's own disconnect later sends no event.

`pipeline`: a good packet is stored (recorders.ingest) and relayed as `data`, with
brainwave power for EEG streams; a bad one gets `pipeline_error` {stream_id, message}
and the socket stays connected. Ack: a client that asks for one gets True once the
packet is stored and relayed, False when it was rejected (pipeline_error says why), and
none while a restart closes the sockets (the packet is not kept: send it again).

SSR: messages that REST puts in state.outbox reach the HIA's socket live, or on its next
connect when none is connected.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import attrs

import neurospeed_api as ns

from ..hub import HiaConnection, OutboxKey, OutboxMessage
from ..recorders import ingest
from ..state import SandboxState
from .brainwaves import BrainwaveWindow
from .channels import HIA, NAMESPACE
from .handshake import header, refuse, user_caller
from .sensor_info import SensorsInfoError, parse_sensors_info
from .servers import LiveServers
from .uplink import PacketRejected, Uplink, accept

log = logging.getLogger(__name__)

CONNECTED_WAIT = 2.0
"""Seconds an outbox delivery waits for its socket's connect to complete."""
POLL = 0.005


@attrs.define(eq=False, kw_only=True)
class HiaSession:
    """One /hia socket: its registered connection and its EEG windows."""

    sid: str
    connection: HiaConnection
    username: str
    windows: dict[str, BrainwaveWindow] = attrs.Factory(dict)
    delivery: asyncio.Lock = attrs.Factory(asyncio.Lock)

    @property
    def key(self) -> OutboxKey:
        return (self.connection.user_id, self.connection.hia_id)


class HiaChannel:
    """The handlers of /hia and the sessions of its sockets, by socket id."""

    def __init__(self, state: SandboxState, servers: LiveServers) -> None:
        self.state = state
        self.servers = servers
        self.sio = servers[HIA]
        self.sessions: dict[str, HiaSession] = {}
        self.busy = 0
        """Pipeline packets being handled now; a restart waits for them."""
        self.intake_open = True
        """False once a restart closed the sockets: later packets are neither kept nor
        answered, as if they never arrived (a client keeping unacknowledged packets sends
        them again after reconnecting)."""
        self.sio.on("connect", self.on_connect)
        self.sio.on("disconnect", self.on_disconnect)
        self.sio.on("pipeline", self.on_pipeline)
        self.sio.on("pong", self.on_pong)
        state.outbox.subscribe(self.on_outbox)

    # -- connect and disconnect ----------------------------------------------------------

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        if not self.servers.open:
            refuse("the server is restarting; connect again shortly")
        customer, user = user_caller(self.state, header(environ, "jwt_token"), "header")
        hia_id = header(environ, "hia_id")
        if hia_id is None:
            refuse("hia_id: missing header")
        try:
            sensors = parse_sensors_info(header(environ, "sensors_info"))
        except SensorsInfoError as exc:
            refuse(f"sensors_info: {exc}")
        older = self._session_of(self.state.connections.get(user.id, hia_id))
        connection = self.state.connections.connect(customer.id, user.id, hia_id, sensors)
        session = HiaSession(sid=sid, connection=connection, username=user.username)
        self.sessions[sid] = session
        log.info(
            "HIA %r of user %d connected with %d streams (%s)",
            hia_id,
            user.id,
            len(sensors),
            header(environ, "hia_version") or "no version given",
        )
        if older is not None:
            log.info("HIA %r of user %d: the new socket replaces the old one", hia_id, user.id)
            self.state.spawn(self.sio.disconnect(older.sid), f"hia-replaced-{older.sid}")
        await self._announce(connection, user.username, ns.DeviceEventType.CONNECT)
        self.state.spawn(self._deliver(session), f"hia-outbox-{sid}")

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        session = self.sessions.pop(sid, None)
        if session is None:
            return
        connection = session.connection
        if self.state.connections.release(connection):
            log.info("HIA %r of user %d disconnected", connection.hia_id, connection.user_id)
            user = self.state.users.get(connection.user_id)
            username = session.username if user is None else user.username
            await self._announce(connection, username, ns.DeviceEventType.DISCONNECT)

    async def _announce(
        self, connection: HiaConnection, username: str, kind: ns.DeviceEventType
    ) -> None:
        event = ns.unstructure(
            ns.DeviceEvent(
                type=kind, username=username, hia_id=connection.hia_id, sensors=connection.sensors
            )
        )
        await self.servers.to_user(connection.user_id, "events", event)
        await self.servers.to_customer(connection.customer_id, "hia_events", event)

    def _session_of(self, connection: HiaConnection | None) -> HiaSession | None:
        if connection is None:
            return None
        return next((s for s in self.sessions.values() if s.connection is connection), None)

    # -- packets -----------------------------------------------------------------------

    async def on_pipeline(self, sid: str, payload: Any = None) -> Any:
        """True (the ack) once stored and relayed; False when rejected; no ack when the
        sockets are closing (`self.sio.not_handled` tells python-socketio to send none)."""
        if not self.intake_open:
            log.debug("pipeline packet on socket %s ignored: the sockets are closing", sid)
            return self.sio.not_handled
        self.busy += 1
        try:
            return await self._pipeline(sid, payload)
        except Exception:
            log.exception("pipeline packet on socket %s failed", sid)
            await self._reject(sid, PacketRejected(None, "internal error handling the packet"))
            return False
        finally:
            self.busy -= 1

    async def _pipeline(self, sid: str, payload: Any) -> bool:
        session = self.sessions.get(sid)
        if session is None:
            return False
        connection = session.connection
        try:
            uplink = accept(
                payload,
                sensors=connection.sensors,
                hia_id=connection.hia_id,
                max_bytes=self.state.settings.max_packet_bytes,
            )
            user = self.state.users.get(connection.user_id)
            if user is None:
                raise PacketRejected(uplink.packet.stream_id, "the user no longer exists")
        except PacketRejected as exc:
            await self._reject(sid, exc)
            return False
        ingest(self.state, user, uplink.packet)
        await self.servers.to_user(user.id, "data", self._data_event(session, uplink))
        return True

    async def _reject(self, sid: str, rejected: PacketRejected) -> None:
        log.info("pipeline packet rejected (stream %r): %s", rejected.stream_id, rejected)
        await self.sio.emit("pipeline_error", rejected.event(), to=sid)

    def _data_event(self, session: HiaSession, uplink: Uplink) -> Any:
        packet = uplink.packet
        return ns.unstructure(
            ns.DataPacket(
                stream_id=packet.stream_id,
                device_type=packet.device_type,
                hia_id=packet.hia_id,
                sensor_info=uplink.sensor,
                data=ns.SampleBlock(sample=packet.samples),
                output=self._output(session, uplink),
            )
        )

    def _output(self, session: HiaSession, uplink: Uplink) -> ns.ProcessedOutput:
        """Brainwave power for EEG streams once their window is long enough; else nothing."""
        packet, sensor = uplink.packet, uplink.sensor
        if sensor.device_type != ns.DeviceType.EEG:
            return ns.ProcessedOutput()
        window = session.windows.get(packet.stream_id)
        if window is None:
            seconds = self.state.settings.brainwave_window
            window = BrainwaveWindow(sensor.sampling_frequency, sensor.channel_count, seconds)
            session.windows[packet.stream_id] = window
        window.push(packet.samples)
        bands = window.band_power()
        if bands is None:
            return ns.ProcessedOutput()
        power = ns.BrainwavePower(brainwave=ns.BrainwaveBands(**bands))
        return ns.ProcessedOutput(brainwave_power=power)

    async def close_intake(self, deadline: float) -> None:
        """Keep handling packets until none is in hand (or the deadline passes), then take
        no more. The caller closes the sockets right after, before anything else runs,
        so every packet handled was acked on a socket that still sends."""
        loop = asyncio.get_running_loop()
        while True:
            while self.busy and loop.time() < deadline:
                await asyncio.sleep(POLL)
            await asyncio.sleep(0)  # the last handler's ack goes to its socket's queue
            if not self.busy or loop.time() >= deadline:
                break
        self.intake_open = False

    def open_intake(self) -> None:
        self.intake_open = True

    # -- ping and pong -----------------------------------------------------------------

    async def ping_all(self) -> None:
        """`ping` with no argument to every HIA, counted on its connection (`pings`)."""
        for sid, session in list(self.sessions.items()):
            session.connection.pings += 1
            await self.sio.emit("ping", to=sid)

    async def on_pong(self, sid: str, *_: Any) -> None:
        session = self.sessions.get(sid)
        if session is not None:
            session.connection.record_pong()

    # -- server-side requests ----------------------------------------------------------

    def on_outbox(self, key: OutboxKey, message: OutboxMessage) -> None:
        """Deliver a new outbox message now when its HIA is connected."""
        session = self._session_of(self.state.connections.get(*key))
        if session is not None:
            self.state.spawn(self._deliver(session), f"hia-outbox-{session.sid}")

    async def _deliver(self, session: HiaSession) -> None:
        """Emit the session's pending outbox messages, in order, once its connect is done."""
        async with session.delivery:
            if not await self._connected(session):
                return
            for message in self.state.outbox.take(session.key):
                await self.sio.emit(message.event, message.data, to=session.sid)
                log.debug("%s delivered to HIA %r", message.event, session.connection.hia_id)

    async def _connected(self, session: HiaSession) -> bool:
        """Whether the socket finished connecting (events sent before that are lost)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CONNECTED_WAIT
        while self.sessions.get(session.sid) is session:
            if self.sio.manager.is_connected(session.sid, NAMESPACE):
                return self.state.connections.get(*session.key) is session.connection
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(POLL)
        return False
