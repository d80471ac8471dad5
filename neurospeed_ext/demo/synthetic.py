"""Synthetic 8-channel EEG: rhythms a band-power display can show, reproducible by seed.

Occipital channels carry a strong 10 Hz alpha rhythm in the "eyes closed" phase and the
frontal ones 20 Hz beta in the "task" phase, over a little noise; values are rounded to
0.01 µV so the exported CSV can be compared with what was sent, exactly.
"""

from __future__ import annotations

import math
import random

import attrs

CHANNELS = ("Fp1", "Fp2", "C3", "C4", "P3", "P4", "O1", "O2")
RATE = 256
"""Samples per second."""

_ALPHA_GAIN = {"O1": 30.0, "O2": 30.0, "P3": 15.0, "P4": 15.0}
_BETA_GAIN = {"Fp1": 12.0, "Fp2": 12.0, "C3": 6.0, "C4": 6.0}


@attrs.frozen
class Phase:
    label: str
    seconds: float
    alpha: bool
    """Alpha (eyes closed) or beta (task) dominates."""


PHASES = (Phase("eyes_closed", 5.0, alpha=True), Phase("task", 5.0, alpha=False))


@attrs.frozen
class Chunk:
    """Consecutive samples of one phase, with their timestamps (epoch seconds)."""

    label: str
    samples: list[list[float]]
    timestamps: list[float]


def eeg_chunks(
    start: float, *, chunk_seconds: float = 0.25, phases: tuple[Phase, ...] = PHASES, seed: int = 7
) -> list[Chunk]:
    """The whole recording as chunks of `chunk_seconds`, sample i stamped start + i/RATE."""
    noise = random.Random(seed)
    per_chunk = max(1, round(chunk_seconds * RATE))
    chunks: list[Chunk] = []
    index = 0
    for phase in phases:
        end = index + round(phase.seconds * RATE)
        while index < end:
            count = min(per_chunk, end - index)
            rows = [_sample(index + k, phase, noise) for k in range(count)]
            stamps = [round(start + (index + k) / RATE, 6) for k in range(count)]
            chunks.append(Chunk(phase.label, rows, stamps))
            index += count
    return chunks


def _sample(index: int, phase: Phase, noise: random.Random) -> list[float]:
    t = index / RATE
    alpha = math.sin(2 * math.pi * 10.0 * t)
    beta = math.sin(2 * math.pi * 20.0 * t)
    row = []
    for name in CHANNELS:
        gain_a = _ALPHA_GAIN.get(name, 3.0) * (1.0 if phase.alpha else 0.2)
        gain_b = _BETA_GAIN.get(name, 2.0) * (0.2 if phase.alpha else 1.0)
        value = gain_a * alpha + gain_b * beta + noise.gauss(0.0, 2.0)
        row.append(round(value, 2))
    return row
