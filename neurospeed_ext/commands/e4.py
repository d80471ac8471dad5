"""`neurospeed e4` (also the `e4client` script): the published e4client command line.

The same options as e4client 1.12 (`-u -p -a -f -i -r -l -d -o`, E4_USER/E4_PWD) over
`neurospeed_ext.e4.E4Connect`, without its defects: failures are one line on stderr and
an exit status, CSV files are quoted, downloads stream to `.part` files, and actions
combine instead of the first one winning. Added: `--server` (the sandbox), `-x` to unpack
each ZIP, `--no-progress`, and hyphenated spellings of the long options.
"""

from __future__ import annotations

import argparse
import logging
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .e4_outputs import DEVICES_CSV, SESSIONS_CSV, Outputs, plan_outputs
from .e4_users import UserEntry, read_users_file
from .failures import (
    EXIT_OK,
    EXIT_STATUS_HELP,
    CommandError,
    UsageError,
    guarded,
    one_line,
    program_label,
    report,
)
from .options import add_progress

if TYPE_CHECKING:
    import e4connect_api

    from ..e4 import E4Connect

NAME = "e4"
LOG_LEVEL = "WARNING"
"""Results go to stdout; logins and requests show on stderr with --log-level INFO."""
HELP = "E4 Connect (Empatica): download sessions, list sessions and devices as CSV"
PROG = "e4client"
"""The console script's name."""

ENV_USER = "E4_USER"
ENV_PASSWORD = "E4_PWD"
ENV_SERVER = "E4_SERVER"
"""Also `neurospeed_ext.e4.SERVER_ENV` (not imported: it loads the client, --help does not)."""

log = logging.getLogger(__name__)

_DESCRIPTION = (
    "Download the sessions of E4 wristbands from E4 Connect (Empatica) as ZIP files, and"
    " list an account's sessions and purchased devices as CSV. The options are those of"
    " the published e4client. Actions combine: downloads (-i, -a) run first, then the"
    " removal (-r), then the lists (-l, -d)."
)
_EPILOG = (
    "-o/--out: with one output (-l, -d or -i alone) it is the file's name, unless it is an"
    " existing folder or ends in '/'; otherwise it is a folder, created when missing."
    f" Default: {SESSIONS_CSV}, {DEVICES_CSV} and <id>.zip in the current folder."
    " -a replaces ZIPs that exist already; -f skips them.",
    "users file (-f): one 'e-mail:password' per line, the password being everything after"
    " the first ':'; blank lines and lines starting with '#' are skipped. Every session of"
    " each user is downloaded to a folder named after the e-mail's part before '@', under"
    " -o (default: the current folder); -l and -d write that user's lists there too. A user"
    " whose login or download fails is reported and the others still run (exit status 1).",
    EXIT_STATUS_HELP,
)


