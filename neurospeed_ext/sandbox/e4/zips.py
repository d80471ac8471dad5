"""Session ZIPs in the layout E4 Connect downloads (PROTOCOL 6), written to disk.

Blocking work, meant for a worker thread. Members are streamed into the archive one
period of rows at a time, so a long session is never held in memory. Member timestamps
come from the session's start, so the same session always gives the same bytes.
"""

from __future__ import annotations

import math
import time
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import attrs

from .signals import (
    ACC_HZ,
    BVP_HZ,
    EDA_HZ,
    HR_DELAY,
    HR_HZ,
    PERIOD,
    TEMP_HZ,
    Period,
    make_period,
)

MEMBERS = ("ACC.csv", "BVP.csv", "EDA.csv", "HR.csv", "IBI.csv", "TEMP.csv", "info.txt", "tags.txt")
INFO = resources.files(__package__).joinpath("info.txt").read_text("utf-8")
SIZED_ATTEMPTS = 4


@attrs.frozen
class ZipSpec:
    """What a session's ZIP is made from."""

    session_id: int
    start_time: int
    """Unix seconds."""
    duration: int
    """Seconds."""
    tags: tuple[float, ...] = ()


def write_session_zip(
    path: Path,
    spec: ZipSpec,
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    period: Period | None = None,
) -> int:
    """The session's ZIP at `path`; returns its size in bytes."""
    period = period or make_period(spec.session_id, spec.start_time)
    stamp = _zip_time(spec.start_time)
    with zipfile.ZipFile(path, "w") as archive:
        for name, chunks in _members(spec, period):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as out:
                for chunk in chunks:
                    out.write(chunk.encode("ascii"))
    return path.stat().st_size


def write_sized_zip(path: Path, session_id: int, start_time: int, size_bytes: int) -> ZipSpec:
    """A stored (uncompressed) ZIP of at least `size_bytes`, for benchmarks; returns the
    spec it was made from (its duration is what the size needed)."""
    period = make_period(session_id, start_time)
    per_period = sum(
        len("".join(rows)) for rows in (period.acc, period.bvp, period.eda, period.temp, period.hr)
    )
    periods = math.ceil(size_bytes / per_period) + 1  # +1: HR starts late, headers are short
    for _ in range(SIZED_ATTEMPTS):
        spec = ZipSpec(session_id=session_id, start_time=start_time, duration=periods * PERIOD)
        if write_session_zip(path, spec, compression=zipfile.ZIP_STORED, period=period) >= (
            size_bytes
        ):
            return spec
        periods *= 2
    raise RuntimeError(f"could not reach {size_bytes} bytes in {SIZED_ATTEMPTS} attempts")


def _zip_time(start: int) -> tuple[int, int, int, int, int, int]:
    """ZIP member time (UTC); the format cannot go before 1980."""
    moment = time.gmtime(max(start, 315532800))
    return (
        moment.tm_year,
        moment.tm_mon,
        moment.tm_mday,
        moment.tm_hour,
        moment.tm_min,
        moment.tm_sec,
    )


def _members(spec: ZipSpec, period: Period) -> Iterator[tuple[str, Iterator[str]]]:
    start, duration = spec.start_time, spec.duration
    hr_rows = max(duration - HR_DELAY, 0) * HR_HZ
    yield "ACC.csv", _signal(start, ACC_HZ, period.acc, duration * ACC_HZ, columns=3)
    yield "BVP.csv", _signal(start, BVP_HZ, period.bvp, duration * BVP_HZ)
    yield "EDA.csv", _signal(start, EDA_HZ, period.eda, duration * EDA_HZ)
    yield "HR.csv", _signal(start + HR_DELAY, HR_HZ, period.hr, hr_rows)
    yield "IBI.csv", _ibi(start, duration, period)
    yield "TEMP.csv", _signal(start, TEMP_HZ, period.temp, duration * TEMP_HZ)
    yield "info.txt", iter((INFO,))
    yield "tags.txt", iter(tuple(f"{tag:.2f}\n" for tag in spec.tags))


def _signal(
    start: int, rate: int, rows: tuple[str, ...], count: int, *, columns: int = 1
) -> Iterator[str]:
    """Two header rows (start time, rate; repeated per column), then `count` samples."""
    yield ", ".join([f"{start:.6f}"] * columns) + "\n"
    yield ", ".join([f"{rate:.6f}"] * columns) + "\n"
    whole, rest = divmod(count, len(rows))
    if whole:
        block = "".join(rows)
        for _ in range(whole):
            yield block
    yield "".join(rows[:rest])


def _ibi(start: int, duration: int, period: Period) -> Iterator[str]:
    """`<start>, IBI`, then `<seconds since start>,<interval>` for each detected beat."""
    yield f"{start:.6f}, IBI\n"
    for k in range(math.ceil(duration / PERIOD)):
        offset = k * PERIOD
        rows = []
        for index, beat in enumerate(period.beats):
            at = offset + beat.at
            if at >= duration:
                break
            if beat.detected and (k or index):  # the first beat has no interval before it
                rows.append(f"{at:.6f},{beat.interval:.6f}\n")
        yield "".join(rows)
