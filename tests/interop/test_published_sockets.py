"""The published `neurospeed==2.3.5` Socket.IO classes, unmodified, against our sandbox.

published_socket_flows.py runs in the published package's venv (the `published_python`
fixture of conftest.py) and drives HIA_Client, both user rooms, the customer room, both
downlink rooms and the SSR handler against a sandbox serving here; its last stdout line
is a JSON report. What the driver cannot see is the server's side of the HIA's health
check, so this test watches the sandbox's record of the HIA while the driver runs: the
server's `ping`s and the `pong`s the published HIA answered them with.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from neurospeed_ext.sandbox.server import SandboxServer
from neurospeed_ext.sandbox.settings import Settings
from neurospeed_ext.sandbox.state import SandboxState

DRIVER = Path(__file__).with_name("published_socket_flows.py")
PING_INTERVAL = 0.2
DRIVER_TIMEOUT = 55.0
"""The driver's own watchdog ends it after 45 s; this is the last resort."""
SAMPLE_EVERY = 0.05

Health = dict[tuple[str, str], tuple[int, int]]


def hia_health(state: SandboxState) -> Health:
    """(pings, pongs) of every connected HIA, by (username, hia_id); run on the server loop."""
    found: Health = {}
    for customer in state.customers.values():
        for connection in state.connections.of_customer(customer.id):
            user = state.users.get(connection.user_id)
            if user is not None:
                found[(user.username, connection.hia_id)] = (connection.pings, connection.pongs)
    return found


def test_published_socket_flows_run_against_the_sandbox(
    published_python: Path, tmp_path: Path
) -> None:
    stdout, stderr = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    seen: Health = {}
    with (
        SandboxServer(Settings(hia_ping_interval=PING_INTERVAL)) as server,
        stdout.open("w") as out,
        stderr.open("w") as err,
    ):
        # Files, not pipes: the published classes print a lot, and a full pipe would stall
        # the driver while this loop samples the server.
        driver = subprocess.Popen(
            [str(published_python), str(DRIVER), server.base_url], stdout=out, stderr=err
        )
        deadline = time.monotonic() + DRIVER_TIMEOUT
        try:
            while driver.poll() is None and time.monotonic() < deadline:
                seen.update(server.call(lambda: hia_health(server.state)))
                time.sleep(SAMPLE_EVERY)
        finally:
            if driver.poll() is None:
                driver.kill()
            driver.wait(10)
    errors = stderr.read_text(errors="replace")[-3000:]
    lines = stdout.read_text().strip().splitlines()
    assert lines, errors
    report = json.loads(lines[-1])
    assert not report["failed"], "\n".join(report["failed"]) + "\n" + errors
    assert driver.returncode == 0, errors
    assert len(report["passed"]) >= 50, report

    info = report["info"]
    key = (info["username"], info["hia_id"])
    assert key in seen, f"the sandbox never listed HIA {key}; saw {sorted(seen)}"
    pings, pongs = seen[key]
    assert pings >= 1, "the sandbox sent the HIA no ping while it was connected"
    assert pongs >= 1, f"the published HIA answered none of {pings} pings"
    assert pongs >= pings - 2, f"{pings} pings but only {pongs} pongs"
