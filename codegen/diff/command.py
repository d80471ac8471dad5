"""`python -m codegen diff`: what changed between two versions of the spec, and what breaks.

Exit status: 0 when nothing breaks, 1 when something does, 2 for a usage error, an invalid
spec on either side or a revision that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import attrs

from codegen.diff.compare import diff_apis
from codegen.diff.gitref import GitRefError, Snapshot, spec_at
from codegen.diff.render import as_json, as_text
from codegen.diff.spec import SpecSide, read_side
from codegen.errors import SpecInvalid

EXIT_OK, EXIT_BREAKING, EXIT_USAGE = 0, 1, 2
DEFAULT_SPEC = Path("spec")
USAGE = (
    "python -m codegen diff [-h] [--format {text,json}] [-v]\n"
    "       (OLD_SPEC_DIR NEW_SPEC_DIR | --git REF [NEW_SPEC_DIR])"
)
DESCRIPTION = (
    "Compare two versions of the spec and classify every change as breaking or compatible "
    "for users of the generated clients and for old clients talking to a new server. "
    "Exit status: 0 nothing breaks, 1 something breaks, 2 usage error or invalid spec."
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "what changed between two versions of the spec, and what breaks"
    command = subparsers.add_parser("diff", help=text, usage=USAGE, description=DESCRIPTION)
    command.add_argument(
        "specs",
        nargs="*",
        type=Path,
        metavar="SPEC_DIR",
        help="OLD_SPEC_DIR NEW_SPEC_DIR; with --git only NEW_SPEC_DIR (default: spec)",
    )
    command.add_argument(
        "--git",
        metavar="REF",
        help="compare the spec folder as it was at this git revision with NEW_SPEC_DIR",
    )
    command.add_argument(
        "--format", choices=["text", "json"], default="text", help="report format (default: text)"
    )
    command.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def run(args: argparse.Namespace) -> int:
    specs: list[Path] = args.specs
    ref: str | None = args.git
    if ref is None and len(specs) != 2:
        return _usage("give OLD_SPEC_DIR and NEW_SPEC_DIR, or --git REF [NEW_SPEC_DIR]")
    if ref is not None and len(specs) > 1:
        return _usage("with --git REF give at most NEW_SPEC_DIR")
    if ref is None:
        return _compare(specs[0], specs[1], args.format)
    new_dir = specs[0] if specs else DEFAULT_SPEC
    try:
        with spec_at(ref, new_dir) as snapshot:
            return _compare(snapshot.folder, new_dir, args.format, snapshot)
    except GitRefError as exc:
        _err(f"python -m codegen diff: error: {exc}")
        return EXIT_USAGE


def _compare(old_dir: Path, new_dir: Path, output: str, snapshot: Snapshot | None = None) -> int:
    old = _read(old_dir, "old", snapshot)
    new = _read(new_dir, "new")
    if old is None or new is None:
        return EXIT_USAGE
    changes = diff_apis(old.apis, new.apis, old.files, new.files)
    sys.stdout.write(as_json(changes) if output == "json" else as_text(changes))
    return EXIT_BREAKING if any(c.breaking for c in changes) else EXIT_OK


def _read(spec_dir: Path, which: str, snapshot: Snapshot | None = None) -> SpecSide | None:
    """One side, or None after printing its errors as `generate` does (errors in a copy
    made by --git are named `REF:path`)."""
    try:
        return read_side(spec_dir)
    except SpecInvalid as exc:
        for error in exc.errors:
            path = snapshot.name(error.path) if snapshot else error.path
            _err(str(attrs.evolve(error, path=path)))
        where = f"{snapshot.label} at {snapshot.ref}" if snapshot else str(spec_dir)
        _err(f"{len(exc.errors)} error(s) in the {which} spec ({where}); nothing was compared.")
        return None


def _usage(message: str) -> int:
    _err(f"usage: {USAGE}")
    _err(f"python -m codegen diff: error: {message}")
    return EXIT_USAGE


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
