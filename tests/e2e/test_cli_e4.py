"""`neurospeed e4` and `e4client` against the sandbox's E4 Connect portal, over real HTTP."""

from __future__ import annotations

import csv
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from neurospeed_ext import cli
from neurospeed_ext.commands import e4 as command
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.e4_helpers import E4OTHER, E4USER, OTHER_IDS, SEEDED_IDS, Portal

ZIP_MEMBERS = {
    "ACC.csv",
    "BVP.csv",
    "EDA.csv",
    "HR.csv",
    "IBI.csv",
    "TEMP.csv",
    "info.txt",
    "tags.txt",
}
WRONG = "Wr0ng:secret-never-shown"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sandbox: SandboxServer) -> Path:
    """The sandbox's portal and e4user in the environment; the test runs in `tmp_path`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("E4_SERVER", sandbox.e4_url)
    monkeypatch.setenv("E4_USER", E4USER["username"])
    monkeypatch.setenv("E4_PWD", E4USER["password"])
    return tmp_path


@pytest.fixture
def fresh(
    start_sandbox: Callable[..., SandboxServer], env: Path, monkeypatch: pytest.MonkeyPatch
) -> SandboxServer:
    """A sandbox of its own, for a test that removes sessions."""
    server = start_sandbox()
    monkeypatch.setenv("E4_SERVER", server.e4_url)
    return server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(["e4", *argv])
    out, err = capsys.readouterr()
    for secret in (E4USER["password"], E4OTHER["password"], WRONG):
        assert secret not in out + err
    return status, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def as_csv(wire: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {key: "" if value is None else str(value) for key, value in row.items()} for row in wire
    ]


def assert_session_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert set(archive.namelist()) == ZIP_MEMBERS


def no_parts(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if p.name.endswith(".part")]


def write_users(folder: Path, *lines: str) -> Path:
    path = folder / "users.txt"
    path.write_text("# e4 accounts\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- lists -------------------------------------------------------------------------------


def test_sessions_list_parses_back_to_the_portals_rows(
    env: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "-l")
    assert (status, out, err) == (0, "wrote sessions.csv (3 sessions)\n", "")
    rows = read_csv(env / "sessions.csv")
    assert rows == as_csv(Portal(sandbox).login().sessions(from_=0, to=999_999_999_999))
    assert [row["id"] for row in rows] == [str(i) for i in SEEDED_IDS]
    assert rows[1]["label"] == "walk, then run"
    assert rows[2]["label"] == ""
    assert list(rows[0]) == [
        "id",
        "device_id",
        "duration",
        "status",
        "start_time",
        "label",
        "device",
        "exit_code",
    ]
    no_parts(env)


def test_lists_go_into_an_existing_folder_or_to_the_named_file(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (env / "lists").mkdir()
    assert run(capsys, "--sessions-list", "-o", "lists")[:2] == (
        0,
        "wrote lists/sessions.csv (3 sessions)\n",
    )
    assert run(capsys, "-d", "-o", "lists")[0] == 0
    assert run(capsys, "-l", "-d", "-o", "both")[0] == 0
    assert run(capsys, "-l", "-o", "mine.csv")[0] == 0
    assert sorted(str(p.relative_to(env)) for p in env.rglob("*.csv")) == [
        "both/devices.csv",
        "both/sessions.csv",
        "lists/devices.csv",
        "lists/sessions.csv",
        "mine.csv",
    ]
    assert read_csv(env / "mine.csv") == read_csv(env / "both" / "sessions.csv")


def test_purchased_devices(
    env: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "-d", "-o", "devices.csv", "--server", sandbox.e4_url)
    assert (status, out) == (0, "wrote devices.csv (2 devices)\n")
    rows = read_csv(env / "devices.csv")
    assert [(r["device_id"], r["label"], r["purchase_id"]) for r in rows] == [
        ("A01A3C", "left wrist", "5001"),
        ("A02B7F", "spare", "5002"),
    ]
    assert list(rows[0]) == [
        "device_id",
        "label",
        "model",
        "hardware_code",
        "purchase_code",
        "purchase_id",
    ]


# -- downloads ---------------------------------------------------------------------------


def test_all_sessions_downloads_every_zip_and_replaces_them_on_a_second_run(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "-a", "-l", "--no-progress", "-o", "all")
    assert (status, err) == (0, "")
    folder = env / "all"
    lines = out.splitlines()
    for number, line in zip(SEEDED_IDS, lines, strict=False):
        size = (folder / f"{number}.zip").stat().st_size
        assert line == f"downloaded all/{number}.zip ({size:,} bytes)".replace(",", " ")
        assert_session_zip(folder / f"{number}.zip")
    assert lines[3:] == ["wrote all/sessions.csv (3 sessions)"]
    no_parts(env)

    first = (folder / "101.zip").read_bytes()
    (folder / "101.zip").write_bytes(b"damaged")
    status, out, _ = run(capsys, "--all-sessions", "-o", "all")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == ["downloaded"] * 3
    assert (folder / "101.zip").read_bytes() == first


def test_one_session_to_a_file_and_extracted(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "-i", "102", "-o", "walk.zip", "-x")
    size = f"{(env / 'walk.zip').stat().st_size:,}".replace(",", " ")
    assert (status, out) == (
        0,
        f"downloaded walk.zip ({size} bytes)\nextracted walk.zip to walk{os.sep}\n",
    )
    assert_session_zip(env / "walk.zip")
    assert {p.name for p in (env / "walk").iterdir()} == ZIP_MEMBERS
    status, out, _ = run(capsys, "--session_id", "103")  # default: <id>.zip here
    size = f"{(env / '103.zip').stat().st_size:,}".replace(",", " ")
    assert (status, out) == (0, f"downloaded 103.zip ({size} bytes)\n")
    assert_session_zip(env / "103.zip")


def test_one_session_and_all_download_it_once(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "-i", "102", "-a", "-o", "both")
    assert status == 0
    assert [line.split(" (")[0] for line in out.splitlines()] == [
        "downloaded both/102.zip",
        "downloaded both/101.zip",
        "downloaded both/103.zip",
    ]


def test_an_unknown_session_fails_with_status_1(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "-i", "999")
    assert (status, out) == (1, "")
    assert err.startswith("neurospeed e4: error: download session 999: not found")
    assert err.count("\n") == 1
    assert list(env.iterdir()) == []


# -- removal -----------------------------------------------------------------------------


def test_remove_then_the_list_lacks_it(
    fresh: SandboxServer, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "-r", "102", "-l")
    assert (status, out) == (0, "removed session 102\nwrote sessions.csv (2 sessions)\n")
    assert [row["id"] for row in read_csv(env / "sessions.csv")] == ["101", "103"]
    assert Portal(fresh).login().session_ids(from_=0, to=999_999_999_999) == [101, 103]
    status, _, err = run(capsys, "--remove", "102")
    assert status == 1 and "remove session 102: not found" in err


# -- users file --------------------------------------------------------------------------


def test_users_file_one_folder_per_user_and_existing_zips_skipped(
    env: Path,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("E4_USER")
    monkeypatch.delenv("E4_PWD")
    users = write_users(
        env,
        f"{E4USER['username']}:{E4USER['password']}",
        "",
        f"{E4OTHER['username']}:{E4OTHER['password']}",
    )
    status, out, err = run(capsys, "-f", str(users), "-l", "-d", "-o", "data")
    assert (status, err) == (0, "")
    assert sorted(str(p.relative_to(env / "data")) for p in (env / "data").rglob("*")) == [
        "e4other",
        "e4other/104.zip",
        "e4other/devices.csv",
        "e4other/sessions.csv",
        "e4user",
        "e4user/101.zip",
        "e4user/102.zip",
        "e4user/103.zip",
        "e4user/devices.csv",
        "e4user/sessions.csv",
    ]
    for path in (env / "data").rglob("*.zip"):
        assert_session_zip(path)
    assert [r["id"] for r in read_csv(env / "data/e4other/sessions.csv")] == [
        str(i) for i in OTHER_IDS
    ]
    assert [r["device_id"] for r in read_csv(env / "data/e4other/devices.csv")] == ["B0C0DE"]

    (env / "data/e4user/102.zip").unlink()
    stamp = (env / "data/e4user/101.zip").stat().st_mtime_ns
    status, out, err = run(capsys, "--users-file", "users.txt", "-o", "data", "-x")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[2].startswith("downloaded data/e4user/102.zip (")
    assert lines[:2] + lines[3:] == [
        "skipped data/e4user/101.zip (exists)",
        f"extracted data/e4user/101.zip to data/e4user/101{os.sep}",
        f"extracted data/e4user/102.zip to data/e4user/102{os.sep}",
        "skipped data/e4user/103.zip (exists)",
        f"extracted data/e4user/103.zip to data/e4user/103{os.sep}",
        "skipped data/e4other/104.zip (exists)",
        f"extracted data/e4other/104.zip to data/e4other/104{os.sep}",
    ]
    assert {p.name for p in (env / "data/e4other/104").iterdir()} == ZIP_MEMBERS
    assert (env / "data/e4user/101.zip").stat().st_mtime_ns == stamp
    no_parts(env)


def test_users_file_a_failing_user_is_reported_and_the_others_run(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = write_users(
        env, f"{E4OTHER['username']}:{WRONG}", f"{E4USER['username']}:{E4USER['password']}"
    )
    status, out, err = run(capsys, "-f", str(users), "-x")
    assert status == 1
    assert err.splitlines() == [
        f"neurospeed e4: error: {E4OTHER['username']} (line 2): E4 Connect refused the login of"
        f" '{E4OTHER['username']}': wrong e-mail or password (HTTP 401)",
        "neurospeed e4: error: 1 of 2 users failed (see above)",
    ]
    assert not (env / "e4other").exists()
    assert sorted(p.name for p in (env / "e4user").glob("*.zip")) == [
        "101.zip",
        "102.zip",
        "103.zip",
    ]
    assert {p.name for p in (env / "e4user" / "101").iterdir()} == ZIP_MEMBERS
    assert out.count("downloaded ") == 3 and out.count("extracted ") == 3


def test_users_file_a_user_whose_folder_cannot_be_made_does_not_stop_the_others(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (env / "e4user").write_text("a file where the folder goes\n", encoding="utf-8")
    users = write_users(
        env,
        f"{E4USER['username']}:{E4USER['password']}",
        f"{E4OTHER['username']}:{E4OTHER['password']}",
    )
    status, out, err = run(capsys, "-f", str(users))
    assert status == 1
    first, last = err.splitlines()
    assert first.startswith(f"neurospeed e4: error: {E4USER['username']} (line 2): ")
    assert last == "neurospeed e4: error: 1 of 2 users failed (see above)"
    assert out.startswith("downloaded e4other/104.zip (")
    assert_session_zip(env / "e4other" / "104.zip")


# -- failures and secrets ----------------------------------------------------------------


def test_a_wrong_password_fails_with_status_1(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "-u", E4USER["username"], "-p", WRONG, "-l")
    assert (status, out) == (1, "")
    assert err == (
        f"neurospeed e4: error: E4 Connect refused the login of '{E4USER['username']}':"
        " wrong e-mail or password (HTTP 401)\n"
    )
    assert list(env.iterdir()) == []


def test_the_password_is_never_logged(
    env: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert run(capsys, "-p", WRONG, "-l")[0] == 1
    assert run(capsys, "-l", "-d", "-i", "101", "-o", "out")[0] == 0
    assert caplog.records and "authenticate.php" in caplog.text
    for secret in (WRONG, E4USER["password"], "Wr0ng"):
        assert secret not in caplog.text


def test_an_interrupt_exits_130(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "write_devices", interrupted)
    status, _, err = run(capsys, "-d")
    assert (status, err) == (130, "neurospeed e4: error: interrupted\n")


def test_the_e4client_script_in_a_subprocess(sandbox: SandboxServer, tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("e4client")
    assert script.is_file(), "the e4client console script is not installed"
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "E4_SERVER": sandbox.e4_url,
        "E4_USER": E4USER["username"],
        "E4_PWD": E4USER["password"],
    }
    done = subprocess.run(
        [str(script), "--log-level", "DEBUG", "-a", "-l", "-d", "-o", "out"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == [
        "wrote out/sessions.csv (3 sessions)",
        "wrote out/devices.csv (2 devices)",
    ]
    assert "authenticate.php" in done.stderr  # DEBUG reached stderr ...
    assert E4USER["password"] not in done.stdout + done.stderr  # ... without the password
    for number in SEEDED_IDS:
        assert_session_zip(tmp_path / "out" / f"{number}.zip")

    env.pop("E4_PWD")
    done = subprocess.run(
        [str(script), "-l"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "missing credentials" in done.stderr and "E4_PWD" in done.stderr
    assert "Traceback" not in done.stderr


def test_e4client_main_in_process(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert command.main(["--sessions_list", "--purchased_devs", "-o", "lists/"]) == 0
    assert (
        capsys.readouterr().out
        == "wrote lists/sessions.csv (3 sessions)\nwrote lists/devices.csv (2 devices)\n"
    )


def test_users_file_a_failing_download_is_reported_and_the_next_session_fetched(
    fresh: SandboxServer, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = fresh.settings.e4_prefix
    fault = {"method": "GET", "path": f"{prefix}/download.php", "cut_after": 100, "count": 1}
    added = requests.post(f"{fresh.base_url}/__sandbox__/faults", json=fault, timeout=5)
    assert added.status_code == 201, added.text
    users = write_users(env, f"{E4USER['username']}:{E4USER['password']}")
    status, out, err = run(capsys, "-f", str(users))
    assert status == 1
    first, summary, total = err.splitlines()
    assert first.startswith(f"neurospeed e4: error: {E4USER['username']}: download session 101:")
    assert summary.endswith("1 of 3 sessions could not be downloaded")
    assert total == "neurospeed e4: error: 1 of 1 users failed (see above)"
    assert sorted(p.name for p in (env / "e4user").iterdir()) == ["102.zip", "103.zip"]
    assert out.splitlines()[0].startswith("downloaded e4user/102.zip (")
    status, out, err = run(capsys, "-f", str(users))  # a second run fetches what is missing
    assert (status, err) == (0, "")
    assert out.splitlines()[0].startswith("downloaded e4user/101.zip (")
