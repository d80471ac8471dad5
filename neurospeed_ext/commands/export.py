"""`neurospeed export RECORDER_ID`: export a recording to CSV and download it."""

from __future__ import annotations

import argparse
from pathlib import Path, PurePath

from . import credentials
from .failures import EXIT_OK, EXIT_STATUS_HELP, CommandError, guarded
from .options import add_polling, add_progress, positive_int
from .sessions import customer_session

NAME = "export"
LOG_LEVEL = "WARNING"
"""Progress and diagnostics on stderr only when asked (--log-level INFO)."""
HELP = "export a recording to CSV and download it; prints the file's path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Ask the server to export a recording (stopped or still running) to CSV, wait until"
        " the file is ready and download it, resumably, with a progress bar. Prints the"
        " downloaded file's path."
    )
    parser.epilog = EXIT_STATUS_HELP
    parser.add_argument("recorder_id", metavar="RECORDER_ID", type=positive_int)
    parser.add_argument(
        "--out",
        metavar="DIR",
        default=".",
        help="the folder to download into, created when missing (default: the current"
        " folder); --name names the file",
    )
    parser.add_argument(
        "--name",
        metavar="CUSTOM_NAME",
        help="the export's file name on the server and in a folder; .csv is added when it"
        " has no suffix (default: recording-RECORDER_ID.csv)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an existing file (default: refuse)"
    )
    parser.add_argument(
        "--stream-id",
        dest="stream_ids",
        metavar="ID",
        nargs="+",
        action="extend",
        help="export only these streams (repeatable; default: every stream)",
    )
    add_progress(parser)
    add_polling(parser)
    credentials.add_arguments(parser, customer=True)


def custom_name(name: str | None, recorder_id: int) -> str:
    if not name:
        return f"recording-{recorder_id}.csv"
    return name if PurePath(name).suffix else f"{name}.csv"


def refuse_existing(out: str, name: str) -> None:
    """Fail before the server exports anything when the file is already there (in the
    command's words; the macro checks too, in the library's)."""
    from ..download import safe_filename

    target = Path(out) / safe_filename(name)
    if target.exists() or target.is_symlink():
        raise CommandError(f"{target} exists; pass --overwrite to replace it")


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    import neurospeed_api as ns

    name = custom_name(args.name, args.recorder_id)
    if not args.overwrite:
        refuse_existing(args.out, name)
    stream_ids = list(dict.fromkeys(args.stream_ids or []))
    config = ns.ExporterConfig(
        custom_name=name,
        stream_ids=stream_ids,
        is_all_streams=not stream_ids,
        is_all_columns=True,
        selected_columns=[],
    )
    with customer_session(args) as customer:
        recording = customer.recording(args.recorder_id)
        path = recording.download(
            args.out,
            config,
            overwrite=args.overwrite,
            progress=args.progress,
            poll_interval=args.poll_interval,
            timeout=args.timeout,
        )
    print(path, flush=True)
    return EXIT_OK
