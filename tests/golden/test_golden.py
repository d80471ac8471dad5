"""The committed generated/ is exactly what the spec generates, and generation is stable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codegen.cli import main
from codegen.pipeline import plan, targets
from codegen.write import compare, write_atomically
from tests.helpers import GENERATED, SPEC


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("target", sorted(targets()))
def test_committed_generated_matches_the_spec(target: str) -> None:
    _, files = plan(SPEC, targets()[target])
    drift = compare(files, GENERATED)
    assert drift.clean, f"regenerate with `python -m codegen generate`: {drift}"


def test_generating_twice_gives_identical_bytes(tmp_path: Path) -> None:
    _, files = plan(SPEC)
    write_atomically(files, tmp_path / "a")
    _, files_again = plan(SPEC)
    write_atomically(files_again, tmp_path / "b")
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first and first == second


def test_generate_replaces_the_package_and_leaves_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = out / "neurospeed_api" / "models" / "gone.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("# a file the spec no longer produces\n")
    (out / "unrelated.txt").write_text("kept")
    assert main(["generate", "--spec", str(SPEC), "--out", str(out)]) == 0
    assert not stale.exists()
    assert (out / "unrelated.txt").read_text() == "kept"
    assert sorted(p.name for p in out.iterdir()) == [
        "e4connect_api",
        "neurospeed_api",
        "typescript",
        "unrelated.txt",
    ]
    for package in ("e4connect_api", "neurospeed_api", "typescript"):
        assert _tree(out / package) == _tree(GENERATED / package)


def test_check_lists_stale_missing_and_extra_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "generated"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["check", "--spec", str(SPEC), "--out", str(out)]) == 0
    package = out / "neurospeed_api"
    (package / "models" / "recorder.py").write_text("# edited by hand\n")
    (package / "servers.py").unlink()
    (package / "models" / "stray.py").write_text("x = 1\n")
    capsys.readouterr()
    assert main(["check", "--spec", str(SPEC), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"stale: {package / 'models' / 'recorder.py'}" in printed
    assert f"missing: {package / 'servers.py'}" in printed
    assert f"extra: {package / 'models' / 'stray.py'}" in printed


def test_generate_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--spec", str(SPEC), "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "NeuroSpeed.IO 2.1.7" in printed and "schemas" in printed and "3 servers" in printed
    assert "typescript/neurospeed-api" in printed


def test_one_target_leaves_the_other_targets_output_alone(tmp_path: Path) -> None:
    where = ["--spec", str(SPEC), "--out", str(tmp_path)]
    assert main(["generate", *where]) == 0
    before = _tree(tmp_path / "typescript")
    (tmp_path / "neurospeed_api" / "servers.py").unlink()
    assert main(["generate", "--target", "python", *where]) == 0
    assert _tree(tmp_path / "typescript") == before
    assert (tmp_path / "neurospeed_api" / "servers.py").is_file()
    assert main(["check", "--target", "typescript", *where]) == 0
