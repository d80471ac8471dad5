"""`neurospeed record start|stop|list`: a user's recorders, as the customer."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import credentials
from .failures import EXIT_OK, EXIT_STATUS_HELP, UsageError, guarded
from .options import add_polling, positive_int
from .sessions import customer_session

if TYPE_CHECKING:
    from ..facade import Recording

NAME = "record"
LOG_LEVEL = "WARNING"
"""Progress and diagnostics on stderr only when asked (--log-level INFO)."""
HELP = "start, stop and list a user's recordings (customer credentials)"

_COLUMNS = ("id", "username", "name", "status", "packets")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXIT_STATUS_HELP
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    start = actions.add_parser(
        "start",
        help="start recording a user; prints the recorder id",
        description="Stop the user's leftover recorder, if any, start a new one, wait until"
        " it records and print its id.",
        epilog=EXIT_STATUS_HELP,
    )
    start.add_argument("username", metavar="USERNAME", help="the user to record")
    start.add_argument(
        "--name", default="recording", help="the recorder's name (default: %(default)s)"
    )
    add_polling(start)
    credentials.add_arguments(start, customer=True)

    stop = actions.add_parser(
        "stop",
        help="stop a recorder (final) and wait until it says stopped",
        description="Stop a recorder; it cannot record again. Prints its id and status.",
        epilog=EXIT_STATUS_HELP,
    )
    stop.add_argument("recorder_id", metavar="RECORDER_ID", type=positive_int)
    add_polling(stop)
    credentials.add_arguments(stop, customer=True)

    listing = actions.add_parser(
        "list",
        help="list recorders as a table (or JSON lines)",
        description="List the recorders of one user, or of every user of the customer: id,"
        " username, name, status and packets recorded, oldest first.",
        epilog=EXIT_STATUS_HELP,
    )
    listing.add_argument(
        "username", metavar="USERNAME", nargs="?", help="only this user's recorders"
    )
    listing.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per line, every field as the server sends it",
    )
    credentials.add_arguments(listing, customer=True)


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    actions = {"start": _start, "stop": _stop, "list": _list}
    action = actions.get(args.action)
    if action is None:
        raise UsageError(f"unknown action {args.action!r}; expected start, stop or list")
    return action(args)


def _start(args: argparse.Namespace) -> int:
    with customer_session(args) as customer:
        recording = customer.start_recording(
            args.username, args.name, poll_interval=args.poll_interval, timeout=args.timeout
        )
    print(recording.id, flush=True)
    return EXIT_OK


def _stop(args: argparse.Namespace) -> int:
    with customer_session(args) as customer:
        recording = customer.recording(args.recorder_id)
        recording.stop(poll_interval=args.poll_interval, timeout=args.timeout)
    print(recording.id, recording.status, flush=True)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    import neurospeed_api as ns

    with customer_session(args) as customer:
        recordings = customer.recordings(args.username)
    if args.json:
        for recording in recordings:
            print(ns.dumps(recording.record))
    else:
        print(format_table([_row(r) for r in recordings]), end="")
    return EXIT_OK


def _row(recording: Recording) -> tuple[str, ...]:
    record = recording.record
    packets = record.packets_count
    return (
        str(record.id),
        _cell(record.username),
        _cell(record.recorder_name),
        str(record.status or ""),
        "" if packets is None else str(packets),
    )


def _cell(text: str | None) -> str:
    """Names may hold tabs or line breaks; a table row may not."""
    return " ".join((text or "").split())


def format_table(rows: Sequence[Sequence[str]], header: Sequence[str] = _COLUMNS) -> str:
    """Left-aligned columns two spaces apart, numbers right-aligned; a line per row."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(header)]
    numeric = {0, len(header) - 1}

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip() + "\n"

    return line(header) + "".join(line(row) for row in rows)
