"""A `pipeline` event from an HIA, checked against its connection and made into a packet.

The checks run in the order a client bug is easiest to read from: size, shape (the
generated decoder names the field), stream id, finite values, then widths and labels
(packets.build_packet, shared with the test hook). Any failure is a PacketRejected
carrying the message the HIA gets as `pipeline_error`.

Labels: the packet's `packet_labels` then `onetime_labels`, duplicates dropped. The
published client sends `["none"]` in both until `set_label` is called; that placeholder
(and the empty string) means "no label" and is not kept, so exports of unlabelled data
hold no "none" label.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import attrs

import neurospeed_api as ns
from neurospeed_api._runtime import jsoncodec

from ..packets import PacketError, build_packet
from ..records import StoredPacket

NO_LABEL = frozenset({"none", ""})


class PacketRejected(ValueError):
    def __init__(self, stream_id: str | None, message: str) -> None:
        super().__init__(message)
        self.stream_id = stream_id
        self.message = message

    def event(self) -> dict[str, Any]:
        """The `pipeline_error` payload."""
        return {"stream_id": self.stream_id, "message": self.message}


@attrs.frozen(kw_only=True)
class Uplink:
    """An accepted packet with the sensor info of its stream."""

    packet: StoredPacket
    sensor: ns.SensorInfo


def encoded_size(payload: Any) -> int:
    """Bytes of the payload as compact UTF-8 JSON, the measure of the 65,535-byte limit."""
    text = jsoncodec.dumps(payload)  # compact, UTF-8 as written: what the HIA measured
    return len(text.encode("utf-8"))


def accept(
    payload: Any, *, sensors: dict[str, ns.SensorInfo], hia_id: str, max_bytes: int
) -> Uplink:
    """The packet `payload` holds, checked; PacketRejected says what is wrong."""
    if not isinstance(payload, dict):
        raise PacketRejected(None, "expected one object: {stream_id, device_type, data, ...}")
    raw_stream = payload.get("stream_id")
    stream_id = raw_stream if isinstance(raw_stream, str) else None
    size = encoded_size(payload)
    if size > max_bytes:
        raise PacketRejected(stream_id, f"packet is {size} bytes; at most {max_bytes} allowed")
    try:
        decoded: ns.PipelinePacket = ns.structure(payload, ns.PipelinePacket)
    except ns.DecodeError as exc:
        raise PacketRejected(stream_id, "; ".join(str(p) for p in exc.problems)) from None
    sensor = sensors.get(decoded.stream_id)
    if sensor is None:
        raise PacketRejected(
            decoded.stream_id,
            f"stream_id: {decoded.stream_id!r} is not in this HIA's sensors_info",
        )
    samples = decoded.data.sample
    where = _first_not_finite(samples)
    if where is not None:
        raise PacketRejected(decoded.stream_id, f"data.sample{where}: NaN or infinite value")
    labels = [
        label
        for label in (*decoded.experiment.packet_labels, *decoded.experiment.onetime_labels)
        if label not in NO_LABEL
    ]
    try:
        packet = build_packet(
            stream_id=decoded.stream_id,
            hia_id=hia_id,
            sensor_info=sensor,
            samples=samples,
            labels=labels,
        )
    except PacketError as exc:
        raise PacketRejected(decoded.stream_id, str(exc)) from None
    return Uplink(packet=packet, sensor=sensor)


def _first_not_finite(samples: list[list[float]]) -> str | None:
    """`[i][j]` of the first NaN or infinite value (the decoder may let them through)."""
    try:
        if all(map(math.isfinite, itertools.chain.from_iterable(samples))):
            return None
    except OverflowError:  # an integer too large for a float
        pass
    for i, sample in enumerate(samples):
        for j, value in enumerate(sample):
            try:
                if not math.isfinite(value):
                    return f"[{i}][{j}]"
            except OverflowError:
                return f"[{i}][{j}]"
    return None
