"""Synthetic wristband signals, one period of each, ready to be repeated into CSV rows.

Every signal repeats after PERIOD seconds (whole numbers of heartbeats, sway and drift
cycles fit in it), so a session of any length is written by repeating one period's rows
instead of formatting millions of numbers; long bulk sessions cost little more than
copying text. Seeded by the session's id and start, so a session's data never changes.
"""

from __future__ import annotations

import bisect
import math
import random

import attrs

PERIOD = 64
"""Seconds after which every signal repeats."""

ACC_HZ = 32
BVP_HZ = 64
EDA_HZ = 4
TEMP_HZ = 4
HR_HZ = 1
HR_DELAY = 10
"""The wristband reports heart rate only after 10 s of pulse data."""


@attrs.frozen
class Beat:
    at: float
    """Seconds since the start of the period."""
    interval: float
    """Seconds since the previous beat."""
    detected: bool
    """Undetected beats (motion artefacts) have no IBI row, as on a real wristband."""


@attrs.frozen
class Period:
    """One PERIOD of every signal, as CSV rows ending in a newline."""

    acc: tuple[str, ...]
    bvp: tuple[str, ...]
    eda: tuple[str, ...]
    temp: tuple[str, ...]
    hr: tuple[str, ...]
    beats: tuple[Beat, ...]


def make_period(session_id: int, start_time: int) -> Period:
    rng = random.Random(f"e4-session:{session_id}:{start_time}")
    count = rng.randint(64, 90)  # beats per period: 60 to 84 bpm
    beats = _beats(rng, count)
    bpm = count * 60 / PERIOD
    return Period(
        acc=_acc(rng),
        bvp=_bvp(rng, beats),
        eda=_eda(rng),
        temp=_temp(rng),
        hr=tuple(
            f"{bpm + 2.0 * _wave(i, PERIOD * HR_HZ, 1) + rng.gauss(0.0, 0.4):.2f}\n"
            for i in range(PERIOD * HR_HZ)
        ),
        beats=beats,
    )


def _wave(i: int, n: int, cycles: int, phase: float = 0.0) -> float:
    """A sine that completes `cycles` whole cycles over `n` samples (so it repeats)."""
    return math.sin(2 * math.pi * cycles * i / n + phase)


def _beats(rng: random.Random, count: int) -> tuple[Beat, ...]:
    times = [(j + 0.5) * PERIOD / count + rng.uniform(-0.04, 0.04) for j in range(count)]
    return tuple(
        Beat(
            at=at,
            interval=at - (times[j - 1] if j else times[-1] - PERIOD),
            detected=rng.random() > 0.1,
        )
        for j, at in enumerate(times)
    )


def _acc(rng: random.Random) -> tuple[str, ...]:
    """Integer 1/64 g: gravity on a resting wrist, a slow sway, sensor noise."""
    n = PERIOD * ACC_HZ
    tilt = [rng.gauss(0.0, 0.5), rng.gauss(0.0, 0.5), 1.0]
    norm = math.sqrt(sum(c * c for c in tilt))
    base = [64.0 * c / norm for c in tilt]
    sway = [rng.uniform(1.0, 6.0) for _ in base]
    phases = [rng.uniform(0.0, 2 * math.pi) for _ in base]
    return tuple(
        ",".join(
            str(round(b + a * _wave(i, n, axis + 1, p) + rng.gauss(0.0, 0.7)))
            for axis, (b, a, p) in enumerate(zip(base, sway, phases, strict=True))
        )
        + "\n"
        for i in range(n)
    )


def _bvp(rng: random.Random, beats: tuple[Beat, ...]) -> tuple[str, ...]:
    """Blood volume pulse: a systolic peak and a smaller diastolic one after each beat."""
    n = PERIOD * BVP_HZ
    amplitude = rng.uniform(40.0, 120.0)
    times = [b.at for b in beats]
    values = []
    for i in range(n):
        t = i / BVP_HZ
        k = bisect.bisect_right(times, t) - 1
        since = t - (times[k] if k >= 0 else times[-1] - PERIOD)
        pulse = _bump(since, 0.12, 0.06) + 0.35 * _bump(since, 0.38, 0.08)
        values.append(amplitude * pulse + rng.gauss(0.0, 1.5))
    mean = sum(values) / n
    return tuple(f"{v - mean:.2f}\n" for v in values)


def _bump(t: float, centre: float, width: float) -> float:
    return math.exp(-(((t - centre) / width) ** 2))


def _eda(rng: random.Random) -> tuple[str, ...]:
    """Skin conductance in microsiemens: a tonic level and one phasic response."""
    n = PERIOD * EDA_HZ
    level = rng.uniform(0.3, 3.0)
    onset = rng.randint(20, n // 2)
    rise = rng.uniform(0.05, 0.4) * level
    rows = []
    for i in range(n):
        phasic = 0.0
        if i >= onset:
            lag = i - onset
            phasic = rise * (1 - math.exp(-lag / 4)) * math.exp(-lag / 40)
        value = level * (1 + 0.05 * _wave(i, n, 1)) + phasic + rng.gauss(0.0, 0.002)
        rows.append(f"{max(value, 0.001):.6f}\n")
    return tuple(rows)


def _temp(rng: random.Random) -> tuple[str, ...]:
    """Skin temperature in degrees Celsius."""
    n = PERIOD * TEMP_HZ
    level, phase = rng.uniform(31.0, 34.5), rng.uniform(0.0, 2 * math.pi)
    return tuple(
        f"{level + 0.2 * _wave(i, n, 1, phase) + rng.gauss(0.0, 0.02):.2f}\n" for i in range(n)
    )
