"""Where `neurospeed e4` writes: -o read as the published e4client reads it."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from .failures import UsageError

SESSIONS_CSV = "sessions.csv"
DEVICES_CSV = "devices.csv"


@dataclass(frozen=True)
class Outputs:
    """Where the files of one account go: `file` is -o naming the one output file."""

    folder: Path
    file: Path | None = None

    def sessions_csv(self) -> Path:
        return self.file or self.folder / SESSIONS_CSV

    def devices_csv(self) -> Path:
        return self.file or self.folder / DEVICES_CSV

    def session_zip(self, number: str | int) -> Path:
        return self.file or self.folder / f"{number}.zip"


def plan_outputs(args: argparse.Namespace) -> Outputs:
    """-o as the published client reads it: a file for one output, else a folder."""
    if args.out is None:
        return Outputs(Path("."))
    out = Path(args.out)
    outputs = [args.sessions_list, args.purchased_devs, args.session_id is not None]
    one_file = sum(outputs) == 1 and not args.all_sessions and not args.users_file
    if one_file and not out.is_dir() and not args.out.endswith(("/", os.sep)):
        return Outputs(out.parent, out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {args.out}: not a folder, but several files go there")
    return Outputs(out)
