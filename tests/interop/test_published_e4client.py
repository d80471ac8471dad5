"""The published `e4client==1.12`, unmodified, in its own venv, against the sandbox's portal.

Run with `tox -e interop` (or `pytest tests/interop`). The published package shares its
import name with this repository's compatible module, so it runs in a separate virtual
environment (the `published_e4_python` fixture of conftest.py) through
published_e4_flows.py, which points its URL class attributes at `SandboxServer.e4_url`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from neurospeed_ext.sandbox.server import SandboxServer

DRIVER = Path(__file__).with_name("published_e4_flows.py")
LOOPBACK = "127.0.0.1,localhost"


def test_published_e4client_flows_run_against_the_sandbox(published_e4_python: Path) -> None:
    env = {**os.environ, "NO_PROXY": LOOPBACK, "no_proxy": LOOPBACK}
    with SandboxServer() as server:
        done = subprocess.run(
            [str(published_e4_python), str(DRIVER), server.e4_url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    report = json.loads(lines[-1])
    assert not report["failed"], "\n".join(report["failed"]) + "\n" + done.stderr[-3000:]
    assert done.returncode == 0
    assert len(report["passed"]) >= 20, report
