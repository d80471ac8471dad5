"""Turn what the caller passes into wire rows: checked, copied and timestamped.

A row goes on the wire as [ch1..chN, timestamp], or [ch1..chN] when the cloud stamps it.
Everything is checked before anything is queued, so a send() is all-or-nothing. Rows are
copied into tuples: changing the caller's lists afterwards cannot change queued data, and
tuples of numbers drop out of the garbage collector's scans, which keeps its pauses short
when a hundred thousand samples wait.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import neurospeed_api as ns

Row = tuple[float, ...]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def check_sensor(stream_id: str, sensor: ns.SensorInfo) -> None:
    """Refuse sensor info the queue cannot work with (width and timestamp spacing need it)."""
    count = sensor.channel_count
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"stream {stream_id!r}: channel_count must be a positive int: {count!r}")
    if len(sensor.channel_map) != count:
        raise ValueError(
            f"stream {stream_id!r}: channel_map has {len(sensor.channel_map)} names,"
            f" channel_count is {count}"
        )
    frequency = sensor.sampling_frequency
    if not _is_real(frequency) or not math.isfinite(frequency) or frequency <= 0:
        raise ValueError(
            f"stream {stream_id!r}: sampling_frequency must be a positive number: {frequency!r}"
        )


def prepare_rows(
    stream_id: str,
    sensor: ns.SensorInfo,
    samples: Iterable[Any],
    timestamps: Iterable[Any] | None,
    *,
    without_timestamps: bool,
    wall_clock: Callable[[], float],
) -> list[Row]:
    """Checked copies of `samples`, each with its timestamp appended unless told not to.

    Without `timestamps`, the last sample gets `wall_clock()` and earlier ones are spaced
    back by 1/sampling_frequency, so a batch is not stamped with a single instant.
    """
    rows = [_row(stream_id, sensor, index, sample) for index, sample in enumerate(samples)]
    if without_timestamps:
        if timestamps is not None:
            raise ValueError(
                f"stream {stream_id!r}: timestamps were given with without_timestamps=True"
            )
        return [tuple(row) for row in rows]
    if timestamps is None:
        stamps = _spaced_back(len(rows), float(sensor.sampling_frequency), wall_clock)
    else:
        stamps = _given_stamps(stream_id, timestamps, len(rows))
    return [(*row, stamp) for row, stamp in zip(rows, stamps, strict=True)]


def _row(stream_id: str, sensor: ns.SensorInfo, index: int, sample: Any) -> list[float]:
    if isinstance(sample, str | bytes | bytearray | Mapping) or not hasattr(sample, "__len__"):
        raise ValueError(
            f"stream {stream_id!r}: sample {index} must be a sequence of"
            f" {sensor.channel_count} numbers, not {type(sample).__name__}"
        )
    values = list(sample)
    if len(values) != sensor.channel_count:
        raise ValueError(
            f"stream {stream_id!r}: sample {index} has {len(values)} values;"
            f" the stream has {sensor.channel_count} channels"
        )
    for channel, value in enumerate(values):
        kind = type(value)
        if kind is float and math.isfinite(value):
            continue
        if kind is int and _INT64_MIN <= value <= _INT64_MAX:
            continue
        try:
            values[channel] = _number(value)
        except ValueError as exc:
            name = sensor.channel_map[channel]
            raise ValueError(
                f"stream {stream_id!r}: sample {index}, channel {channel} ({name}): {exc}"
            ) from None
    return values


def _given_stamps(stream_id: str, timestamps: Iterable[Any], count: int) -> list[float]:
    if isinstance(timestamps, str | bytes | bytearray):
        raise ValueError(f"stream {stream_id!r}: timestamps must be a sequence of numbers")
    stamps = list(timestamps)
    if len(stamps) != count:
        raise ValueError(f"stream {stream_id!r}: {len(stamps)} timestamps for {count} samples")
    for index, stamp in enumerate(stamps):
        try:
            stamps[index] = _number(stamp)
        except ValueError as exc:
            raise ValueError(f"stream {stream_id!r}: timestamp {index}: {exc}") from None
    return stamps


def _spaced_back(count: int, frequency: float, wall_clock: Callable[[], float]) -> list[float]:
    last = float(wall_clock())
    period = 1.0 / frequency
    return [last - (count - 1 - i) * period for i in range(count)]


def _number(value: Any) -> float:
    """A JSON-safe number: finite, not a bool, an int within 64 bits (orjson's range)."""
    if not _is_real(value):
        raise ValueError(f"{value!r} is not a real number")
    if isinstance(value, numbers.Integral):
        integer = int(value)
        if not _INT64_MIN <= integer <= _INT64_MAX:
            raise ValueError(f"{integer} is outside the 64-bit integer range")
        return integer
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
