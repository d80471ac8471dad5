"""`neurospeed listen`: a user's room as JSON lines, one data packet per line.

As the user their own room; with `--user NAME`, as the customer, that user's room. Each
`data` packet is written in its wire form (`ns.dumps`), so `ns.loads(line,
ns.DataPacket)` reads it back; `--events` adds the HIA connect/disconnect events (their
wire form has a "type" key and no "stream_id"). Ctrl-C ends it with status 0.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING

from . import credentials
from .failures import EXIT_OK, EXIT_STATUS_HELP, UsageError, guarded
from .options import positive_float, positive_int
from .sessions import customer_session, user_session

if TYPE_CHECKING:
    from ..facade import Room

log = logging.getLogger(__name__)

NAME = "listen"
LOG_LEVEL = "WARNING"
"""Progress and diagnostics on stderr only when asked (--log-level INFO)."""
HELP = "print a user's live data packets as JSON lines (user, or customer with --user)"

WAIT_SLICE = 0.5
"""Longest single wait for a packet, so that Ctrl-C is seen promptly on every platform."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Connect to a user's room and write each data packet as one JSON line (the wire"
        " form) to stdout or FILE.jsonl, until --count packets, --duration seconds or"
        " Ctrl-C (which ends it with status 0). Without --user it logs in as the user and"
        " listens to their own room; with --user it logs in as the customer."
    )
    parser.epilog = EXIT_STATUS_HELP
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="listen to this user's room as the customer (default: the own room as the user)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE.jsonl",
        help="append the lines to this file instead of writing them to stdout",
    )
    parser.add_argument("--count", type=positive_int, metavar="N", help="stop after N data packets")
    parser.add_argument(
        "--duration", type=positive_float, metavar="SECONDS", help="stop after this long"
    )
    parser.add_argument(
        "--events", action="store_true", help="also write HIA connect/disconnect events"
    )
    credentials.add_arguments(parser, customer=True, user=True)


class Lines:
    """JSON lines to one stream, one whole line at a time from any thread."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.broken = False
        """The reader went away (a closed pipe); nothing more is written."""

    def write(self, text: str) -> None:
        with self._lock:
            if self.broken:
                return
            try:
                self._stream.write(text + "\n")
                self._stream.flush()
            except BrokenPipeError:
                self.broken = True


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    import neurospeed_api as ns

    lines: Lines | None = None
    count: int | None = None
    with ExitStack() as stack:  # closes the room, the output file and the session
        try:
            room = _room(args, stack)
            lines = writer = Lines(_output(args.out, stack))
            if args.events:
                room.on_events(lambda event: writer.write(ns.dumps(event)))
            stack.enter_context(room)
            count = _listen(room, writer, args.count, args.duration)
        except KeyboardInterrupt:
            pass
    log.info("%s data packets written", "some" if count is None else count)
    if lines is not None and lines.broken:
        _quiet_stdout()
    return EXIT_OK


def _room(args: argparse.Namespace, stack: ExitStack) -> Room:
    """Log in (the session closes with the stack); the room, not yet connected."""
    if args.user:
        log.info("listening to %s's room as the customer", args.user)
        return stack.enter_context(customer_session(args)).room(args.user)
    log.info("listening to the own room as the user")
    return stack.enter_context(user_session(args)).room()


def _listen(room: Room, lines: Lines, count: int | None, duration: float | None) -> int:
    import neurospeed_api as ns

    from ..facade import RoomClosed

    deadline = None if duration is None else time.monotonic() + duration
    written = 0
    while (count is None or written < count) and not lines.broken:
        wait = WAIT_SLICE
        if deadline is not None:
            wait = min(wait, deadline - time.monotonic())
            if wait <= 0:
                break
        try:
            packet = room.get(timeout=wait)
        except TimeoutError:
            continue
        except RoomClosed:
            break
        lines.write(ns.dumps(packet))
        written += 1
    return written


def _output(path: str | None, stack: ExitStack) -> IO[str]:
    if path is None:
        return sys.stdout
    try:
        handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed by the stack)
    except OSError as exc:
        raise UsageError(f"cannot open {path} for appending: {exc.strerror or exc}") from None
    return stack.enter_context(handle)


def _quiet_stdout() -> None:
    """After the reader of stdout went away: no error when Python flushes it at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
