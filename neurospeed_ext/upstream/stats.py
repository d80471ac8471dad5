"""Counters of the send queue, and the frozen snapshots that stats() hands out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class StreamStats:
    """One stream's figures at one instant (or the sum over streams, see QueueStats.total).

    Sent means handed to the socket, or acknowledged by the server in acknowledge mode.
    """

    samples_sent: int = 0
    packets_sent: int = 0
    bytes_sent: int = 0
    samples_queued: int = 0
    """Waiting or in flight: not yet sent (or not yet acknowledged)."""
    packets_in_flight: int = 0
    """Handed to the socket, waiting for the server's acknowledgement."""
    packets_resent: int = 0
    """Sent again after a lost connection, a missing or a refusing acknowledgement."""
    packets_refused: int = 0
    """Acknowledged with a falsy value: the server refused them; they are sent again."""
    emit_failures: int = 0
    """Times the sink raised instead of taking a packet (it is kept and sent again)."""
    direct_packets: int = 0
    """Packets of send_direct(), also counted in packets_sent."""
    largest_packet_bytes: int = 0


@dataclass(frozen=True)
class QueueStats:
    """A consistent snapshot of every stream, and their total."""

    streams: Mapping[str, StreamStats]
    total: StreamStats

    @classmethod
    def of(cls, streams: Mapping[str, StreamStats]) -> QueueStats:
        return cls(MappingProxyType(dict(streams)), _total(streams.values()))


@dataclass
class Counters:
    """The mutable tallies behind StreamStats, kept by the schedule under its owner's lock."""

    samples_sent: int = 0
    packets_sent: int = 0
    bytes_sent: int = 0
    packets_resent: int = 0
    packets_refused: int = 0
    emit_failures: int = 0
    direct_packets: int = 0
    largest_packet_bytes: int = 0

    def sent(self, samples: int, size: int) -> None:
        self.samples_sent += samples
        self.packets_sent += 1
        self.bytes_sent += size
        self.largest_packet_bytes = max(self.largest_packet_bytes, size)

    def snapshot(self, *, samples_queued: int, packets_in_flight: int) -> StreamStats:
        return StreamStats(
            samples_queued=samples_queued,
            packets_in_flight=packets_in_flight,
            **dataclasses.asdict(self),
        )


def _total(streams: Iterable[StreamStats]) -> StreamStats:
    items = list(streams)
    sums = {
        f.name: sum(getattr(s, f.name) for s in items)
        for f in dataclasses.fields(StreamStats)
        if f.name != "largest_packet_bytes"
    }
    largest = max((s.largest_packet_bytes for s in items), default=0)
    return StreamStats(largest_packet_bytes=largest, **sums)
