"""Exit statuses of the commands, and the one place that turns failures into them.

0: success; 1: an operation failed (the server refused or could not be reached, a macro
step failed, a download failed, data could not be sent in time); 2: usage, missing
credentials or an unusable input file; 130: interrupted. A failure is one line on
stderr, never a traceback; anything else (a bug) keeps its traceback.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = (
    "exit status: 0 success, 1 an operation failed (one line on stderr),"
    " 2 usage error, missing credentials or unusable input, 130 interrupted"
)
"""The epilog of every command's --help."""

Run = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A failure the command reports as one line; `exit_status` is what it exits with."""

    exit_status = EXIT_FAILED


class UsageError(CommandError):
    """Arguments, credentials or an input file the command cannot work with."""

    exit_status = EXIT_USAGE


def guarded(name: str) -> Callable[[Run], Run]:
    """Decorate a command's `run`: known failures become a line on stderr and a status."""

    def decorate(run: Run) -> Run:
        @functools.wraps(run)
        def wrapper(args: argparse.Namespace) -> int:
            shown = program_label(args, name)
            try:
                return run(args)
            except KeyboardInterrupt:
                report(shown, "interrupted")
                return EXIT_INTERRUPTED
            except CommandError as exc:
                report(shown, str(exc))  # may span lines on purpose (missing credentials)
                return exc.exit_status
            except Exception as exc:
                status = exit_status_of(exc)
                if status is None:
                    raise
                report(shown, one_line(exc))
                return status

        return wrapper

    return decorate


def exit_status_of(exc: BaseException) -> int | None:
    """The status a failure exits with, or None for an unexpected error (a bug)."""
    if isinstance(exc, CommandError):
        return exc.exit_status
    # Imported here: these modules load the client stack, which `--help` does not need.
    import neurospeed_api as ns

    from ..download.errors import DownloadError
    from ..recording import MacroError
    from ..servers import ServerArgumentError
    from ..upstream import SendQueueError

    if isinstance(exc, ServerArgumentError):
        return EXIT_USAGE
    failures = (
        ns.ApiError,
        ns.SocketError,
        MacroError,
        DownloadError,
        SendQueueError,
        TimeoutError,
        OSError,
    )
    if isinstance(exc, failures):
        return EXIT_FAILED
    return None


def one_line(exc: BaseException) -> str:
    """The error's message on one line (server bodies may hold line breaks)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def program_label(args: argparse.Namespace, name: str) -> str:
    """What the user typed: `neurospeed NAME`, or a console script's own name, which its
    parser sets as the default `program`."""
    program: str | None = getattr(args, "program", None)
    return program or f"neurospeed {name}"


def report(label: str, message: str) -> None:
    print(f"{label}: error: {message}", file=sys.stderr, flush=True)
