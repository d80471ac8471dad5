"""`neurospeed record` and the credentials of the commands, against a real sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import neurospeed_api as ns
from neurospeed_ext import cli
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import CUSTOMER, login_customer, new_user

VARIABLES = (
    "SERVER",
    "EMAIL",
    "PASSWORD",
    "ACCOUNT_ID",
    "USERNAME",
    "USER_PASSWORD",
    "CONFIG",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sandbox: SandboxServer) -> None:
    """The sandbox's customer in the environment, and a HOME without a config file."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in VARIABLES:
        monkeypatch.delenv(f"NEUROSPEED_{name}", raising=False)
    monkeypatch.setenv("NEUROSPEED_SERVER", sandbox.base_url)
    monkeypatch.setenv("NEUROSPEED_EMAIL", CUSTOMER["email"])
    monkeypatch.setenv("NEUROSPEED_PASSWORD", CUSTOMER["password"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def fresh_username(sandbox: SandboxServer) -> str:
    name: str = new_user(login_customer(sandbox))["username"]
    return name


@pytest.mark.usefixtures("env")
def test_start_list_stop_round_trip(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    username = fresh_username(sandbox)
    status, out, _ = run(capsys, "record", "start", username, "--name", "first run")
    assert status == 0
    recorder_id = int(out.strip())
    customer = login_customer(sandbox)
    assert customer.ok("GET", f"/gateway/recorder/{recorder_id}")["status"] == "recording"

    status, out, _ = run(capsys, "record", "list", username)
    assert status == 0
    header, row = out.splitlines()
    assert header.split() == ["id", "username", "name", "status", "packets"]
    assert row.split() == [str(recorder_id), username, "first", "run", "recording", "0"]

    status, out, _ = run(capsys, "record", "stop", str(recorder_id), "--poll-interval", "0.01")
    assert (status, out) == (0, f"{recorder_id} stopped\n")
    assert customer.ok("GET", f"/gateway/recorder/{recorder_id}")["status"] == "stopped"

    status, out, _ = run(capsys, "record", "list", username, "--json")
    assert status == 0
    [line] = out.splitlines()
    recorder = ns.loads(line, ns.Recorder)
    assert (recorder.id, recorder.status, recorder.username) == (
        recorder_id,
        ns.RecorderStatus.STOPPED,
        username,
    )


@pytest.mark.usefixtures("env")
def test_start_stops_a_leftover_recorder(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    username = fresh_username(sandbox)
    first = int(run(capsys, "record", "start", username)[1])
    second = int(run(capsys, "record", "start", username)[1])
    assert first != second
    _, out, _ = run(capsys, "record", "list", username, "--json")
    statuses = {r["id"]: r["status"] for r in map(json.loads, out.splitlines())}
    assert statuses == {first: "stopped", second: "recording"}


@pytest.mark.usefixtures("env")
def test_an_api_failure_is_one_line_and_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "record", "stop", "999999")
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("neurospeed record: error: ")
    assert "999999" in err
    assert "404" in err
    assert "Traceback" not in err


def test_flags_beat_environment_beat_config(
    env: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    username = fresh_username(sandbox)
    config = tmp_path / "config.json"
    combined: dict[str, Any] = {
        "server": "http://127.0.0.1:9",  # the environment's server wins
        "customer": {"email": "wrong@sandbox.local", "password": CUSTOMER["password"]},
    }
    config.write_text(json.dumps(combined), encoding="utf-8")
    monkeypatch.delenv("NEUROSPEED_PASSWORD")  # from the config file
    monkeypatch.setenv("NEUROSPEED_EMAIL", "also-wrong@sandbox.local")
    status, _, err = run(
        capsys, "record", "list", username, "--config", str(config), "--email", CUSTOMER["email"]
    )
    assert status == 0, err

    status, _, err = run(capsys, "record", "list", username, "--config", str(config))
    assert status == 1
    assert "customer login as also-wrong@sandbox.local" in err
    assert "401" in err
    assert CUSTOMER["password"] not in err

    monkeypatch.setenv("NEUROSPEED_PASSWORD", "not-the-password")  # beats the config's
    status, _, err = run(
        capsys, "record", "list", "--config", str(config), "--email", CUSTOMER["email"]
    )
    assert status == 1
    assert "not-the-password" not in err


def test_missing_password_exits_2(
    env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NEUROSPEED_PASSWORD")
    status, out, err = run(capsys, "record", "list")
    assert (status, out) == (2, "")
    assert "customer password: set NEUROSPEED_PASSWORD" in err
    assert "customer email" not in err
