"""Virtual environments holding the published packages (`neurospeed==2.3.5`,
`e4client==1.12`), made once and reused.

The published neurospeed pins python-socketio 5.3.0, which cannot serve on Python 3.11,
so the sandbox runs in the test process and each published client in its own venv (which
also keeps the published `e4client` apart from this repository's module of that name).
Shared by the interop tests and the same-run baselines of the benchmarks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple


class Published(NamedTuple):
    """A published distribution and the variable naming a venv to reuse for it."""

    project: str
    version: str
    venv_variable: str

    @property
    def requirement(self) -> str:
        return f"{self.project}=={self.version}"


NEUROSPEED = Published("neurospeed", "2.3.5", "NEUROSPEED_PUBLISHED_VENV")
E4CLIENT = Published("e4client", "1.12", "E4CLIENT_PUBLISHED_VENV")
PUBLISHED = NEUROSPEED.requirement
VENV_VARIABLE = NEUROSPEED.venv_variable


def published_python(default_dir: Path, package: Published = NEUROSPEED) -> Path:
    """Python of the venv named by the package's variable, or made in `default_dir`; the
    published version is installed there unless it already is."""
    venv = Path(os.environ.get(package.venv_variable) or default_dir)
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run(
        [str(python), "-m", "pip", "show", package.project],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if f"Version: {package.version}" not in installed.stdout.splitlines():
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", package.requirement],
            check=True,
            timeout=600,
        )
    return python
