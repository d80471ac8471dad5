"""The sandbox as a whole: its route table against PROTOCOL 4, the CLI, the seed files."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from codegen.pipeline import build_apis, targets
from neurospeed_ext.cli import main
from neurospeed_ext.sandbox import SandboxServer, SeedError, load_seed, parse_seed, route_table
from tests.helpers import SPEC

INSIGHTS = "/users/settings/insights"
PROTOCOL_ROUTES = {
    ("POST", "/auth/login"),
    ("POST", "/auth/refresh_token"),
    ("POST", "/users/login"),
    ("POST", "/gateway/recorder"),
    ("GET", "/gateway/recorder/{id}"),
    ("PUT", "/gateway/recorder"),
    ("POST", "/gateway/recorder/list"),
    ("DELETE", "/gateway/recorder"),
    ("POST", "/gateway/exporter"),
    ("GET", "/gateway/exporter/{id}"),
    ("GET", "/gateway/exporter/url"),
    ("POST", "/gateway/exporter/list"),
    ("DELETE", "/gateway/exporter"),
    ("GET", "/customers/customers_access/get_insight_access"),
    ("GET", "/customers/customers_access/get_recordings_access"),
    ("GET", "/customers/customers_access/get_raw_data_access"),
    ("GET", "/customers/current"),
    ("GET", "/users/{username}"),
    ("POST", "/users"),
    ("PUT", "/users"),
    ("DELETE", "/users"),
    ("POST", "/users/list"),
    ("GET", "/gateway/users/connected"),
    ("POST", "/gateway/connections"),
    ("POST", "/gateway/ssr/stream_state"),
    ("POST", "/gateway/ssr/downlink"),
    ("GET", INSIGHTS),
    ("GET", f"{INSIGHTS}/weekly_first_day_of_week"),
    ("POST", f"{INSIGHTS}/weekly_first_day_of_week"),
    *(
        ("POST", f"{INSIGHTS}/{name}")
        for name in (
            "daily_stress",
            "battery",
            "hourly_insights",
            "weekly_stress_average",
            "weekly_stress_change",
            "weekly_stress_index",
            "weekly_stressful_time",
            "weekly_quiet_time",
            "history_hourly_insights",
            "weekly_best_sleep",
            "weekly_worst_sleep",
            "alltime",
            "daily_stats",
            "all_daily_stats",
            "stress_baseline",
            "calendar/calendar_stress_graph",
            "calendar/dates_of_last_6_month_without_stress",
            "calendar/dates_of_last_6_month_with_stress",
            "calendar/calculate_daily_stress_for_6_month",
        )
    ),
}


def test_the_route_table_is_protocol_section_4(sandbox: SandboxServer) -> None:
    assert route_table(sandbox.app) == PROTOCOL_ROUTES


def test_the_route_table_is_the_specs(sandbox: SandboxServer) -> None:
    """Fails when the spec has a route the sandbox does not serve, or the other way round."""
    (api,) = [a for a in build_apis(SPEC, targets()["python"]) if a.name == "neurospeed"]
    spec = {(op.method, op.path) for tag in api.tags for op in tag.operations}
    assert len(spec) == sum(len(tag.operations) for tag in api.tags) > 40
    assert route_table(sandbox.app) == spec


def test_a_server_stops_and_frees_its_port() -> None:
    with SandboxServer() as server:
        url = f"{server.api_url}/customers/current"
        assert requests.get(url, timeout=5).status_code == 401
    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)


def test_the_temporary_data_folder_goes_at_shutdown() -> None:
    with SandboxServer() as server:
        folder = server.call(lambda: server.state.data_dir)
        assert folder.is_dir()
    assert not folder.exists()


def test_cli_help_lists_the_sandbox_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["sandbox", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for flag in ("--host", "--port", "--seed", "--token-lifetime", "--exporter-delay"):
        assert flag in out
    assert main([]) == 2


def served_url(process: subprocess.Popen[str], timeout: float) -> str | None:
    """The URL the CLI logs on stderr; a reader thread keeps the wait bounded."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    stream = process.stderr

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return None
        found = re.search(r"serving on (http://\S+?)[ ;(]", line)
        if found:
            return found.group(1)
    return None


def test_cli_serves_a_seed_file_until_interrupted(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "customers:\n  - {email: lab@example.org, password: lab-pass, account_id: lab,\n"
        "     users: [{username: alice, password: alice-pass}]}\n"
    )
    command = "from neurospeed_ext.cli import main; raise SystemExit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "sandbox", "--port", "0", "--seed", str(seed)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = served_url(process, timeout=20)
        assert url, "the sandbox did not log its URL"
        login = {"email": "lab@example.org", "password": "lab-pass"}
        assert requests.post(f"{url}/api/auth/login", json=login, timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)


def test_the_cli_refuses_a_bad_seed(tmp_path: Path) -> None:
    seed = tmp_path / "bad.yaml"
    seed.write_text("customers: []\n")
    assert main(["sandbox", "--seed", str(seed)]) == 2


def test_seed_errors_name_the_field(tmp_path: Path) -> None:
    assert [c.account_id for c in load_seed().customers] == ["sandbox"]
    with pytest.raises(SeedError, match=r"customers\[0\]\.users\[1\]\.password"):
        parse_seed(
            {
                "customers": [
                    {
                        "email": "a@b",
                        "password": "p",
                        "account_id": "a",
                        "users": [{"username": "u", "password": "x"}, {"username": "v"}],
                    }
                ]
            }
        )
    with pytest.raises(SeedError, match="duplicate account_id"):
        parse_seed(
            {
                "customers": [
                    {"email": "a@b", "password": "p", "account_id": "a"},
                    {"email": "c@d", "password": "p", "account_id": "a"},
                ]
            }
        )
    with pytest.raises(SeedError, match="cannot read"):
        load_seed(tmp_path / "missing.yaml")
