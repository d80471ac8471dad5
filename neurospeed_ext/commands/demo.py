"""`neurospeed demo`: the README's main job, the whole system end to end on a sandbox."""

from __future__ import annotations

import argparse
from pathlib import Path

from .failures import EXIT_FAILED, EXIT_OK, EXIT_STATUS_HELP, UsageError, guarded

NAME = "demo"
LOG_LEVEL = "WARNING"
"""The demo narrates on stdout; library INFO lines would drown it."""
HELP = (
    "start an embedded sandbox, record 10 s of synthetic EEG streamed through the send "
    "queue while the room shows band powers, export, download and check the CSV"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXIT_STATUS_HELP
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="keep the downloaded CSV in DIR (default: a temporary folder, removed)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar for the download"
    )


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    try:
        from ..demo import describe, run_demo
    except ImportError as exc:  # the sandbox extra (aiohttp, numpy, scipy) is missing
        extra = "the demo needs the sandbox extra: pip install -e '.[sandbox]'"
        raise UsageError(f"{extra} ({exc})") from None
    summary = run_demo(
        lambda line: print(line, flush=True), out_dir=args.out, progress=not args.no_progress
    )
    for line in describe(summary, kept=args.out is not None):
        print(line)
    return EXIT_OK if summary.verdict.ok else EXIT_FAILED
