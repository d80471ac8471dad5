"""Compile a generated TypeScript package (and test scripts beside it) with the real tsc.

The package is copied out of `generated/typescript/` so nothing is written into the
repository; `node_modules` is a link to the pinned packages of tests/node_tools.py.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.node_tools import NODE_TYPES, SOCKET_IO_CLIENT, TYPESCRIPT, node_packages

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated" / "typescript"
COMPILE_TIMEOUT = 180.0
"""Seconds tsc may take on two cores before the test fails."""


def tools() -> Path:
    """The folder holding typescript, socket.io-client and @types/node."""
    return node_packages(TYPESCRIPT, SOCKET_IO_CLIENT, NODE_TYPES)


def tsc(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the pinned tsc in `folder`; the result is returned for the caller to judge."""
    compiler = tools() / "node_modules" / "typescript" / "bin" / "tsc"
    return subprocess.run(
        ["node", str(compiler), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT,
        check=False,
    )


def copy_package(name: str, dest: Path) -> Path:
    """`generated/typescript/<name>` copied to `dest/<name>`, its node_modules linked."""
    package = dest / name
    shutil.copytree(GENERATED / name, package, ignore=shutil.ignore_patterns("node_modules"))
    (package / "node_modules").symlink_to(tools() / "node_modules", target_is_directory=True)
    return package


def build_package(name: str, dest: Path) -> Path:
    """Copy and compile a package to `<package>/dist` (ES modules); fails with tsc's output."""
    package = copy_package(name, dest)
    done = tsc(package, "-p", "tsconfig.json")
    if done.returncode != 0:
        pytest.fail(f"tsc failed on {name}:\n{done.stdout}{done.stderr}")
    return package
