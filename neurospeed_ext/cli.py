"""The `neurospeed` command line: one subcommand per tool, each in its own module.

A subcommand module provides NAME, HELP, `add_arguments(parser)` and `run(args) -> int`,
and may set LOG_LEVEL (the default of --log-level when it runs; INFO otherwise); later
tools add theirs to COMMANDS.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from types import ModuleType

from .commands import demo as demo_command
from .commands import e4 as e4_command
from .commands import export as export_command
from .commands import listen as listen_command
from .commands import record as record_command
from .commands import redaction
from .commands import stream as stream_command
from .sandbox import command as sandbox_command

COMMANDS: tuple[ModuleType, ...] = (
    sandbox_command,
    demo_command,
    stream_command,
    record_command,
    export_command,
    listen_command,
    e4_command,
)

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neurospeed", description="Tools of the NeuroSpeed.IO SDK."
    )
    parser.add_argument(
        "--log-level",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="logging level on stderr (default: the command's LOG_LEVEL, else INFO:"
        " WARNING for demo, stream, record, export, listen and e4, whose results go to stdout)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run, default_log_level=getattr(module, "LOG_LEVEL", "INFO"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    configure_logging(args.log_level or args.default_log_level)
    result: int = args.run(args)
    return result


def configure_logging(level: str) -> None:
    """Log lines on stderr at `level`, through the secret-redaction filter (also used by
    the `e4client` script)."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    redaction.install()
