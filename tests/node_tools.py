"""Node.js packages for the tests that need them (tsc, socket.io-client, @asyncapi/parser).

Node and npm come from the machine; the packages are installed by the tests themselves
into a cache folder keyed by the exact package list, so a second run reuses them. A test
skips with a clear message only where Node or npm is absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

TYPESCRIPT = "typescript@5.9.3"
SOCKET_IO_CLIENT = "socket.io-client@4.8.4"
NODE_TYPES = "@types/node@20.19.43"
ASYNCAPI_PARSER = "@asyncapi/parser@3.6.3"

INSTALL_TIMEOUT = 300.0
"""Seconds an `npm install` may take before the test fails (a bounded wait)."""


def node_or_skip() -> str:
    """The path of `node`; skips the test, saying why, when Node.js or npm is absent."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are not installed on this machine (needed for this test)")
    return node


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "neurospeed-sdk" / "node"


def node_packages(*packages: str) -> Path:
    """A folder whose `node_modules` holds exactly `packages` (npm specs, pinned).

    Installed once into `<cache>/<hash>`; a half-finished install is never reused, since
    the folder is renamed into place only after npm succeeded.
    """
    node_or_skip()
    key = hashlib.sha256("\n".join(sorted(packages)).encode()).hexdigest()[:16]
    folder = cache_root() / key
    if (folder / "node_modules").is_dir():
        return folder
    staging = folder.with_name(f".{key}-{uuid.uuid4().hex[:8]}")
    staging.mkdir(parents=True)
    (staging / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    command = ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *packages]
    try:
        done = subprocess.run(
            command,
            cwd=staging,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"npm install {' '.join(packages)} failed:\n{done.stderr[-2000:]}")
        # Another run may have finished the same install first: then that one is used.
        with contextlib.suppress(OSError):
            staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def node_path_env(folder: Path) -> dict[str, str]:
    """The environment for running `node` with `folder`'s packages importable."""
    env = dict(os.environ)
    env["NODE_PATH"] = str(folder / "node_modules")
    return env
