"""The send queue's core: which packet goes out when. Pure: no threads, no sleeping.

The owner calls `due(now, connected)`, hands each Emission to the socket, and reports the
outcome with `report()` (and the server's answer with `acknowledge()` in acknowledge mode).
All times come from the owner's clock, so tests drive this class with a simulated one.

Per stream: at most one packet every `min_interval` seconds, measured between the starts of
two emissions (a failed emission also waits, so a dead sink is not hammered). A packet stays
outstanding until the sink took it (or the server acknowledged it) and is sent again, before
anything newer, when that fails; in acknowledge mode that makes delivery at-least-once.
"""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

import neurospeed_api as ns

from .errors import UnknownStream
from .packing import Backlog, Batch, Envelope, Packed
from .stats import Counters, QueueStats

logger = logging.getLogger(__name__)


class Phase(enum.Enum):
    READY = "ready"  # to be emitted (again) when the stream's turn comes
    EMITTING = "emitting"  # handed to the owner by due(), outcome not yet reported
    AWAITING_ACK = "awaiting_ack"  # the sink took it; the server has not acknowledged yet


@dataclass(frozen=True, eq=False)
class Emission:
    """One packet to hand to the sink now; report the outcome with Schedule.report()."""

    stream_id: str
    seq: int
    packed: Packed
    resend: bool

    @property
    def packet(self) -> ns.PipelinePacket:
        return self.packed.packet


@dataclass(eq=False)
class _Outstanding:
    packed: Packed
    seq: int
    phase: Phase = Phase.READY
    handed_off: bool = False  # the sink took it at least once
    early_ack: bool | None = None  # an ack that came before report() did
    deadline: float = math.inf


class _Lane:
    """One stream: its backlog, its turn and the packet it has not finished sending."""

    def __init__(self, envelope: Envelope) -> None:
        self.envelope = envelope
        self.backlog = Backlog()
        self.counters = Counters()
        self.next_time = -math.inf
        self.outstanding: _Outstanding | None = None
        self.seq = 0

    @property
    def queued(self) -> int:
        held = self.outstanding.packed.samples if self.outstanding else 0
        return self.backlog.samples + held

    @property
    def busy(self) -> bool:
        return self.outstanding is not None or self.backlog.samples > 0


