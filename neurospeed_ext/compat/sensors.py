"""Sensor info helpers of the manual (sections 5.2, 5.3.1 and the 5.3.3.7 hint)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from .util import UtilService

log = logging.getLogger(__name__)

MOCKUP_DEVICE_TYPE = "user_data"


def get_sensors_mockup() -> dict[str, dict[str, Any]]:
    """A valid sensor info with one `user_data` stream, to adapt with update_sensor_info.

    The stream id starts with the device type (`user_data_XXXXXX`), so the manual's
    stream-id hint finds it; sensor_id and stream_id equal the key, and channel_count
    equals len(channel_map), as the cloud requires.
    """
    stream_id = f"{MOCKUP_DEVICE_TYPE}_{UtilService.generateId(6)}"
    channel_map = ["X", "Y", "Z"]
    return {
        stream_id: {
            "device_type": MOCKUP_DEVICE_TYPE,
            "channel_count": len(channel_map),
            "channel_map": channel_map,
            "sampling_frequency": 10,
            "buffer_length": 1.0,
            "manufacturer_id": "neurospeed-sdk",
            "sensor_id": stream_id,
            "stream_id": stream_id,
            "stream_state": "enabled",
        }
    }


def get_stream_id_from_sensor_info(sensor_info: Mapping[str, Any], device_type: str = "EEG") -> str:
    """The first stream whose id starts with `device_type` (the manual's hint), else the
    first whose `device_type` field names it (any case); ValueError when none does."""
    for stream_id in sensor_info:
        if stream_id.startswith(device_type):
            return stream_id
    wanted = device_type.lower()
    for stream_id, info in sensor_info.items():
        kind = (
            info.get("device_type")
            if isinstance(info, Mapping)
            else getattr(info, "device_type", None)
        )
        if isinstance(kind, str) and kind.lower() == wanted:
            return stream_id
    raise ValueError(
        f"no stream of device type {device_type!r} in the sensor info;"
        f" its streams are {list(sensor_info)}"
    )
