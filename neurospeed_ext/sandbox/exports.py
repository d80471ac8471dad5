"""The exporter life cycle (PROTOCOL 4.2): exporting -> exported, then a file on disk.

The recording is snapshotted at creation; the CSV is written in a worker thread after the
configured delay, under a partial name that is renamed only when complete, so a download
never sees half a file.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import neurospeed_api as ns

from .csv_export import write_csv
from .records import ExporterRecord, RecorderRecord, StoredPacket, utc_now
from .state import SandboxState

log = logging.getLogger(__name__)


def create_exporter(
    state: SandboxState, recorder: RecorderRecord, config: ns.ExporterConfig
) -> ExporterRecord:
    exporter = ExporterRecord(id=state.next_id("exp"), recorder=recorder, config=config)
    state.exporters[exporter.id] = exporter
    packets = list(recorder.packets)
    exporter.task = state.spawn(_export(state, exporter, packets), f"exporter-{exporter.id}")
    log.info("exporter %d created for recorder %d", exporter.id, recorder.id)
    return exporter


def delete_exporter(state: SandboxState, exporter: ExporterRecord) -> None:
    """Forget the exporter and delete its file."""
    if exporter.task is not None and not exporter.task.done():
        exporter.task.cancel()
    state.exporters.pop(exporter.id, None)
    if exporter.path is not None:
        exporter.path.unlink(missing_ok=True)
    log.info("exporter %d deleted", exporter.id)


def download_name(exporter: ExporterRecord) -> str:
    """The config's custom_name made safe for a URL path and a Content-Disposition header."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", exporter.config.custom_name).strip("._")
    return name or f"export-{exporter.id}.csv"


async def _export(
    state: SandboxState, exporter: ExporterRecord, packets: list[StoredPacket]
) -> None:
    await asyncio.sleep(state.settings.exporter_delay)
    final = state.data_dir / f"exporter-{exporter.id}.csv"
    partial = final.with_suffix(".partial")
    work = asyncio.get_running_loop().run_in_executor(
        None, write_csv, partial, packets, exporter.config
    )
    try:
        size = await asyncio.shield(work)
    except asyncio.CancelledError:
        work.add_done_callback(lambda _: partial.unlink(missing_ok=True))
        raise
    except Exception:
        partial.unlink(missing_ok=True)
        raise
    _finish(state, exporter, partial, final, size)


def _finish(
    state: SandboxState, exporter: ExporterRecord, partial: Path, final: Path, size: int
) -> None:
    if exporter.id not in state.exporters:
        partial.unlink(missing_ok=True)
        return
    partial.replace(final)
    exporter.path = final
    exporter.file_size = size
    exporter.status = ns.ExporterStatus.EXPORTED
    exporter.updated_at = utc_now()
    exporter.task = None
    log.info("exporter %d exported %d bytes", exporter.id, size)