class Schedule:
    """Per-stream backlogs, rate limit, retries and counters, driven by an external clock."""

    def __init__(
        self,
        *,
        hia_id: str,
        sensors: Mapping[str, ns.SensorInfo],
        max_packet_bytes: int,
        min_interval: float,
        acknowledge: bool,
        ack_timeout: float,
        reconnect_poll: float,
    ) -> None:
        self.max_packet_bytes = max_packet_bytes
        self.min_interval = min_interval
        self.acknowledge_mode = acknowledge
        self.ack_timeout = ack_timeout
        self.reconnect_poll = reconnect_poll
        self._lanes = {
            stream_id: _Lane(Envelope(stream_id, sensor.device_type, hia_id))
            for stream_id, sensor in sensors.items()
        }

    def envelope(self, stream_id: str) -> Envelope:
        return self._lane(stream_id).envelope

    def queued(self, stream_id: str) -> int:
        """Samples of the stream not yet sent (or not yet acknowledged)."""
        return self._lane(stream_id).queued

    def enqueue(self, stream_id: str, batch: Batch) -> None:
        self._lane(stream_id).backlog.append(batch)

    def due(self, now: float, connected: bool) -> list[Emission]:
        """The packets whose turn has come; each is EMITTING until report() is called."""
        if not connected:
            return []
        emissions = []
        for stream_id, lane in self._lanes.items():
            if now < lane.next_time:
                continue
            out = lane.outstanding
            if out is None:
                packed = lane.backlog.take(lane.envelope, self.max_packet_bytes)
                if packed is None:
                    continue
                lane.seq += 1
                out = lane.outstanding = _Outstanding(packed, lane.seq)
            elif out.phase is Phase.AWAITING_ACK and now >= out.deadline:
                logger.warning(
                    "stream %r: no acknowledgement of packet %d in %.1f s; sending it again",
                    stream_id,
                    out.seq,
                    self.ack_timeout,
                )
                out.phase = Phase.READY
            if out.phase is not Phase.READY:
                continue
            out.phase = Phase.EMITTING
            out.early_ack = None
            emissions.append(Emission(stream_id, out.seq, out.packed, out.handed_off))
        return emissions

    def report(self, emission: Emission, ok: bool, at: float) -> None:
        """The sink took the packet (`ok`) or raised; `at` is when the emission started."""
        lane = self._lanes[emission.stream_id]
        out = lane.outstanding
        if out is None or out.seq != emission.seq or out.phase is not Phase.EMITTING:
            raise RuntimeError(f"stream {emission.stream_id!r}: report of an unknown emission")
        lane.next_time = at + self.min_interval
        if not ok:
            lane.counters.emit_failures += 1
            if out.early_ack is True:  # an earlier emission of it was acknowledged meanwhile
                self._finish(lane, out)
            else:
                out.phase = Phase.READY
            return
        if emission.resend:
            lane.counters.packets_resent += 1
        out.handed_off = True
        if not self.acknowledge_mode or out.early_ack is True:
            self._finish(lane, out)
        elif out.early_ack is False:
            self._refused(emission.stream_id, lane, out)
        else:
            out.phase = Phase.AWAITING_ACK
            out.deadline = at + self.ack_timeout

    def acknowledge(self, stream_id: str, seq: int, ok: bool) -> None:
        """The server answered emission `seq` of the stream: accepted (`ok`) or refused."""
        lane = self._lanes[stream_id]
        out = lane.outstanding
        if out is None or out.seq != seq:
            logger.debug("stream %r: late acknowledgement of packet %d ignored", stream_id, seq)
        elif out.phase is Phase.EMITTING:
            out.early_ack = ok
        elif not out.handed_off:
            logger.debug("stream %r: acknowledgement of unsent packet %d ignored", stream_id, seq)
        elif ok:
            self._finish(lane, out)  # also when a resend was pending: the server has it
        elif out.phase is Phase.AWAITING_ACK:
            self._refused(stream_id, lane, out)

    def connection_lost(self) -> None:
        """Packets awaiting an acknowledgement will not get one: send them again first."""
        for stream_id, lane in self._lanes.items():
            out = lane.outstanding
            if out is not None and out.phase is Phase.AWAITING_ACK:
                logger.info(
                    "stream %r: connection lost before packet %d was acknowledged; it will be"
                    " sent again",
                    stream_id,
                    out.seq,
                )
                out.phase = Phase.READY

    def next_wakeup(self, now: float, connected: bool) -> float | None:
        """When to call due() next, or None when nothing is pending at all.

        While disconnected, or while a packet awaits its acknowledgement, that is at most
        `reconnect_poll` seconds away, so the owner notices the connection state change.
        """
        wakeup: float | None = None
        for lane in self._lanes.values():
            if not lane.busy:
                continue
            if not connected:
                return now + self.reconnect_poll
            at = lane.next_time
            out = lane.outstanding
            if out is not None and out.phase is Phase.AWAITING_ACK:
                # keep an eye on the connection: a drop means no acknowledgement will come
                at = min(max(at, out.deadline), now + self.reconnect_poll)
            if wakeup is None or at < wakeup:
                wakeup = at
        return wakeup

    def idle(self) -> bool:
        """Everything queued was sent (and acknowledged, in acknowledge mode)."""
        return not any(lane.busy for lane in self._lanes.values())

    def pending(self) -> dict[str, int]:
        """Samples still to send per stream, for streams that have any."""
        return {sid: lane.queued for sid, lane in self._lanes.items() if lane.busy}

    def record_direct(self, stream_id: str, packed: Packed) -> None:
        counters = self._lanes[stream_id].counters
        counters.sent(packed.samples, packed.size)
        counters.direct_packets += 1

    def stats(self) -> QueueStats:
        return QueueStats.of(
            {
                stream_id: lane.counters.snapshot(
                    samples_queued=lane.queued,
                    packets_in_flight=int(
                        lane.outstanding is not None and lane.outstanding.phase is not Phase.READY
                    ),
                )
                for stream_id, lane in self._lanes.items()
            }
        )

    def _lane(self, stream_id: str) -> _Lane:
        lane = self._lanes.get(stream_id)
        if lane is None:
            raise UnknownStream(stream_id, list(self._lanes))
        return lane

    def _finish(self, lane: _Lane, out: _Outstanding) -> None:
        lane.counters.sent(out.packed.samples, out.packed.size)
        lane.outstanding = None

    def _refused(self, stream_id: str, lane: _Lane, out: _Outstanding) -> None:
        logger.warning(
            "stream %r: the server refused packet %d; sending it again", stream_id, out.seq
        )
        lane.counters.packets_refused += 1
        out.phase = Phase.READY
