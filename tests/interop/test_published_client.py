"""The published `neurospeed==2.3.5`, unmodified, in its own venv, against our sandbox.

Run with `tox -e interop` (or `pytest tests/interop`). The published package pins
python-socketio 5.3.0, which cannot serve on Python 3.11, so the sandbox runs here and the
published client in a separate virtual environment made (once) by the fixture below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from neurospeed_ext.sandbox.server import SandboxServer

PUBLISHED = "neurospeed==2.3.5"
DRIVER = Path(__file__).with_name("published_flows.py")


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


def test_published_http_flows_run_against_the_sandbox(published_python: Path) -> None:
    with SandboxServer() as server:
        done = subprocess.run(
            [str(published_python), str(DRIVER), server.base_url],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    report = json.loads(lines[-1])
    assert not report["failed"], "\n".join(report["failed"]) + "\n" + done.stderr[-3000:]
    assert done.returncode == 0
    assert len(report["passed"]) >= 25, report
