"""Pipeline packets checked against their stream's sensor info and made into StoredPackets.

Shared by the test hook that injects packets and the Socket.IO layer that receives them
from HIAs, so both keep packets the same way: the device type comes from the sensor
info, never from the packet (PROTOCOL 5).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import neurospeed_api as ns
from neurospeed_api._runtime import jsoncodec

from .records import StoredPacket


class PacketError(ValueError):
    """A packet that does not fit its sensor info."""


def build_packet(
    *,
    stream_id: str,
    hia_id: str,
    sensor_info: ns.SensorInfo,
    samples: list[list[float]],
    labels: Sequence[str] = (),
    received_at: float | None = None,
) -> StoredPacket:
    """Check widths and labels; samples are [ch1..chN] or [ch1..chN, timestamp]."""
    width = len(sensor_info.channel_map)
    if sensor_info.channel_count != width:
        raise PacketError(
            f"sensor_info: channel_count {sensor_info.channel_count} != {width} channel names"
        )
    if sensor_info.stream_id != stream_id:
        raise PacketError(f"sensor_info: stream_id {sensor_info.stream_id!r} != {stream_id!r}")
    for i, sample in enumerate(samples):
        if len(sample) not in (width, width + 1):
            raise PacketError(
                f"samples[{i}]: expected {width} values (+ timestamp), got {len(sample)}"
            )
    for label in labels:
        if "," in label or "\n" in label:
            raise PacketError(f"labels: {label!r} holds a comma or a line break")
    return StoredPacket(
        stream_id=stream_id,
        hia_id=hia_id,
        device_type=sensor_info.device_type.value,
        channel_map=tuple(sensor_info.channel_map),
        samples=samples,
        labels=tuple(dict.fromkeys(labels)),
        received_at=time.time() if received_at is None else received_at,
        size=len(jsoncodec.dumps(samples)),
    )