def session_id(text: str) -> str:
    """An argparse type: a session's numeric id."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"a session id is a number, not {text!r}")
    return str(int(value))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = textwrap.fill(_DESCRIPTION, 78)
    parser.epilog = "\n\n".join(textwrap.fill(paragraph, 78) for paragraph in _EPILOG)

    login = parser.add_argument_group("account")
    login.add_argument(
        "-u", "--user", metavar="EMAIL", help=f"e-mail to log in with (else ${ENV_USER})"
    )
    login.add_argument(
        "-p",
        "--pwd",
        metavar="PASSWORD",
        help=f"password (else ${ENV_PASSWORD}, which is safer: a flag shows in ps and the"
        " shell's history)",
    )
    login.add_argument(
        "-f",
        "--users_file",
        "--users-file",
        dest="users_file",
        metavar="FILE",
        help="download every session of each account of FILE (lines 'e-mail:password'),"
        " skipping ZIPs that exist; instead of -u/-p",
    )
    login.add_argument(
        "--server",
        metavar="NAME_OR_URL",
        help=f"production, local, or the portal's base URL such as"
        f" http://127.0.0.1:3000/connect (else ${ENV_SERVER}, else production)",
    )

    actions = parser.add_argument_group("actions")
    actions.add_argument(
        "-a",
        "--all_sessions",
        "--all-sessions",
        dest="all_sessions",
        action="store_true",
        help="download every session of the account",
    )
    actions.add_argument(
        "-i",
        "--session_id",
        "--session-id",
        dest="session_id",
        metavar="ID",
        type=session_id,
        help="download one session",
    )
    actions.add_argument(
        "-r", "--remove", metavar="ID", type=session_id, help="remove a session, for good"
    )
    actions.add_argument(
        "-l",
        "--sessions_list",
        "--sessions-list",
        dest="sessions_list",
        action="store_true",
        help=f"write the list of sessions as CSV ({SESSIONS_CSV})",
    )
    actions.add_argument(
        "-d",
        "--purchased_devs",
        "--purchased-devs",
        dest="purchased_devs",
        action="store_true",
        help=f"write the list of purchased devices as CSV ({DEVICES_CSV})",
    )

    output = parser.add_argument_group("output")
    output.add_argument(
        "-o",
        "--out",
        metavar="PATH",
        help="output file (for one file) or folder (for several); see below",
    )
    output.add_argument(
        "-x",
        "--extract",
        action="store_true",
        help="also unpack each downloaded ZIP into a folder beside it named after the session",
    )
    add_progress(parser)


# -- checks before any request -----------------------------------------------------------


def check_usage(args: argparse.Namespace) -> None:
    """Refuse combinations that cannot work, before anything is asked of the portal."""
    if args.users_file:
        if args.user or args.pwd:
            raise UsageError("-f/--users_file names the accounts: leave out -u/--user and -p/--pwd")
        if args.session_id is not None or args.remove is not None:
            raise UsageError(
                "-f/--users_file downloads every session of each user; -i and -r work on"
                " one account (-u/--user and -p/--pwd)"
            )
        return
    if not (
        args.all_sessions
        or args.session_id is not None
        or args.remove is not None
        or args.sessions_list
        or args.purchased_devs
    ):
        raise UsageError("nothing to do: choose -a, -i ID, -r ID, -l or -d (or -f FILE)")
    if args.extract and not (args.all_sessions or args.session_id is not None):
        raise UsageError("-x/--extract unpacks downloads: use it with -a, -i or -f")


def login_of(args: argparse.Namespace, environ: Mapping[str, str]) -> tuple[str, str]:
    """The e-mail and password: flags, else E4_USER and E4_PWD."""
    user = args.user or environ.get(ENV_USER)
    password = args.pwd or environ.get(ENV_PASSWORD)
    missing = []
    if not user:
        missing.append(f"the e-mail (pass -u/--user or set {ENV_USER})")
    if not password:
        missing.append(f"the password (pass -p/--pwd or set {ENV_PASSWORD})")
    if missing:
        raise UsageError(
            f"missing credentials: {' and '.join(missing)}; or name a users file with -f"
        )
    assert user and password
    return user, password


def server_url(name: str | None) -> str:
    from ..e4 import resolve_e4_server

    try:
        return resolve_e4_server(name)
    except ValueError as exc:
        raise UsageError(f"--server or ${ENV_SERVER}: {exc}") from None


# -- the command ---------------------------------------------------------------------------


@guarded(NAME)
def run(args: argparse.Namespace) -> int:
    from ..e4 import E4Error

    check_usage(args)
    outputs = plan_outputs(args)
    server = server_url(args.server)
    if args.users_file:
        return run_users_file(args, server, outputs.folder)
    user, password = login_of(args, os.environ)
    try:
        run_account(args, server, user, password, outputs)
    except E4Error as exc:
        raise CommandError(one_line(exc)) from exc
    return EXIT_OK


def run_account(
    args: argparse.Namespace, server: str, user: str, password: str, outputs: Outputs
) -> None:
    """One account's actions, in order: downloads, removal, lists."""
    from ..e4 import E4Connect

    with E4Connect(server=server) as portal:
        portal.auth(user, password)
        listed: list[e4connect_api.Session] | None = None
        fetched: set[Path] = set()
        if args.session_id is not None:
            target = outputs.session_zip(args.session_id)
            fetch(portal, args.session_id, target, args, skip_existing=False)
            fetched.add(target)
        if args.all_sessions:
            listed = portal.sessions()
            for session in listed:
                target = outputs.session_zip(session.id)
                if target not in fetched:
                    fetch(portal, session.id, target, args, skip_existing=False)
        if args.remove is not None:
            portal.remove_session(args.remove)
            print(f"removed session {args.remove}", flush=True)
            listed = None
        if args.sessions_list:
            write_sessions(outputs.sessions_csv(), portal.sessions() if listed is None else listed)
        if args.purchased_devs:
            write_devices(outputs.devices_csv(), portal)


