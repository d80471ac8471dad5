"""The `sensors_info` header of an HIA connect, decoded and checked (PROTOCOL 5).

A connect with sensor info the sandbox cannot trust is refused outright: every packet of
that HIA is checked against it later, and rooms relay it with every `data` event.
"""

from __future__ import annotations

import json
import math

import neurospeed_api as ns


class SensorsInfoError(ValueError):
    """Sensor info that is missing, not JSON, not SensorsInfo or inconsistent."""


def parse_sensors_info(text: str | None) -> dict[str, ns.SensorInfo]:
    """The sensor info of each stream, keyed by stream id; at least one."""
    if text is None:
        raise SensorsInfoError("missing header")
    try:
        data = json.loads(text)
    except ValueError:
        raise SensorsInfoError("not JSON text") from None
    try:
        sensors: dict[str, ns.SensorInfo] = ns.structure(data, ns.SensorsInfo)
    except ns.DecodeError as exc:
        raise SensorsInfoError("; ".join(str(p) for p in exc.problems)) from None
    if not sensors:
        raise SensorsInfoError("at least one sensor is needed")
    for key, info in sensors.items():
        _check(key, info)
    return sensors


def _check(key: str, info: ns.SensorInfo) -> None:
    where = f"[{key!r}]"
    if info.channel_count != len(info.channel_map):
        raise SensorsInfoError(
            f"{where}.channel_count: {info.channel_count} but channel_map names "
            f"{len(info.channel_map)} channels"
        )
    if info.channel_count <= 0:
        raise SensorsInfoError(f"{where}.channel_count: must be positive")
    if info.stream_id != key:
        raise SensorsInfoError(f"{where}.stream_id: {info.stream_id!r} differs from its key")
    if info.sensor_id != key:
        raise SensorsInfoError(f"{where}.sensor_id: {info.sensor_id!r} differs from its key")
    if not (math.isfinite(info.sampling_frequency) and info.sampling_frequency > 0):
        raise SensorsInfoError(f"{where}.sampling_frequency: must be a positive number")
