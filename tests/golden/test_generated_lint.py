"""The generated code (and the generator) pass `ruff check` and `mypy --strict`."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import GENERATED, ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check_is_clean_on_generated_code() -> None:
    done = _run("ruff", "check", "--no-cache", str(GENERATED))
    assert done.returncode == 0, done.stdout + done.stderr


def test_generated_code_is_ruff_formatted() -> None:
    done = _run(
        "ruff",
        "format",
        "--check",
        "--no-cache",
        "--isolated",
        "--line-length",
        "100",
        str(GENERATED),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_generated_code_the_generator_and_the_extensions() -> None:
    done = _run("mypy", "--strict", "--no-incremental", "generated", "codegen", "neurospeed_ext")
    assert done.returncode == 0, done.stdout + done.stderr
