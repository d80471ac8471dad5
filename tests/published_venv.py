"""A virtual environment holding the published `neurospeed==2.3.5`, made once and reused.

The published package pins python-socketio 5.3.0, which cannot serve on Python 3.11, so
the sandbox runs in the test process and the published client in this venv. Shared by the
interop tests and the same-run baselines of the benchmarks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PUBLISHED = "neurospeed==2.3.5"
VENV_VARIABLE = "NEUROSPEED_PUBLISHED_VENV"


def published_python(default_dir: Path) -> Path:
    """Python of the venv named by NEUROSPEED_PUBLISHED_VENV, or made in `default_dir`."""
    venv = Path(os.environ.get(VENV_VARIABLE) or default_dir)
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run(
        [str(python), "-m", "pip", "show", "neurospeed"],
        capture_output=True,
        text=True,
        check=False,
    )
    if "Version: 2.3.5" not in installed.stdout:
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PUBLISHED], check=True, timeout=600
        )
    return python
