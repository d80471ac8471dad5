"""`neurospeed e4` / `e4client` without a portal: help, spellings, usage errors (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from neurospeed_ext import cli
from neurospeed_ext.commands import e4 as command
from neurospeed_ext.commands.e4_outputs import Outputs, plan_outputs

SECRET = "Pa55:w0rd-never-shown"
OPTIONS = [
    "--user",
    "--pwd",
    "--users_file",
    "--users-file",
    "--server",
    "--all_sessions",
    "--all-sessions",
    "--session_id",
    "--session-id",
    "--remove",
    "--sessions_list",
    "--sessions-list",
    "--purchased_devs",
    "--purchased-devs",
    "--out",
    "--extract",
    "--no-progress",
]
SHORT = ["-u", "-p", "-f", "-a", "-i", "-r", "-l", "-d", "-o", "-x"]


def neurospeed_e4(argv: Sequence[str]) -> int:
    return cli.main(["e4", *argv])


ENTRIES: list[tuple[str, Callable[[Sequence[str]], int]]] = [
    ("neurospeed e4", neurospeed_e4),
    ("e4client", command.main),
]


@pytest.fixture(autouse=True)
def no_e4_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("E4_USER", "E4_PWD", "E4_SERVER"):
        monkeypatch.delenv(name, raising=False)


def parse(*argv: str) -> argparse.Namespace:
    return command.build_parser().parse_args(argv)


@pytest.mark.parametrize(("prog", "entry"), ENTRIES)
def test_help_lists_every_option_and_the_exit_statuses(
    prog: str, entry: Callable[[Sequence[str]], int], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        entry(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: {prog} ")
    for option in [*OPTIONS, *SHORT]:
        assert f"{option} " in out or f"{option}," in out or f"{option}\n" in out, option
    assert "E4_USER" in out and "E4_PWD" in out and "E4_SERVER" in out
    assert "exit status: 0 success, 1 an operation failed" in out
    assert "130 interrupted" in out


def test_e4_is_a_registered_command() -> None:
    assert command in cli.COMMANDS


def test_published_and_hyphenated_spellings_agree() -> None:
    published = parse(
        "--all_sessions",
        "--users_file",
        "u.txt",
        "--session_id",
        "7",
        "--sessions_list",
        "--purchased_devs",
    )
    hyphenated = parse(
        "--all-sessions",
        "--users-file",
        "u.txt",
        "--session-id",
        "7",
        "--sessions-list",
        "--purchased-devs",
    )
    short = parse("-a", "-f", "u.txt", "-i", "7", "-l", "-d")
    assert vars(published) == vars(hyphenated) == vars(short)
    assert (short.all_sessions, short.users_file, short.session_id) == (True, "u.txt", "7")
    assert short.progress is None and parse("--no-progress").progress is False


def test_a_session_id_is_a_number() -> None:
    assert parse("-i", " 0101 ", "-r", "7").session_id == "101"
    with pytest.raises(argparse.ArgumentTypeError):
        command.session_id("12a")


@pytest.mark.parametrize(
    "argv", [["-i", "abc"], ["-r", "1.5"], ["-i", "-3"], ["-r", "\uff11\uff12"]]
)
@pytest.mark.parametrize(("prog", "entry"), ENTRIES)
def test_a_non_numeric_id_is_a_usage_error(
    argv: list[str],
    prog: str,
    entry: Callable[[Sequence[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        entry(["-u", "a@b.org", "-p", SECRET, *argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "a session id is a number" in err and SECRET not in err


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    entry: Callable[[Sequence[str]], int] = neurospeed_e4,
) -> tuple[int, str, str]:
    status = entry(list(argv))
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    return status, out, err


@pytest.mark.parametrize(("prog", "entry"), ENTRIES)
def test_missing_credentials_name_the_flags_and_variables(
    prog: str, entry: Callable[[Sequence[str]], int], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "-l", entry=entry)
    assert (status, out) == (2, "")
    assert err.startswith(f"{prog}: error: missing credentials")
    for name in ("-u/--user", "-p/--pwd", "E4_USER", "E4_PWD"):
        assert name in err
    assert "Traceback" not in err


def test_a_password_without_an_e_mail_is_missing_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("E4_PWD", SECRET)
    status, _, err = run(capsys, "-l")
    assert status == 2
    assert "the e-mail (pass -u/--user or set E4_USER)" in err and "the password" not in err


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["-u", "a@b.org", "-p", SECRET], "nothing to do: choose -a, -i ID, -r ID, -l or -d"),
        (["-u", "a@b.org", "-p", SECRET, "-l", "-x"], "-x/--extract unpacks downloads"),
        (["-f", "users.txt", "-u", "a@b.org"], "leave out -u/--user and -p/--pwd"),
        (["-f", "users.txt", "-p", SECRET], "leave out -u/--user and -p/--pwd"),
        (["-f", "users.txt", "-i", "7"], "-i and -r work on one account"),
        (["-f", "users.txt", "-r", "7"], "-i and -r work on one account"),
        (["-u", "a@b.org", "-p", SECRET, "-l", "--server", "ftp://x"], "--server or $E4_SERVER"),
        (["-u", "a@b.org", "-p", SECRET, "-a", "-o", "file.txt"], "-o file.txt: not a folder"),
        (["-f", "missing.txt"], "cannot read the users file missing.txt"),
        (["-f", "bad.txt"], "users file bad.txt, line 2: the text before the first ':'"),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    argv: list[str],
    complaint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("a file\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text(f"# users\n{SECRET}@x\n", encoding="utf-8")
    monkeypatch.setenv("E4_SERVER", "http://127.0.0.1:9/connect")  # nothing listens there
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert complaint in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["-l"], Outputs(Path("."))),
        (["-l", "-o", "list.csv"], Outputs(Path("."), Path("list.csv"))),
        (["-d", "-o", "sub/devs.csv"], Outputs(Path("sub"), Path("sub/devs.csv"))),
        (["-i", "7", "-o", "one.zip"], Outputs(Path("."), Path("one.zip"))),
        (["-i", "7", "-r", "8", "-o", "one.zip"], Outputs(Path("."), Path("one.zip"))),
        (["-l", "-o", "folder"], Outputs(Path("folder"))),
        (["-l", "-o", "new/"], Outputs(Path("new"))),
        (["-l", "-d", "-o", "new"], Outputs(Path("new"))),
        (["-a", "-o", "new"], Outputs(Path("new"))),
        (["-a", "-l", "-o", "new"], Outputs(Path("new"))),
        (["-f", "u.txt", "-l", "-o", "new"], Outputs(Path("new"))),
    ],
)
def test_out_is_a_file_for_one_output_else_a_folder(
    argv: list[str], expected: Outputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    assert plan_outputs(parse(*argv)) == expected


def test_output_names() -> None:
    folder = Outputs(Path("out"))
    assert (folder.sessions_csv(), folder.devices_csv(), folder.session_zip(7)) == (
        Path("out/sessions.csv"),
        Path("out/devices.csv"),
        Path("out/7.zip"),
    )
    assert Outputs(Path("."), Path("x.csv")).sessions_csv() == Path("x.csv")
