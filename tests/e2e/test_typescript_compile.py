"""The generated TypeScript packages type-check on their own with the pinned tsc.

Each package is copied out of `generated/typescript/` and checked with its own
tsconfig.json (strict, ES2022, NodeNext), emitting nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.node_tools import node_or_skip
from tests.typescript_build import copy_package, tsc


@pytest.mark.parametrize("package", ["neurospeed-api", "e4connect-api"])
def test_the_generated_package_type_checks_alone(package: str, tmp_path: Path) -> None:
    node_or_skip()
    folder = copy_package(package, tmp_path)
    shown = tsc(folder, "-p", "tsconfig.json", "--showConfig")  # tsconfig.json is JSONC
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert json.loads(shown.stdout)["compilerOptions"]["strict"] is True
    done = tsc(folder, "-p", "tsconfig.json", "--noEmit")
    assert done.returncode == 0, f"tsc --noEmit failed on {package}:\n{done.stdout}{done.stderr}"
