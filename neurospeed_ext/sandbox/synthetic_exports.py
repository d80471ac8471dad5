"""Large exports made quickly, for benchmarks and download tests (`POST /__sandbox__/exports`).

A stopped recorder and an exporter already `exported`, whose CSV has the real export
layout (csv_export.py: same header, same `\\r\\n` rows as csv.writer writes) filled with
synthetic 8-channel EEG at 256 Hz. Rows are written block by block in a worker thread
until the file reaches the size asked for, so neither the recording nor the file is
ever held in memory, and the event loop keeps serving meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

import attrs

import neurospeed_api as ns

from .csv_export import FIXED_COLUMNS, LABEL_COLUMN
from .errors import ApiError
from .records import ExporterRecord, RecorderRecord, UserRecord, utc_now
from .state import SandboxState

log = logging.getLogger(__name__)

STREAM_ID = "EEG_synthetic"
CHANNELS = ("Fp1", "Fp2", "C3", "C4", "P7", "P8", "O1", "O2")
LABELS = ("baseline", "task")
RATE = 256
SAMPLES_PER_PACKET = 64
PACKETS_PER_LABEL = 100
START = 1_700_000_000.0
"""Epoch seconds of the first sample: fixed, so that a size always gives the same file."""
ROWS_PER_BLOCK = 8192
ROW_BYTES_AT_MOST = 192
"""More than any row takes: blocks shrink near the end, so the file overshoots by < 1 row."""
VALUE_POOL = 4096
"""Distinct rows of channel values, cycled: formatting floats is the slow part."""
MAX_SIZE = 64 << 30


@attrs.frozen
class WrittenCsv:
    rows: int
    size: int


async def create_synthetic_export(
    state: SandboxState, user: UserRecord, size_bytes: int, custom_name: str
) -> ExporterRecord:
    """A stopped recorder and its exported exporter, the file at least `size_bytes` long."""
    if not 1 <= size_bytes <= MAX_SIZE:
        raise ApiError(400, f"size_bytes: expected 1 to {MAX_SIZE}")
    recorder = RecorderRecord(
        id=state.next_id("rec"),
        user=user,
        name=f"synthetic {size_bytes} B",
        status=ns.RecorderStatus.STOPPED,
        request_status=ns.RecorderStatus.STOPPED,
        columns=list(CHANNELS),
        labels=list(LABELS),
        stream_ids=[STREAM_ID],
    )
    state.recorders[recorder.id] = recorder
    config = ns.ExporterConfig(
        custom_name=custom_name, stream_ids=[STREAM_ID], is_all_columns=True, is_all_streams=True
    )
    exporter = ExporterRecord(id=state.next_id("exp"), recorder=recorder, config=config)
    state.exporters[exporter.id] = exporter
    final = state.data_dir / f"exporter-{exporter.id}.csv"
    partial = final.with_suffix(".partial")
    work = asyncio.get_running_loop().run_in_executor(
        None, write_synthetic_csv, partial, size_bytes
    )
    try:
        written = await asyncio.shield(work)
    except asyncio.CancelledError:
        work.add_done_callback(lambda _: partial.unlink(missing_ok=True))
        raise
    except Exception:
        partial.unlink(missing_ok=True)
        raise
    if exporter.id not in state.exporters:
        partial.unlink(missing_ok=True)
        raise ApiError(409, f"exporter {exporter.id} was deleted while its file was written")
    partial.replace(final)
    recorder.size = written.size
    recorder.minimum_timestamp = START
    recorder.maximum_timestamp = START + (written.rows - 1) / RATE
    exporter.path = final
    exporter.file_size = written.size
    exporter.status = ns.ExporterStatus.EXPORTED
    exporter.updated_at = recorder.updated_at = utc_now()
    log.info("synthetic exporter %d: %d rows, %d bytes", exporter.id, written.rows, written.size)
    return exporter


def write_synthetic_csv(path: Path, size_bytes: int) -> WrittenCsv:
    """Rows until the file holds at least `size_bytes` (less than one row more)."""
    rng = random.Random(size_bytes)
    pool = [
        ",".join(repr(round(rng.gauss(0.0, 20.0), 6)) for _ in CHANNELS) for _ in range(VALUE_POOL)
    ]
    header = ",".join((*FIXED_COLUMNS, *CHANNELS, LABEL_COLUMN))
    size = 0
    row = 0
    with path.open("w", encoding="ascii", newline="") as handle:
        size += handle.write(f"{header}\r\n")
        while size < size_bytes or row == 0:
            count = max(1, min(ROWS_PER_BLOCK, (size_bytes - size) // ROW_BYTES_AT_MOST + 1))
            size += handle.write("".join(_rows(pool, row, count)))
            row += count
    return WrittenCsv(rows=row, size=size)


def _rows(pool: list[str], first: int, count: int) -> list[str]:
    lines = []
    for i in range(first, first + count):
        packet = i // SAMPLES_PER_PACKET
        label = LABELS[(packet // PACKETS_PER_LABEL) % len(LABELS)]
        values = pool[i % VALUE_POOL]
        lines.append(f"{START + i / RATE!r},{packet + 1},{STREAM_ID},EEG,{values},{label}\r\n")
    return lines
