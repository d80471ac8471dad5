"""Cutting queued rows into `pipeline` packets that are as full as the byte limit allows.

A packet's encoded size is computed, not guessed: the envelope (ids, labels, and the
`{"sample":[]}` text) is encoded once per label set with `ns.dumps`, the same encoder the
socket uses, and each row adds its own encoded length plus one comma. Rows hold only
numbers, whose JSON text needs no escaping inside the `data` string, so the sum is exact.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import neurospeed_api as ns

from .labels import merge_labels
from .samples import Row

Labels = tuple[str, ...]


def encoded_row_sizes(rows: Sequence[Sequence[float]]) -> list[int]:
    """Bytes each row takes inside a packet's sample list (commas between rows not counted)."""
    if not rows:
        return []
    text = ns.dumps(rows)  # "[[1,2.5],[3,4]]": numbers, commas and brackets only
    return [len(part) + 2 for part in text[2:-2].split("],[")]


class Envelope:
    """One stream's packet frame: builds packets and knows their size without rows."""

    _CACHE_LIMIT = 256

    def __init__(self, stream_id: str, device_type: ns.DeviceType, hia_id: str) -> None:
        self.stream_id = stream_id
        self.device_type = device_type
        self.hia_id = hia_id
        self._overheads: dict[tuple[Labels, Labels], int] = {}

    def build(self, rows: Sequence[Row], labels: Labels, onetime: Labels) -> ns.PipelinePacket:
        return ns.PipelinePacket(
            stream_id=self.stream_id,
            device_type=self.device_type,
            hia_id=self.hia_id,
            data=ns.SampleBlock(sample=[list(row) for row in rows]),
            experiment=ns.ExperimentLabels(
                packet_labels=list(labels), onetime_labels=list(onetime)
            ),
        )

    def overhead(self, labels: Labels, onetime: Labels) -> int:
        """Encoded bytes of a packet with these labels and no rows."""
        key = (labels, onetime)
        size = self._overheads.get(key)
        if size is None:
            if len(self._overheads) >= self._CACHE_LIMIT:
                self._overheads.clear()
            size = len(ns.dumps(self.build([], labels, onetime)).encode("utf-8"))
            self._overheads[key] = size
        return size

    def check_fits(self, sizes: Sequence[int], labels: Labels, onetime: Labels, limit: int) -> None:
        """ValueError unless every row fits in a packet on its own (so packing never stalls)."""
        if not sizes:
            return
        room = limit - self.overhead(labels, onetime)
        largest = max(sizes)
        if largest > room:
            index = sizes.index(largest)
            raise ValueError(
                f"stream {self.stream_id!r}: sample {index} takes {largest} bytes; with its"
                f" labels a packet has room for {max(room, 0)} (max_packet_bytes={limit})"
            )


@dataclass(eq=False)
class Batch:
    """The rows of one send() call, with the labels in force when it was queued."""

    rows: Sequence[Row]
    sizes: list[int]
    labels: Labels
    onetime: Labels
    offset: int = 0  # rows before it are already in a packet


@dataclass(frozen=True, eq=False)
class Packed:
    """A packet and what it holds, for counters and flow control."""

    packet: ns.PipelinePacket
    size: int
    samples: int


@dataclass(eq=False)
class Backlog:
    """A stream's queued batches, oldest first."""

    batches: deque[Batch] = field(default_factory=deque)
    samples: int = 0

    def append(self, batch: Batch) -> None:
        if batch.offset >= len(batch.rows):
            return  # an empty batch would make an empty packet
        self.batches.append(batch)
        self.samples += len(batch.rows) - batch.offset

    def take(self, envelope: Envelope, limit: int) -> Packed | None:
        """The largest packet the oldest rows make: cut at a label change or at `limit`.

        One-time labels ride on the packet that carries their batch's first row.
        """
        if not self.batches:
            return None
        labels = self.batches[0].labels
        onetime: Labels = ()
        overhead = envelope.overhead(labels, onetime)
        rows: list[Row] = []
        used = 0  # bytes of the rows and the commas between them
        full = False
        while self.batches and not full:
            batch = self.batches[0]
            if batch.labels != labels:
                break
            if batch.offset == 0 and batch.onetime:
                merged = merge_labels(onetime, batch.onetime)
                wider = envelope.overhead(labels, merged)
                if rows and wider + used + 1 + batch.sizes[0] > limit:
                    break
                onetime, overhead = merged, wider
            index = batch.offset
            sizes = batch.sizes
            count = len(sizes)
            while index < count:
                extra = sizes[index] + (1 if rows else 0)
                if overhead + used + extra > limit:
                    full = True
                    break
                rows.append(batch.rows[index])
                used += extra
                index += 1
            self.samples -= index - batch.offset
            batch.offset = index
            if index == count:
                self.batches.popleft()
        if not rows:
            raise RuntimeError(f"stream {envelope.stream_id!r}: a row does not fit in a packet")
        return Packed(envelope.build(rows, labels, onetime), overhead + used, len(rows))


def pack_all(envelope: Envelope, batch: Batch, limit: int) -> list[Packed]:
    """Every packet one batch makes, for sends that bypass the queue."""
    backlog = Backlog()
    backlog.append(batch)
    packets = []
    while (packed := backlog.take(envelope, limit)) is not None:
        packets.append(packed)
    return packets
