"""Stage 6: format rendered files with `ruff format`.

The target writes import blocks already sorted and exact (a test lints generated
fragments with ruff's isort and unused-import rules), so one ruff run is enough.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Isolated settings: the output must not depend on whichever ruff config sits nearby.
_SETTINGS = ["--isolated", "--line-length", "100", "--target-version", "py311"]


class FormatError(RuntimeError):
    """ruff is missing or refused the rendered code (a target bug, not a spec error)."""


def format_tree(folder: Path) -> None:
    """Format every .py file below `folder`."""
    _ruff("format", "--quiet", str(folder))


def _ruff(*args: str) -> None:
    command = [sys.executable, "-m", "ruff", args[0], *_SETTINGS, *args[1:]]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # pragma: no cover - no interpreter is a broken install
        raise FormatError(f"cannot run ruff: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        if "No module named ruff" in detail:
            raise FormatError(
                "ruff is needed to format generated code: pip install -e '.[codegen]'"
            )
        raise FormatError(f"ruff {args[0]} failed on the rendered code:\n{detail}")
    log.debug("ruff %s done", args[0])
