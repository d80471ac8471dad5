"""The published `neurospeed==2.3.5`, unmodified, in a virtual environment of its own.

The published package pins python-socketio 5.3.0, which cannot serve on Python 3.11, so
the sandbox runs in this process and the published client in a separate venv made (once)
by `published_python`; NEUROSPEED_PUBLISHED_VENV names one to reuse.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PUBLISHED = "neurospeed==2.3.5"


@pytest.fixture(scope="session")
def published_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a venv holding the published package (NEUROSPEED_PUBLISHED_VENV reuses one)."""
    venv = Path(os.environ.get("NEUROSPEED_PUBLISHED_VENV") or tmp_path_factory.mktemp("pub"))
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
