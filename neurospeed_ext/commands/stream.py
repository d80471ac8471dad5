"""`neurospeed stream FILE`: a CSV or `.npy` file streamed as one stream of a new HIA.

The samples go through the HIA's send queue: at most one packet per stream every 200 ms,
each under 64 KiB, which is as fast as the protocol allows; `--realtime` paces them at
the sampling rate instead. Samples without a timestamp column are stamped
`start + i / rate`, so they keep their spacing however fast they are sent.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import credentials
from .failures import EXIT_OK, EXIT_STATUS_HELP, CommandError, UsageError, guarded
from .options import add_progress, positive_float
from .sample_files import Block, InputError, SampleFile, open_samples
from .sessions import user_session

if TYPE_CHECKING:
    from tqdm import tqdm

    import neurospeed_api as ns

    from ..upstream import Hia, StreamStats

log = logging.getLogger(__name__)

NAME = "stream"
LOG_LEVEL = "WARNING"
"""Progress and diagnostics on stderr only when asked (--log-level INFO)."""
HELP = "stream a CSV or .npy file of samples to NeuroSpeed as a new HIA (user credentials)"

DEVICE_TYPES = ("EEG", "EDA", "GSR", "PPG", "keyboard", "gamepad", "user_data", "SMARTWATCH")
"""`ns.DeviceType`'s values, listed here so that `--help` does not load the client stack."""
CHUNK = 1000
"""Samples read from the file and queued at a time."""
PACKET_INTERVAL = 0.2
"""The send queue's interval per stream; --realtime releases this much data at a time."""
BLOCK_TIMEOUT = 60.0
"""Seconds a send may wait for room in the full queue before the command gives up."""
DRAIN_STALL = 30.0
"""Seconds without a sample sent, with samples waiting, after which the command gives up."""
CLOSE_TIMEOUT = 10.0
ABANDON_TIMEOUT = 2.0
MANUFACTURER = "neurospeed-cli"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Stream the samples of FILE to one stream of a new HIA, as the user. FILE is a CSV"
        " (an optional header row of channel names, then one numeric row per sample; a"
        " 'timestamp' column, in epoch seconds, is used as the samples' timestamps) or a"
        " .npy array of samples x channels. Samples without timestamps are stamped"
        " start + i / rate. Prints a one-line summary at the end: samples, packets,"
        " bytes and seconds."
    )
    parser.epilog = EXIT_STATUS_HELP
    parser.add_argument("file", metavar="FILE", type=Path, help="a .csv or .npy file")
    parser.add_argument(
        "--stream-id", help="the stream's id (default: DEVICE_TYPE_ plus 6 random characters)"
    )
    parser.add_argument(
        "--device-type",
        type=_device_type,
        default="EEG",
        metavar="TYPE",
        help=f"one of {', '.join(DEVICE_TYPES)} (default: %(default)s)",
    )
    parser.add_argument(
        "--rate",
        type=positive_float,
        metavar="HZ",
        help="sampling frequency; required unless the file's timestamps give it",
    )
    parser.add_argument(
        "--channels",
        metavar="A,B,...",
        help="channel names (default: the header row, else ch_0, ch_1, ...)",
    )
    parser.add_argument(
        "--realtime",
        action="store_true",
        help="pace the samples at the sampling rate (default: as fast as the protocol"
        " allows, one packet of up to 64 KiB per 200 ms)",
    )
    parser.add_argument(
        "--label",
        metavar="TEXT",
        help="experiment label of every sample (letters, digits, space, _ - . :)",
    )
    add_progress(parser)
    credentials.add_arguments(parser, user=True)


def _device_type(text: str) -> str:
    for known in DEVICE_TYPES:
        if text.lower() == known.lower():
            return known
    raise argparse.ArgumentTypeError(
        f"unknown device type {text!r}; choose from {', '.join(DEVICE_TYPES)}"
    )


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    label = _checked_label(args.label)
    with open_samples(args.file, chunk=CHUNK) as source:
        rate = args.rate or source.timestamp_rate()
        if rate is None:
            why = (
                "its timestamps are not increasing"
                if source.has_timestamps
                else "it has no timestamp column"
            )
            raise UsageError(f"give the sampling rate with --rate HZ: {args.file} {why}")
        channels = _channels(args.channels, source)
        stream_id = args.stream_id or _new_stream_id(args.device_type)
        sensor = _sensor(stream_id, args.device_type, channels, rate)
        with user_session(args) as user:
            hia = user.hia({stream_id: sensor}, when_full="block", block_timeout=BLOCK_TIMEOUT)
            summary = _stream(hia, source, stream_id, rate, label, args)
    print(summary, flush=True)
    return EXIT_OK


