"""Benchmarks run on demand: `pytest tests/bench -s` (they print their figures)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_of(func: Callable[[], object], *, number: int, repeat: int) -> tuple[float, float]:
    """(min, median) seconds per call over `repeat` rounds of `number` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        rounds.append((time.perf_counter() - start) / number)
    return min(rounds), statistics.median(rounds)
