"""The aiohttp application: routes, middlewares, the one state object, and the six
Socket.IO paths (live/) on the same port, sharing the state as `app[STATE_KEY]`; the
E4 Connect portal (e4/) below `Settings.e4_prefix`, its state as `app[E4_KEY]`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiohttp import web

from . import (
    downloads,
    hooks,
    routes_auth,
    routes_customers,
    routes_exporter,
    routes_gateway,
    routes_insights,
    routes_recorder,
    routes_users,
)
from .e4.portal import attach_e4
from .errors import error_middleware
from .live import attach_live
from .seed import Seed, default_seed
from .settings import Settings
from .state import STATE_KEY, SandboxState

API_PREFIX = "/api"

Extension = Callable[[web.Application], None]

_ROUTE_TABLES = (
    routes_auth.routes,
    routes_customers.routes,
    routes_users.routes,
    routes_recorder.routes,
    routes_exporter.routes,
    routes_gateway.routes,
    routes_insights.routes,
    downloads.routes,
    hooks.routes,
)


def create_app(
    settings: Settings | None = None,
    seed: Seed | None = None,
    *,
    extensions: Sequence[Extension] = (),
) -> web.Application:
    """A sandbox application; `extensions` are called with it before it is returned."""
    settings = settings or Settings()
    seed = seed or default_seed()
    app = web.Application(
        client_max_size=settings.max_body_size,
        middlewares=[error_middleware, hooks.fault_middleware],
    )
    app[STATE_KEY] = SandboxState(settings, seed)
    for table in _ROUTE_TABLES:
        app.add_routes(table)
    attach_e4(app, seed.e4_accounts)  # before _close_state: its builds stop first
    app.on_cleanup.append(_close_state)
    attach_live(app)
    for extension in extensions:
        extension(app)
    return app


async def _close_state(app: web.Application) -> None:
    await app[STATE_KEY].close()


def route_table(app: web.Application) -> set[tuple[str, str]]:
    """(method, path template below /api) of every API route, to compare with the spec."""
    table: set[tuple[str, str]] = set()
    for route in app.router.routes():
        resource = route.resource
        if resource is None or route.method == "HEAD":
            continue
        path = resource.canonical
        if path == API_PREFIX or path.startswith(f"{API_PREFIX}/"):
            table.add((route.method, path[len(API_PREFIX) :]))
    return table
