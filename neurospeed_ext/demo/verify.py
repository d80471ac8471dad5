"""Check a downloaded export against what was sent: same samples, timestamps and labels."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import attrs

from .synthetic import Chunk


@attrs.frozen
class Verdict:
    rows_expected: int
    rows_found: int
    mismatches: tuple[str, ...]
    """The first few differences, each naming the row and the column."""

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.rows_expected == self.rows_found


MAX_REPORTED = 5


def verify_export(
    path: Path, stream_id: str, channels: Sequence[str], chunks: Sequence[Chunk]
) -> Verdict:
    """Compare the stream's rows of the CSV with the chunks, in order."""
    expected = [
        (stamp, row, chunk.label)
        for chunk in chunks
        for stamp, row in zip(chunk.timestamps, chunk.samples, strict=True)
    ]
    problems: list[str] = []
    found = 0
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [
            c
            for c in ("timestamp", "stream_id", "label", *channels)
            if c not in (reader.fieldnames or ())
        ]
        if missing:
            return Verdict(len(expected), 0, (f"header lacks {', '.join(missing)}",))
        for line, record in enumerate(reader, start=2):
            if record["stream_id"] != stream_id:
                continue
            if found < len(expected) and len(problems) < MAX_REPORTED:
                problems.extend(_compare(line, record, channels, *expected[found]))
            found += 1
    return Verdict(len(expected), found, tuple(problems[:MAX_REPORTED]))


def _compare(
    line: int,
    record: dict[str, str],
    channels: Sequence[str],
    stamp: float,
    row: list[float],
    label: str,
) -> list[str]:
    out = []
    if float(record["timestamp"]) != stamp:
        out.append(f"line {line}: timestamp {record['timestamp']} != {stamp}")
    for name, value in zip(channels, row, strict=True):
        if float(record[name]) != value:
            out.append(f"line {line}: {name} {record[name]} != {value}")
    if label not in record["label"].split(";"):
        out.append(f"line {line}: label {record['label']!r} lacks {label!r}")
    return out
