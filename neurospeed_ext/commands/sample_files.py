"""Sample files for `neurospeed stream`: CSV read in chunks, `.npy` memory-mapped.

A CSV has an optional header row of channel names, then one numeric row per sample; a
column named `timestamp` (any case) holds each sample's epoch seconds. A `.npy` file is
an array of samples x channels (a 1-D array is one channel). Neither is read whole into
memory: blocks of `chunk` samples come out one at a time. numpy is imported only for
`.npy` files.
"""

from __future__ import annotations

import collections
import csv
import itertools
import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from .failures import UsageError

TIMESTAMP_COLUMN = "timestamp"
RATE_PROBE = 1000
"""Samples whose timestamps give the sampling rate when --rate is not given."""


class InputError(UsageError):
    """A sample file that cannot be read or holds something other than numbers."""


@dataclass(frozen=True)
class Block:
    samples: list[list[float]]
    timestamps: list[float] | None


class SampleFile:
    """A sample file, open: its shape, then its blocks (`with` closes it)."""

    path: Path
    width: int
    """Channels per sample (the timestamp column excluded)."""
    names: list[str] | None
    """Channel names from a header row, if any."""
    has_timestamps: bool
    total: int | None
    """Samples in the file when known without reading it (`.npy`)."""

    def blocks(self) -> Iterator[Block]:
        raise NotImplementedError

    def timestamp_rate(self) -> float | None:
        """Samples per second that the first timestamps show, if the file has them."""
        return None

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def open_samples(path: Path, *, chunk: int = 1000) -> SampleFile:
    """The right reader for the file's suffix (`.npy`, else CSV)."""
    if path.suffix.lower() == ".npy":
        return NpyFile(path, chunk)
    return CsvFile(path, chunk)


class CsvFile(SampleFile):
    def __init__(self, path: Path, chunk: int) -> None:
        self.path = path
        self._chunk = chunk
        self._handle: IO[str] = _open_text(path)
        self._reader = csv.reader(self._handle)
        self._pending: collections.deque[tuple[int, list[str]]] = collections.deque()
        """Rows read ahead (header detection, rate probe), with their line numbers."""
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        path = self.path
        first = self._next_row()
        if first is None:
            raise InputError(f"{path}: no samples in the file")
        line, cells = first
        if all(_is_number(cell) for cell in cells):
            self.names = None
            self._pending.append(first)
            columns = [f"ch_{i}" for i in range(len(cells))]
        else:
            columns = [cell.strip() for cell in cells]
            self.names = columns
        lowered = [name.lower() for name in columns]
        if lowered.count(TIMESTAMP_COLUMN) > 1:
            raise InputError(f"{path}:{line}: more than one {TIMESTAMP_COLUMN} column")
        self._stamp_at = lowered.index(TIMESTAMP_COLUMN) if TIMESTAMP_COLUMN in lowered else None
        self.has_timestamps = self._stamp_at is not None
        self._columns = len(columns)
        if self.names is not None and self._stamp_at is not None:
            self.names = [n for i, n in enumerate(self.names) if i != self._stamp_at]
        self.width = self._columns - (1 if self.has_timestamps else 0)
        if self.width < 1:
            raise InputError(f"{path}:{line}: no channel columns")
        self.total = None

    def timestamp_rate(self) -> float | None:
        if self._stamp_at is None:
            return None
        while len(self._pending) < RATE_PROBE:
            row = self._next_row()
            if row is None:
                break
            self._pending.append(row)
        stamps = [self._parse(line, cells)[1] for line, cells in self._pending]
        return rate_of([s for s in stamps if s is not None])

    def blocks(self) -> Iterator[Block]:
        samples: list[list[float]] = []
        stamps: list[float] = []
        while True:
            row = self._pending.popleft() if self._pending else self._next_row()
            if row is None:
                break
            values, stamp = self._parse(*row)
            samples.append(values)
            if stamp is not None:
                stamps.append(stamp)
            if len(samples) >= self._chunk:
                yield Block(samples, stamps if self.has_timestamps else None)
                samples, stamps = [], []
        if samples:
            yield Block(samples, stamps if self.has_timestamps else None)

    def close(self) -> None:
        self._handle.close()

    def _next_row(self) -> tuple[int, list[str]] | None:
        """The next row that is not blank, with its line number."""
        try:
            for cells in self._reader:
                if any(cell.strip() for cell in cells):
                    return self._reader.line_num, cells
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            raise InputError(f"{self.path}:{self._reader.line_num}: {exc}") from None
        return None

    def _parse(self, line: int, cells: list[str]) -> tuple[list[float], float | None]:
        if len(cells) != self._columns:
            raise InputError(
                f"{self.path}:{line}: {len(cells)} values; expected {self._columns}"
                " (as in the first row)"
            )
        numbers = []
        for column, cell in enumerate(cells):
            try:
                value = float(cell)
            except ValueError:
                raise InputError(
                    f"{self.path}:{line}: column {column + 1}: not a number: {cell.strip()!r}"
                ) from None
            if not math.isfinite(value):
                raise InputError(f"{self.path}:{line}: column {column + 1}: {cell.strip()!r}")
            numbers.append(value)
        if self._stamp_at is None:
            return numbers, None
        stamp = numbers.pop(self._stamp_at)
        return numbers, stamp


class NpyFile(SampleFile):
    def __init__(self, path: Path, chunk: int) -> None:
        try:
            import numpy
        except ImportError:
            raise InputError(
                f"{path}: reading .npy files needs numpy, which is not installed"
                " (pip install numpy), or convert the file to CSV"
            ) from None
        self.path = path
        self._chunk = chunk
        self._numpy = numpy
        try:
            array = numpy.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable .npy array: {_reason(exc)}") from None
        if not isinstance(array, numpy.ndarray):
            raise InputError(f"{path}: holds no single array")
        if array.ndim == 1:
            array = array.reshape(-1, 1)
        if array.ndim != 2:
            raise InputError(f"{path}: expected samples x channels, got shape {array.shape}")
        if array.dtype.kind not in "iuf":
            raise InputError(f"{path}: expected numbers, got dtype {array.dtype}")
        if array.shape[0] == 0 or array.shape[1] == 0:
            raise InputError(f"{path}: no samples in the array (shape {array.shape})")
        self._array: Any = array
        self.width = int(array.shape[1])
        self.names = None
        self.has_timestamps = False
        self.total = int(array.shape[0])

    def blocks(self) -> Iterator[Block]:
        numpy = self._numpy
        for start in range(0, self.total or 0, self._chunk):
            part = self._array[start : start + self._chunk]
            if part.dtype.kind == "f" and not numpy.isfinite(part).all():
                row = start + int(numpy.argwhere(~numpy.isfinite(part))[0][0])
                raise InputError(f"{self.path}: sample {row}: not a finite number")
            yield Block(part.tolist(), None)

    def close(self) -> None:
        # Unmapped when the last reference goes: closing the mmap itself would fail
        # while numpy views still export its buffer.
        self._array = None


def rate_of(stamps: list[float]) -> float | None:
    """Samples per second from evenly spaced timestamps (the median step), if any."""
    steps = [b - a for a, b in itertools.pairwise(stamps)]
    if not steps:
        return None
    step = statistics.median(steps)
    if not math.isfinite(step) or step <= 0:
        return None
    return float(f"{1.0 / step:.6g}")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _open_text(path: Path) -> IO[str]:
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)
