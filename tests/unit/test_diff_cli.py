"""`python -m codegen diff`: output formats, exit codes, and `--git REF`.

The git tests build a throw-away repository in tmp_path (git runs without the system and
global configuration, under a ceiling so it never finds an enclosing repository).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from codegen import cli
from codegen.diff import diff_specs
from codegen.diff.gitref import spec_at
from tests.helpers import ROOT, SPEC, write_spec
from tests.unit.test_diff import BASE, DELETE_OPERATION, R, S, edited

LINE = re.compile(r"^spec/demo/[a-z]+\.yaml:\d+:\d+: (breaking|compatible): [a-z-]+: [^:]+: .+$")
GIT_TIMEOUT = 30


def pair(tmp_path: Path, *edits: tuple[str, str, str]) -> tuple[str, str]:
    old = write_spec(tmp_path / "old", edited(BASE))
    new = write_spec(tmp_path / "new", edited(BASE, *edits))
    return str(old), str(new)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(["diff", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_nothing_changed_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(list(pair(tmp_path)), capsys)
    assert status == 0
    assert out == "0 breaking, 0 compatible change(s)\n"


def test_compatible_changes_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(tmp_path, (S, "[fast, slow]", "[fast, slow, turbo]"))
    status, out, _ = run([old, new], capsys)
    assert status == 0
    assert out.splitlines() == [
        "spec/demo/schemas.yaml:18:24: compatible: enum-value-added: Mode.turbo: value 'turbo' "
        "added (sent by the client): generated enums are open, so old clients keep it as an "
        "unknown member",
        "0 breaking, 1 compatible change(s)",
    ]


def test_breaking_changes_exit_1_and_come_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair(
        tmp_path,
        (S, "[fast, slow]", "[fast, slow, turbo]"),
        (R, DELETE_OPERATION, ""),
    )
    status, out, _ = run([old, new], capsys)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "spec/demo/routes.yaml:19:7: breaking: operation-removed: recorder.delete: "
    )
    assert lines[1].startswith("spec/demo/schemas.yaml:18:24: compatible: enum-value-added: ")
    assert lines[2] == "1 breaking, 1 compatible change(s)"
    assert all(LINE.match(line) for line in lines[:2])


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair(
        tmp_path,
        (S, "[fast, slow]", "[fast, slow, turbo]"),
        (S, "size: {type: integer}", "size: {type: number}"),
    )
    status, out, _ = run(["--format", "json", old, new], capsys)
    assert status == 1
    document = json.loads(out)
    assert document["breaking"] == 1
    assert document["compatible"] == 1
    first, second = document["changes"]
    assert first == {
        "kind": "type-widened",
        "severity": "breaking",
        "location": {"file": "spec/demo/schemas.yaml", "line": 11, "column": 14},
        "subject": "Recorder.size",
        "message": first["message"],
    }
    assert first["message"].startswith("integer -> number (received by the client)")
    assert second["kind"] == "enum-value-added"
    assert second["severity"] == "compatible"
    assert set(second) == {"kind", "severity", "location", "subject", "message"}


def test_json_without_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--format", "json", *pair(tmp_path)], capsys)
    assert status == 0
    assert json.loads(out) == {"breaking": 0, "compatible": 0, "changes": []}


def test_the_output_is_the_same_on_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair(
        tmp_path,
        (S, "[pending, recording, stopped]", "[stopped, paused]"),
        (R, DELETE_OPERATION, ""),
        (S, "x: {type: number}", "x: {type: integer}"),
    )
    first = run([old, new], capsys)
    assert first == run([old, new], capsys)
    assert first[1].splitlines()[-1] == "4 breaking, 1 compatible change(s)"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give OLD_SPEC_DIR and NEW_SPEC_DIR"),
        (["spec"], "give OLD_SPEC_DIR and NEW_SPEC_DIR"),
        (["a", "b", "c"], "give OLD_SPEC_DIR and NEW_SPEC_DIR"),
        (["--git", "HEAD", "a", "b"], "at most NEW_SPEC_DIR"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(argv, capsys)
    assert status == 2
    assert out == ""
    assert message in err


def test_an_unknown_format_is_refused_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["diff", "--format", "yaml", "a", "b"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_invalid_spec_exits_2_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair(tmp_path, (S, "size: {type: integer}", "size: {type: integr}"))
    status, out, err = run([old, new], capsys)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert re.match(r"^.*new/spec/demo/schemas\.yaml:11:\d+: ", lines[0])
    assert lines[-1].startswith("1 error(s) in the new spec")


def test_a_missing_spec_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run([str(tmp_path / "nowhere"), str(SPEC)], capsys)
    assert status == 2
    assert "spec folder not found" in err
    assert "in the old spec" in err


def test_help_lists_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "diff" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["diff", "--help"])
    out = capsys.readouterr().out
    assert "--git REF" in out and "--format {text,json}" in out


# -- --git REF ------------------------------------------------------------------------------


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Git without system or global configuration, never looking above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    return dict(os.environ)


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Path:
    """A repository whose one commit holds BASE as spec/demo/."""
    top = tmp_path / "repo"
    top.mkdir()
    git(top, git_env, "init", "-q")
    write_spec(top, edited(BASE))
    (top / "README.md").write_text("a repository\n", encoding="utf-8")
    git(top, git_env, "add", "-A")
    git(top, git_env, "commit", "-q", "-m", "spec")
    return top


def test_git_head_against_the_working_spec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--git", "HEAD", str(repo / "spec")], capsys)
    assert (status, out) == (0, "0 breaking, 0 compatible change(s)\n")
    write_spec(repo, edited(BASE, (R, DELETE_OPERATION, "")))
    status, out, _ = run(["--git", "HEAD", str(repo / "spec")], capsys)
    assert status == 1
    assert out.splitlines() == [
        "spec/demo/routes.yaml:19:7: breaking: operation-removed: recorder.delete: "
        "DELETE /recorder/{id} removed: the call disappears from the generated client",
        "1 breaking, 0 compatible change(s)",
    ]


def test_git_defaults_to_the_spec_folder_here(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_spec(repo, edited(BASE, (S, "[fast, slow]", "[fast, slow, turbo]")))
    monkeypatch.chdir(repo)
    status, out, _ = run(["--git", "HEAD"], capsys)
    assert status == 0
    assert out.splitlines()[-1] == "0 breaking, 1 compatible change(s)"


def test_git_an_older_commit_by_its_hash(
    repo: Path, git_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = git(repo, git_env, "rev-parse", "HEAD").strip()
    write_spec(repo, edited(BASE, (S, "size: {type: integer}", "size: {type: number}")))
    git(repo, git_env, "commit", "-q", "-a", "-m", "wider")
    status, out, _ = run(["--format", "json", "--git", first[:12], str(repo / "spec")], capsys)
    assert status == 1
    assert [c["kind"] for c in json.loads(out)["changes"]] == ["type-widened"]
    assert git(repo, git_env, "status", "--porcelain") == ""  # nothing in the repository moved


def test_git_unknown_revision_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for ref in ("no-such-branch", "--output=x", ""):
        status, out, err = run([f"--git={ref}", str(repo / "spec")], capsys)
        assert status == 2
        assert out == ""
        assert f"unknown revision '{ref}'" in err


def test_git_outside_a_repository_exits_2(
    tmp_path: Path, git_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path / "plain", edited(BASE))
    status, _, err = run(["--git", "HEAD", str(spec)], capsys)
    assert status == 2
    assert "is not in a git repository" in err


def test_git_spec_folder_missing_at_the_revision_exits_2(
    repo: Path, git_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    other = write_spec(repo / "later", edited(BASE))  # written after the commit
    status, _, err = run(["--git", "HEAD", str(other)], capsys)
    assert status == 2
    assert "the spec folder later/spec did not exist at HEAD" in err


def test_git_invalid_spec_at_the_revision_names_it(
    repo: Path, git_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    write_spec(repo, edited(BASE, (S, "size: {type: integer}", "size: {type: integr}")))
    git(repo, git_env, "commit", "-q", "-a", "-m", "broken")
    write_spec(repo, edited(BASE))
    status, out, err = run(["--git", "HEAD", str(repo / "spec")], capsys)
    assert status == 2
    assert out == ""
    first, *_, last = err.splitlines()
    assert re.match(r"^HEAD:spec/demo/schemas\.yaml:11:\d+: ", first), first
    assert last.startswith("1 error(s) in the old spec (spec at HEAD)")


def test_git_head_of_this_repository() -> None:
    """The committed spec against the working one, in a subprocess as a maintainer runs it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "diff", "--git", "HEAD"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert re.fullmatch(r"\d+ breaking, \d+ compatible change\(s\)", done.stdout.splitlines()[-1])
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "spec"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
        check=True,
    ).stdout
    if not any(line.endswith(".yaml") for line in dirty.splitlines()):
        assert (done.returncode, done.stdout) == (0, "0 breaking, 0 compatible change(s)\n")


def test_git_copy_of_this_repository_spec() -> None:
    """HEAD's spec copied by --git reads as the committed one, and the copy goes away."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    with spec_at("HEAD", SPEC) as snapshot:
        assert snapshot.label == "spec"
        assert (snapshot.folder / "neurospeed" / "api.yaml").is_file()
        assert diff_specs(snapshot.folder, snapshot.folder) == []
    assert not snapshot.root.exists()
