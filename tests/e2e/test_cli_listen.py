"""`neurospeed listen`: room packets as JSON lines while an HIA streams in a thread."""

from __future__ import annotations

import _thread
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import neurospeed_api as ns
from neurospeed_ext import NeuroSpeed, cli
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import CUSTOMER, login_customer, new_user

PASSWORD = "secret-pass"
SENSORS = {
    "eda_cli": ns.SensorInfo(
        device_type=ns.DeviceType.EDA,
        channel_count=2,
        channel_map=["a", "b"],
        sampling_frequency=4,
        manufacturer_id="tests",
        sensor_id="eda_cli",
        stream_id="eda_cli",
    )
}
HIA_SECONDS = 10.0
"""The HIA thread's bound; the listen commands end long before."""


@pytest.fixture
def username(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sandbox: SandboxServer) -> str:
    """A fresh user; the environment holds their login and the customer's."""
    user: str = new_user(login_customer(sandbox), PASSWORD)["username"]
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEUROSPEED_CONFIG", raising=False)
    for name, value in {
        "SERVER": sandbox.base_url,
        "EMAIL": CUSTOMER["email"],
        "PASSWORD": CUSTOMER["password"],
        "ACCOUNT_ID": "sandbox",
        "USERNAME": user,
        "USER_PASSWORD": PASSWORD,
    }.items():
        monkeypatch.setenv(f"NEUROSPEED_{name}", value)
    return user


@pytest.fixture
def hia(sandbox: SandboxServer, username: str) -> Iterator[list[str]]:
    """HIAs of the user in a thread: each connects, sends 3 one-sample packets 0.15 s
    apart and disconnects, until the test ends. Yields the ids of the HIAs started."""
    stop = threading.Event()
    started: list[str] = []
    failures: list[BaseException] = []

    def cycle() -> None:
        deadline = time.monotonic() + HIA_SECONDS
        try:
            with NeuroSpeed(sandbox.base_url).user("sandbox", username, PASSWORD) as user:
                while not stop.is_set() and time.monotonic() < deadline:
                    with user.hia(SENSORS) as device:
                        started.append(device.hia_id)
                        for value in range(3):
                            device.send("eda_cli", [[float(value), 1.5]])
                            if stop.wait(0.15):
                                break
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=cycle, name="test-hia", daemon=True)
    thread.start()
    try:
        yield started
    finally:
        stop.set()
        thread.join(timeout=HIA_SECONDS)
    assert not thread.is_alive()
    assert failures == []


def test_listen_as_the_user_prints_packets_as_json_lines(
    hia: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["listen", "--count", "3", "--duration", "8"])
    out, err = capsys.readouterr()
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == 3
    for line in lines:
        packet = ns.loads(line, ns.DataPacket)
        assert packet.stream_id == "eda_cli"
        assert packet.hia_id in hia
        assert packet.data is not None
        assert packet.data.sample[0][1] == 1.5


def test_listen_as_the_customer_with_events_appends_to_a_file(
    hia: list[str], username: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "room.jsonl"
    out.write_text('{"earlier": true}\n', encoding="utf-8")
    argv = ["listen", "--user", username, "--events", "--out", str(out), "--count", "6"]
    status = cli.main([*argv, "--duration", "8"])
    assert status == 0, capsys.readouterr().err
    assert capsys.readouterr().out == ""
    earlier, *lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert earlier == {"earlier": True}
    packets = [ns.structure(line, ns.DataPacket) for line in lines if "stream_id" in line]
    events = [ns.structure(line, ns.DeviceEvent) for line in lines if "stream_id" not in line]
    assert len(packets) == 6
    assert events, "a new HIA connected while listening"
    assert {event.username for event in events} == {username}
    assert {event.type for event in events} <= {"connect", "disconnect"}


def test_listen_ends_after_its_duration(username: str, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    assert cli.main(["listen", "--duration", "0.3"]) == 0
    assert 0.3 <= time.monotonic() - started < 5
    assert capsys.readouterr().out == ""


def test_ctrl_c_ends_listening_with_status_0(
    username: str, capsys: pytest.CaptureFixture[str]
) -> None:
    timer = threading.Timer(0.3, _thread.interrupt_main)  # as if Ctrl-C were pressed
    started = time.monotonic()
    timer.start()
    try:
        status = cli.main(["listen", "--duration", "8"])
    finally:
        timer.cancel()
    assert status == 0
    assert time.monotonic() - started < 3
    assert "Traceback" not in capsys.readouterr().err
