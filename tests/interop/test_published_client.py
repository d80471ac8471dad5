"""The published `neurospeed==2.3.5`, unmodified, in its own venv, against our sandbox.

Run with `tox -e interop` (or `pytest tests/interop`). The published package pins
python-socketio 5.3.0, which cannot serve on Python 3.11, so the sandbox runs here and the
published client in a separate virtual environment (the `published_python` fixture of
conftest.py). test_published_sockets.py does the same for the Socket.IO classes.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from neurospeed_ext.sandbox.server import SandboxServer

DRIVER = Path(__file__).with_name("published_flows.py")


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
