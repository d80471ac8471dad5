"""The demo: the whole system on an embedded sandbox, in about 15 seconds.

Start a sandbox on a free loopback port; log in as its customer and one of its users;
start a recording; stream 10 s of synthetic 8-channel EEG through the HIA send queue
in real time while the user's room shows band powers; stop; export; download the CSV
with a progress bar; check its rows against the samples sent; summarise.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import attrs

import neurospeed_api as ns

from ..facade import NeuroSpeed, Room, UserSession
from ..sandbox import SandboxServer, default_seed
from ..upstream import StreamStats
from .synthetic import CHANNELS, RATE, Chunk, eeg_chunks
from .verify import Verdict, verify_export

log = logging.getLogger(__name__)

Write = Callable[[str], None]
STREAM_ID = "eeg_demo"
SHOWN_BANDS = ("delta", "theta", "alpha", "beta", "gamma")


@attrs.frozen
class Summary:
    samples_sent: int
    packets_sent: int
    bytes_sent: int
    room_packets: int
    export: Path
    export_bytes: int
    verdict: Verdict
    seconds: float


def run_demo(write: Write, *, out_dir: Path | None = None, progress: bool = True) -> Summary:
    """Run the demo, narrating through `write`. The export lands in `out_dir` (default:
    a temporary folder, removed before this returns)."""
    began = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="neurospeed-demo-") as scratch,
        SandboxServer() as sandbox,
    ):
        write(f"sandbox serving on {sandbox.base_url} (REST under /api, 6 Socket.IO paths)")
        cloud = NeuroSpeed(sandbox.base_url)
        summary = _record_and_export(cloud, out_dir or Path(scratch), progress, write)
    return attrs.evolve(summary, seconds=time.monotonic() - began)


def _record_and_export(cloud: NeuroSpeed, target: Path, progress: bool, write: Write) -> Summary:
    seed = default_seed().customers[0]
    subject = seed.users[0]
    with (
        cloud.customer(seed.email, seed.password) as customer,
        cloud.user(seed.account_id, subject.username, subject.password) as user,
    ):
        write(f"logged in as customer {seed.email} and as user {subject.username}")
        recording = customer.start_recording(subject.username, "demo")
        write(f"recorder {recording.id}: {recording.status}")
        with user.room() as room:
            shower = threading.Thread(target=_show_band_powers, args=(room, write), daemon=True)
            shower.start()
            chunks, stats = _stream(user, write)
            if not room.wait_received(stats.packets_sent, timeout=5):
                log.warning("the room relayed %d of %d packets", room.received, stats.packets_sent)
        shower.join(timeout=5)
        recording.stop()
        write(f"recorder {recording.id}: {recording.status}; exporting and downloading")
        config = {"custom_name": "demo.csv", "stream_ids": [STREAM_ID]}
        path = recording.download(target, config, progress=progress, overwrite=True)
        verdict = verify_export(path, STREAM_ID, CHANNELS, chunks)
        return Summary(
            samples_sent=stats.samples_sent,
            packets_sent=stats.packets_sent,
            bytes_sent=stats.bytes_sent,
            room_packets=room.received,
            export=path,
            export_bytes=path.stat().st_size,
            verdict=verdict,
            seconds=0.0,
        )


def _stream(user: UserSession, write: Write) -> tuple[list[Chunk], StreamStats]:
    """Send the chunks in real time (each when its last sample is due), labelled by phase."""
    sensors = {
        STREAM_ID: ns.SensorInfo(
            device_type=ns.DeviceType.EEG,
            channel_count=len(CHANNELS),
            channel_map=list(CHANNELS),
            sampling_frequency=RATE,
            manufacturer_id="neurospeed-demo",
            sensor_id=STREAM_ID,
            stream_id=STREAM_ID,
        )
    }
    start = time.time()
    chunks = eeg_chunks(start)
    with user.hia(sensors) as hia:
        write(f"HIA {hia.hia_id} connected; streaming 10 s of 8-channel EEG at {RATE} Hz")
        label = None
        for chunk in chunks:
            time.sleep(max(0.0, chunk.timestamps[-1] - time.time()))
            if chunk.label != label:
                label = chunk.label
                hia.set_label(label)
                write(f"  label: {label}")
            hia.send(STREAM_ID, chunk.samples, chunk.timestamps)
        hia.flush(timeout=10)
        stats = hia.stats().total
    return chunks, stats


def _show_band_powers(room: Room, write: Write) -> None:
    """One line per second: each band's power averaged over the channels."""
    write("  room: band power (Welch PSD, last 2 s), mean over the 8 channels:")
    shown_at = 0.0
    for packet in room.packets(timeout=15):
        power = packet.output.brainwave_power if packet.output else None
        if power is None or time.monotonic() - shown_at < 1.0:
            continue
        shown_at = time.monotonic()
        bands = ns.unstructure(power.brainwave)
        cells = "  ".join(
            f"{band} {sum(bands[band]) / len(bands[band]):7.1f}"
            for band in SHOWN_BANDS
            if bands.get(band)
        )
        write(f"  room: {cells}")


def describe(summary: Summary, kept: bool) -> list[str]:
    """The closing lines of the demo."""
    verdict = summary.verdict
    check = (
        f"all {verdict.rows_found} data rows equal the samples sent"
        if verdict.ok
        else f"MISMATCH: {verdict.rows_found} rows for {verdict.rows_expected} samples; "
        + "; ".join(verdict.mismatches)
    )
    where = str(summary.export) if kept else f"{summary.export.name} (temporary)"
    return [
        f"sent     {summary.samples_sent} samples in {summary.packets_sent} packets "
        f"({summary.bytes_sent} bytes); the room relayed {summary.room_packets} packets",
        f"export   {where}, {summary.export_bytes} bytes",
        f"check    {check}",
        f"done in  {summary.seconds:.1f} s",
    ]