def run_users_file(args: argparse.Namespace, server: str, base: Path) -> int:
    """Every account of the users file; a failing one is reported and the rest still run."""
    from ..e4 import E4Error

    entries = read_users_file(args.users_file)
    failed = 0
    for entry in entries:
        try:
            run_user(args, server, entry, base / entry.folder)
        except (E4Error, OSError) as exc:  # this user's; the next may work
            failed += 1
            report(program_label(args, NAME), f"{entry.email} (line {entry.line}): {one_line(exc)}")
    if failed:
        raise CommandError(f"{failed} of {len(entries)} users failed (see above)")
    return EXIT_OK


def run_user(args: argparse.Namespace, server: str, entry: UserEntry, folder: Path) -> None:
    """One user of the users file; a session that fails is reported and the next one tried."""
    from ..e4 import AuthenticationError, E4Connect, E4Error

    with E4Connect(server=server) as portal:  # one client each: cookies never mix
        portal.auth(entry.email, entry.password)
        sessions = portal.sessions()
        log.info("%s: %d sessions", entry.email, len(sessions))
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        for session in sessions:
            try:
                fetch(portal, session.id, folder / f"{session.id}.zip", args, skip_existing=True)
            except AuthenticationError:
                raise  # the session ended: every later call would fail alike
            except (E4Error, OSError) as exc:
                failed += 1
                report(program_label(args, NAME), f"{entry.email}: {one_line(exc)}")
        if args.sessions_list:
            write_sessions(folder / SESSIONS_CSV, sessions)
        if args.purchased_devs:
            write_devices(folder / DEVICES_CSV, portal)
        if failed:
            raise E4Error(f"{failed} of {len(sessions)} sessions could not be downloaded")


# -- the results -----------------------------------------------------------------------------


def fetch(
    portal: E4Connect,
    number: str | int,
    target: Path,
    args: argparse.Namespace,
    *,
    skip_existing: bool,
) -> None:
    """Download one session's ZIP (or skip it), then unpack it when -x asks."""
    if skip_existing and target.exists():
        print(f"skipped {target} (exists)", flush=True)
        if args.extract and not target.with_suffix("").exists():
            unpack(target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    path = portal.download_session(
        number, target, overwrite=not skip_existing, progress=args.progress
    )
    size = f"{path.stat().st_size:,}".replace(",", " ")
    print(f"downloaded {path} ({size} bytes)", flush=True)
    if args.extract:
        unpack(path)


def unpack(archive: Path) -> None:
    import zipfile

    from ..e4 import E4Error, extract_session

    try:
        folder = extract_session(archive, overwrite=True)
    except zipfile.BadZipFile as exc:
        raise E4Error(f"{archive} is not a ZIP archive: {exc}") from exc
    print(f"extracted {archive} to {folder}{os.sep}", flush=True)


def write_sessions(path: Path, sessions: Sequence[e4connect_api.Session]) -> None:
    import e4connect_api as e4

    from .e4_csv import columns, write_csv

    path.parent.mkdir(parents=True, exist_ok=True)
    count = write_csv(path, columns(e4.Session), (e4.unstructure(s) for s in sessions))
    print(f"wrote {path} ({count} sessions)", flush=True)


def write_devices(path: Path, portal: E4Connect) -> None:
    import e4connect_api as e4

    from .e4_csv import columns, write_csv

    devices = portal.devices()
    path.parent.mkdir(parents=True, exist_ok=True)
    count = write_csv(path, columns(e4.Device), (e4.unstructure(d) for d in devices))
    print(f"wrote {path} ({count} devices)", flush=True)


# -- the e4client console script -------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG)
    add_arguments(parser)
    parser.add_argument(
        "--log-level",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        default=LOG_LEVEL,
        help="logging level on stderr (default: %(default)s)",
    )
    parser.set_defaults(program=PROG)  # errors read "e4client: error: ..."
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """`e4client ...`: the same command as `neurospeed e4 ...`."""
    from ..cli import configure_logging

    args = build_parser().parse_args(argv)
    configure_logging(args.log_level)
    result: int = run(args)
    return result
