"""Latency of the recorder macros against a sandbox, with the published 2.3.5 macros as the
same-run baseline (on demand: `pytest tests/bench/test_bench_macros.py -s`).

start_recording (stop leftovers, create, wait until recording), stop_recording and
download_data (export, wait, signed URL, streamed download) of a recording holding 10 s of
8-channel EEG at 256 Hz. Ours: median of 5 runs with the sandbox's default delays; the
published macros poll every 2-10 s with fixed sleeps, so one run of theirs is enough.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from neurospeed_ext import recording as macros
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.client_helpers import customer_client
from tests.e2e.conftest import login_customer, new_user, send_packets, sensor
from tests.published_venv import published_python

RUNS = 5
STEPS = ("start_recording", "stop_recording", "download_data")
DRIVER = Path(__file__).with_name("published_macros_timing.py")
EEG = tuple(f"ch{i}" for i in range(8))
UNDECLARED = ("numpy", "python-dateutil", "pytz")


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _eeg_packets() -> list[dict[str, Any]]:
    info = sensor("eeg_bench", "EEG", EEG)
    return [
        {"sensor_info": info, "samples": [[float(i + c) for c in range(8)] for i in range(256)]}
        for _ in range(10)
    ]


def _ours(server: SandboxServer, folder: Path) -> dict[str, list[float]]:
    username = new_user(login_customer(server))["username"]
    times: dict[str, list[float]] = {name: [] for name in STEPS}
    with customer_client(server.api_url) as client:
        for run in range(RUNS):
            took, recorder = _timed(partial(macros.start_recording, client, username, "bench"))
            times["start_recording"].append(took)
            send_packets(server, username, _eeg_packets())
            took, _ = _timed(partial(macros.stop_recording, client, recorder.id))
            times["stop_recording"].append(took)
            config = {"custom_name": f"bench-{run}.csv"}
            download = partial(
                macros.download_data, client, recorder.id, folder, config, progress=False
            )
            took, path = _timed(download)
            times["download_data"].append(took)
            assert path.stat().st_size > 10 * 256 * 8 * 3
    return times


def _published(python: Path, server: SandboxServer, folder: Path) -> dict[str, Any]:
    customer = login_customer(server)
    user = new_user(customer, password="bench-pass")
    done = subprocess.run(
        [str(python), str(DRIVER), server.base_url, user["username"], "bench-pass", str(folder)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def _with_undeclared_imports(python: Path) -> Path:
    """The published macros module imports numpy, dateutil and pytz without declaring
    them as dependencies; install them beside it so that the baseline can run at all."""
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *UNDECLARED], check=True, timeout=600
    )
    return python


@pytest.mark.bench
def test_macro_latency(tmp_path_factory: pytest.TempPathFactory) -> None:
    python = _with_undeclared_imports(published_python(tmp_path_factory.mktemp("pub")))
    with SandboxServer() as server:
        ours = _ours(server, tmp_path_factory.mktemp("ours"))
        theirs = _published(python, server, tmp_path_factory.mktemp("theirs"))
    print("\nrecorder macros against a sandbox (recorder steps 0.03 s, export 0.05 s):")
    for name, runs in ours.items():
        median = statistics.median(runs)
        baseline = theirs[name]
        print(
            f"  {name:16s} ours median {median * 1e3:7.1f} ms (min {min(runs) * 1e3:6.1f}, "
            f"{RUNS} runs); published 2.3.5 {baseline * 1e3:8.1f} ms; "
            f"{baseline / median:6.1f}x faster"
        )
    assert all(statistics.median(runs) < 2.0 for runs in ours.values())
