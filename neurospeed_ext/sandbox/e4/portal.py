"""Adding the E4 Connect portal to a sandbox application, on the same port as the API."""

from __future__ import annotations

from aiohttp import web

from ..live.channels import PATHS
from ..seed import SeedE4Account
from ..state import STATE_KEY
from . import hooks, routes
from .state import E4_KEY, E4State


def attach_e4(app: web.Application, accounts: tuple[SeedE4Account, ...]) -> E4State:
    """The portal's routes below `settings.e4_prefix`, its hook, and its state as
    `app[E4_KEY]`; call after `app[STATE_KEY]` is set, before its cleanup is added."""
    sandbox = app[STATE_KEY]
    prefix = sandbox.settings.e4_prefix
    if any(prefix == p or prefix.startswith(f"{p}/") for p in PATHS):
        raise ValueError(f"e4_prefix: {prefix!r} collides with a Socket.IO path")
    state = E4State(accounts, sandbox.settings, lambda: sandbox.data_dir)
    app[E4_KEY] = state
    routes.add_routes(app, prefix)
    app.add_routes(hooks.routes)
    app.on_cleanup.append(_close)
    return state


async def _close(app: web.Application) -> None:
    await app[E4_KEY].close()
