"""Benchmarks run on demand: `pytest tests/bench -s` (they print their figures)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def interleaved(
    candidates: dict[str, Callable[[], object]], *, number: int, repeat: int
) -> dict[str, tuple[float, float]]:
    """(min, median) seconds per call for each candidate.

    Rounds alternate between the candidates, so a slow spell of a shared machine lands on
    all of them alike and the ratios stay meaningful.
    """
    rounds: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeat):
        for name, func in candidates.items():
            start = time.perf_counter()
            for _ in range(number):
                func()
            rounds[name].append((time.perf_counter() - start) / number)
    return {name: (min(times), statistics.median(times)) for name, times in rounds.items()}