def _stream(
    hia: Hia,
    source: SampleFile,
    stream_id: str,
    rate: float,
    label: str | None,
    args: argparse.Namespace,
) -> str:
    from ..download.progress import wants_bar

    hia.connect()
    log.info("HIA %s connected; streaming %s at %g Hz", hia.hia_id, args.file, rate)
    started, wall = time.monotonic(), time.time()
    bar = _bar(wants_bar(args.progress), source.total)
    queued = 0
    closed = False
    try:
        if label is not None:
            hia.set_label(label)
        for block in _paced(source.blocks(), rate, started, args.realtime):
            count = len(block.samples)
            stamps = block.timestamps
            if stamps is None:
                stamps = [wall + (queued + i) / rate for i in range(count)]
            try:
                hia.send(stream_id, block.samples, stamps)
            except ValueError as exc:
                raise InputError(f"{args.file}: {exc}") from None
            queued += count
            _show(bar, hia)
        _drain(hia, bar)
        hia.close(timeout=CLOSE_TIMEOUT)
        closed = True
    finally:
        if not closed:
            _abandon(hia)
        bar.close()
    seconds = time.monotonic() - started
    total = hia.stats().total
    if total.samples_sent != queued:
        log.warning("%d samples queued, %d sent", queued, total.samples_sent)
    return (
        f"{total.samples_sent} samples, {total.packets_sent} packets,"
        f" {total.bytes_sent} bytes, {seconds:.2f} s (stream {stream_id}, HIA {hia.hia_id})"
    )


def _paced(blocks: Iterator[Block], rate: float, started: float, realtime: bool) -> Iterator[Block]:
    """The blocks as read, or in --realtime slices released when their last sample is due."""
    if not realtime:
        yield from blocks
        return
    step = max(1, math.ceil(rate * PACKET_INTERVAL))
    released = 0
    for block in blocks:
        for start in range(0, len(block.samples), step):
            samples = block.samples[start : start + step]
            stamps = None if block.timestamps is None else block.timestamps[start : start + step]
            pause = started + (released + len(samples)) / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            released += len(samples)
            yield Block(samples, stamps)


def _drain(hia: Hia, bar: tqdm[Any]) -> None:
    """Wait until every queued sample was sent, moving the bar; give up on a stall."""
    last_sent, last_change = -1, time.monotonic()
    while True:
        total = _show(bar, hia)
        if total.samples_queued == 0:
            break
        now = time.monotonic()
        if total.samples_sent != last_sent:
            last_sent, last_change = total.samples_sent, now
        elif now - last_change > DRAIN_STALL:
            state = "connected" if hia.is_connected() else "not connected"
            raise CommandError(
                f"no sample sent for {DRAIN_STALL:g} s ({state});"
                f" {total.samples_queued} samples were not sent"
            )
        time.sleep(0.05)
    hia.flush(timeout=CLOSE_TIMEOUT)
    _show(bar, hia)


def _abandon(hia: Hia) -> None:
    """After a failure or Ctrl-C: a short try to send what is queued, then disconnect."""
    try:
        hia.close(timeout=ABANDON_TIMEOUT)
    except Exception as exc:  # the failure that got us here is the one to report
        log.warning("closing the HIA: %s", exc)


def _bar(show: bool, total: int | None) -> tqdm[Any]:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=" samples",
        unit_scale=True,
        desc="sent",
        disable=not show,
        file=sys.stderr,
        dynamic_ncols=True,
    )


def _show(bar: tqdm[Any], hia: Hia) -> StreamStats:
    total = hia.stats().total
    if total.samples_sent > bar.n:
        bar.update(total.samples_sent - bar.n)
    bar.set_postfix(queued=total.samples_queued, packets=total.packets_sent, refresh=False)
    return total


def _checked_label(label: str | None) -> str | None:
    if label is None:
        return None
    from ..upstream.labels import check_label

    try:
        return check_label(label)
    except ValueError as exc:
        raise UsageError(f"--label: {exc}") from None


def _channels(option: str | None, source: SampleFile) -> list[str]:
    if option is None:
        return source.names or [f"ch_{i}" for i in range(source.width)]
    names = [name.strip() for name in option.split(",")]
    if any(not name for name in names):
        raise UsageError(f"--channels: an empty channel name in {option!r}")
    if len(set(names)) != len(names):
        raise UsageError(f"--channels: a name appears twice in {option!r}")
    if len(names) != source.width:
        raise UsageError(
            f"--channels names {len(names)} channels; {source.path} has {source.width}"
        )
    return names


def _new_stream_id(device_type: str) -> str:
    from ..upstream import new_hia_id

    return f"{device_type}_{new_hia_id()}"


def _sensor(stream_id: str, device_type: str, channels: list[str], rate: float) -> ns.SensorInfo:
    import neurospeed_api as ns

    return ns.SensorInfo(
        device_type=ns.DeviceType(device_type),
        channel_count=len(channels),
        channel_map=channels,
        sampling_frequency=rate,
        manufacturer_id=MANUFACTURER,
        sensor_id=stream_id,
        stream_id=stream_id,
    )
