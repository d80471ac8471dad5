"""Every command and subcommand answers --help; small pieces of the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import neurospeed_api as ns
from neurospeed_ext import cli
from neurospeed_ext.commands import export, record, stream

COMMANDS = [
    (["stream"], "--realtime"),
    (["record"], "start"),
    (["record", "start"], "USERNAME"),
    (["record", "stop"], "RECORDER_ID"),
    (["record", "list"], "--json"),
    (["export"], "--stream-id"),
    (["listen"], "--count"),
    (["e4"], "--users_file"),
]


@pytest.mark.parametrize(("argv", "mentions"), COMMANDS)
def test_help(argv: list[str], mentions: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([*argv, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: neurospeed {' '.join(argv)} ")
    assert mentions in out
    assert "exit status: 0 success" in out


def test_commands_are_registered_with_sandbox_first() -> None:
    names = [module.NAME for module in cli.COMMANDS]
    assert names[0] == "sandbox"
    assert {"stream", "record", "export", "listen", "e4"} <= set(names)


def test_record_help_in_a_subprocess() -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "neurospeed_ext", "record", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: neurospeed record")
    for action in ("start", "stop", "list"):
        assert action in done.stdout


def test_a_missing_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["record"])
    assert exited.value.code == 2
    assert "required: ACTION" in capsys.readouterr().err


def test_device_types_match_the_spec() -> None:
    assert set(stream.DEVICE_TYPES) == {member.value for member in ns.DeviceType}


def test_device_type_is_case_insensitive() -> None:
    args = cli.build_parser().parse_args(["stream", "f.csv", "--device-type", "ppg"])
    assert args.device_type == "PPG"


def test_table() -> None:
    table = record.format_table([("7", "subject01", "first run", "stopped", "12")])
    assert table.splitlines() == [
        "id  username   name       status   packets",
        " 7  subject01  first run  stopped       12",
    ]


def test_custom_name() -> None:
    assert export.custom_name(None, 5) == "recording-5.csv"
    assert export.custom_name("session1", 5) == "session1.csv"
    assert export.custom_name("session1.tsv", 5) == "session1.tsv"
