"""The progress bar of a download: tqdm on stderr, shown to people, silent for programs."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


def wants_bar(progress: bool | None) -> bool:
    """`progress` when given; otherwise a bar only when stderr is a terminal (not in logs)."""
    if progress is not None:
        return progress
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


class ProgressBar:
    """One bar for the whole download, moved back when a restart discards bytes."""

    def __init__(self, show: bool, label: str) -> None:
        self._show = show
        self._label = label
        self._bar: tqdm[Any] | None = None

    def label(self, label: str) -> None:
        """Name the bar once the file's name is known (before its first byte)."""
        self._label = label
        if self._bar is not None:
            self._bar.set_description_str(label, refresh=False)

    def at(self, position: int, total: int | None) -> None:
        """Place the bar at `position` of `total` bytes (resumed bytes count as done)."""
        if self._bar is None:
            self._bar = tqdm(
                total=total,
                initial=position,
                unit="B",
                unit_scale=True,
                desc=self._label,
                disable=not self._show,
                file=sys.stderr,
                dynamic_ncols=True,
                leave=True,
            )
        elif self._bar.n != position or self._bar.total != total:
            self._bar.reset(total=total)
            self._bar.update(position)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
