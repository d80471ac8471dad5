"""The portal's routes (PROTOCOL 6), added below the configured prefix (/connect).

The portal is PHP, not the NeuroSpeed API: errors answer short plain text rather than
JSON, and the caller is known by its PHPSESSID cookie, not a bearer token.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Awaitable, Callable

from aiohttp import web

import e4connect_api as e4

from ..cutoff import ExportFileResponse
from .logins import COOKIE
from .records import E4Account
from .state import E4_KEY, E4State

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_DIGITS = re.compile(r"[0-9]{1,18}")
SESSIONS_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>E4 Connect - Sessions</title></head>
<body>
<h1>Sessions</h1>
<div id="sessions"></div>
<script type="text/javascript">
    var userId = {user_id};
</script>
</body>
</html>
"""
LOGGED_IN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>E4 Connect</title></head>
<body><p>Logged in. <a href="sessions.php">Your sessions</a></p></body></html>
"""


class PortalError(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def _plain_errors(handler: Handler) -> Handler:
    """PortalError as a short text/plain answer, the way the PHP portal answers."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except PortalError as exc:
            return web.Response(status=exc.status, text=exc.text)

    return wrapped


def add_routes(app: web.Application, prefix: str) -> None:
    router = app.router
    router.add_post(f"{prefix}/authenticate.php", _plain_errors(authenticate))
    router.add_get(f"{prefix}/sessions.php", _plain_errors(sessions_page), allow_head=False)
    router.add_get(
        f"{prefix}/connect.php/users/{{user_id}}/sessions",
        _plain_errors(list_sessions),
        allow_head=False,
    )
    router.add_get(f"{prefix}/download.php", _plain_errors(download))
    router.add_delete(f"{prefix}/connect.php/sessions/{{id}}", _plain_errors(remove_session))
    router.add_get(
        f"{prefix}/connect.php/users/{{user_id}}/api/purchasedDevices",
        _plain_errors(purchased_devices),
        allow_head=False,
    )


def route_table(app: web.Application, prefix: str) -> set[tuple[str, str]]:
    """(method, path template below `prefix`) of every portal route, to compare with the
    spec (spec/e4connect/routes.yaml), as app.route_table does for /api."""
    table: set[tuple[str, str]] = set()
    for route in app.router.routes():
        path = route.resource.canonical if route.resource is not None else ""
        if route.method != "HEAD" and path.startswith(f"{prefix}/"):
            table.add((route.method, path[len(prefix) :]))
    return table


def _state(request: web.Request) -> E4State:
    return request.app[E4_KEY]


def _caller(request: web.Request) -> E4Account:
    account = _state(request).account_of_cookie(request.cookies.get(COOKIE))
    if account is None:
        raise PortalError(401, "Unauthorized: log in first")
    return account


def _own_user(request: web.Request) -> E4Account:
    """The caller, who must be the user named in the path."""
    account = _caller(request)
    if request.match_info["user_id"] != str(account.user_id):
        raise PortalError(403, "Forbidden")
    return account


def _number(text: str | None, name: str, status: int = 400) -> int:
    if text is None or not _DIGITS.fullmatch(text):
        raise PortalError(status, f"{name}: expected a number")
    return int(text)


def _json(value: object) -> web.Response:
    return web.Response(text=e4.dumps(value), content_type="application/json")


async def authenticate(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    fields = {k: v for k in ("username", "password") if isinstance(v := form.get(k), str)}
    try:
        credentials = e4.structure(fields, e4.Credentials)
    except e4.DecodeError:
        raise PortalError(401, "Wrong e-mail or password") from None
    state = _state(request)
    account = state.check_login(credentials.username, credentials.password)
    if account is None:
        log.info("e4 login refused")
        raise PortalError(401, "Wrong e-mail or password")
    answer = web.Response(text=LOGGED_IN_PAGE, content_type="text/html")
    answer.set_cookie(
        COOKIE,
        state.logins.open(account.user_id),
        path=state.prefix,
        max_age=math.ceil(state.logins.lifetime),  # Max-Age=0 would drop it at once
        httponly=True,
        samesite="Lax",
    )
    log.info("e4 login: user %d", account.user_id)
    return answer


async def sessions_page(request: web.Request) -> web.StreamResponse:
    account = _caller(request)
    page = SESSIONS_PAGE.replace("{user_id}", str(account.user_id))
    return web.Response(text=page, content_type="text/html")


async def list_sessions(request: web.Request) -> web.StreamResponse:
    account = _own_user(request)
    first = request.query.get("from")
    last = request.query.get("to")
    sessions = account.sessions_between(
        None if first in (None, "") else _number(first, "from"),
        None if last in (None, "") else _number(last, "to"),
    )
    return _json([s.to_wire() for s in sessions])


async def download(request: web.Request) -> web.StreamResponse:
    account = _caller(request)
    session_id = _number(request.query.get("id"), "id")
    record = account.sessions.get(session_id)
    path = None if record is None else await _state(request).zip_for(record)
    if path is None:
        raise PortalError(404, "No such session")
    headers = {
        "Content-Type": "application/zip",
        "Content-Disposition": f'attachment; filename="{session_id}.zip"',
    }
    return ExportFileResponse(path, headers=headers)


async def remove_session(request: web.Request) -> web.StreamResponse:
    account = _caller(request)
    session_id = _number(request.match_info["id"], "id", status=404)
    if not _state(request).remove(account, session_id):
        raise PortalError(404, "No such session")
    return web.Response(text="true", content_type="application/json")


async def purchased_devices(request: web.Request) -> web.StreamResponse:
    return _json(_own_user(request).devices)
