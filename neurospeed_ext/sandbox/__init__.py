"""A local NeuroSpeed server for offline development and end-to-end tests.

REST under `/api` as PROTOCOL.md sections 2-4 describe, answered with the generated
models; the E4 Connect portal (PROTOCOL.md section 6) under `/connect` (`e4/`); test
hooks under `/__sandbox__/` (see hooks.py); export downloads under `/downloads/`. Start
it with `neurospeed sandbox` or, from Python, `with SandboxServer() as sandbox: ...` (a
free loopback port, a background thread).

Names are imported on first use, so `neurospeed --help` and the sandbox's argument
parsing work without aiohttp (the `sandbox` extra) installed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app, route_table
    from .seed import Seed, SeedError, default_seed, load_seed, parse_seed
    from .server import SandboxServer, serve_forever
    from .settings import Settings
    from .state import STATE_KEY, SandboxState

_HOMES = {
    "create_app": "app",
    "route_table": "app",
    "Seed": "seed",
    "SeedError": "seed",
    "default_seed": "seed",
    "load_seed": "seed",
    "parse_seed": "seed",
    "SandboxServer": "server",
    "serve_forever": "server",
    "Settings": "settings",
    "STATE_KEY": "state",
    "SandboxState": "state",
}

__all__ = [
    "STATE_KEY",
    "SandboxServer",
    "SandboxState",
    "Seed",
    "SeedError",
    "Settings",
    "create_app",
    "default_seed",
    "load_seed",
    "parse_seed",
    "route_table",
    "serve_forever",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)
