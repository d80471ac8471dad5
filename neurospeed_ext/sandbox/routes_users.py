"""Users of a customer (PROTOCOL 4.3): get by name, create, modify, delete, list."""

from __future__ import annotations

import logging
import re

from aiohttp import web

import neurospeed_api as ns

from .auth import authenticate, require_customer, state_of
from .errors import ApiError
from .exports import delete_exporter
from .passwords import MIN_USER_PASSWORD, hash_password
from .recorders import delete_recorder
from .records import CustomerRecord, UserRecord, utc_now
from .state import SandboxState
from .views import user_model
from .wire import pick_page, query_int, read_form, read_json, reply

log = logging.getLogger(__name__)

routes = web.RouteTableDef()

USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,100}")
"""Names travel in URL paths (GET /users/{username}), so they stay URL-safe."""


def _check_new_credentials(
    customer: CustomerRecord, username: str, password: str, user_id: int | None
) -> None:
    if not USERNAME.fullmatch(username):
        raise ApiError(400, "username: 1 to 100 letters, digits or _ . @ + -")
    if len(password) < MIN_USER_PASSWORD:
        raise ApiError(400, f"password: at least {MIN_USER_PASSWORD} characters")
    existing = customer.user_named(username)
    if existing is not None and existing.id != user_id:
        raise ApiError(409, f"user {username!r} already exists")


def _user_by_id(customer: CustomerRecord, user_id: int) -> UserRecord:
    user = customer.users.get(user_id)
    if user is None:
        raise ApiError(404, f"user {user_id} not found")
    return user


def remove_user(state: SandboxState, user: UserRecord) -> None:
    """Delete a user with their recorders, exporters (files included) and packets."""
    for exporter in [e for e in state.exporters.values() if e.user is user]:
        delete_exporter(state, exporter)
    for recorder in [r for r in state.recorders.values() if r.user is user]:
        delete_recorder(state, recorder)
    state.forget_user(user)
    log.info("user %d deleted", user.id)


@routes.get("/api/users/{username}", allow_head=False)
async def get_user(request: web.Request) -> web.Response:
    principal = authenticate(request)
    username = request.match_info["username"]
    if principal.user is not None:
        if principal.user.username != username:
            raise ApiError(403, "Forbidden: a user token reads its own user only")
        return reply(user_model(principal.user))
    user = principal.customer.user_named(username)
    if user is None:
        raise ApiError(404, f"user {username!r} not found")
    return reply(user_model(user))


@routes.post("/api/users")
async def create_user(request: web.Request) -> web.Response:
    customer = require_customer(request)
    body = await read_json(request, ns.UserCreateRequest)
    _check_new_credentials(customer, body.username, body.password, None)
    user = state_of(request).add_user(customer, body.username, body.password)
    log.info("user %d created", user.id)
    return reply(user_model(user), status=201)


@routes.put("/api/users")
async def modify_user(request: web.Request) -> web.Response:
    customer = require_customer(request)
    user = _user_by_id(customer, query_int(request, "id"))
    body = await read_form(request, ns.UserModifyRequest)
    _check_new_credentials(customer, body.username, body.password, user.id)
    user.username = body.username
    user.password_hash = hash_password(body.password)
    user.updated_at = utc_now()
    return reply(user_model(user))


@routes.delete("/api/users")
async def delete_user(request: web.Request) -> web.Response:
    customer = require_customer(request)
    user = _user_by_id(customer, query_int(request, "id"))
    remove_user(state_of(request), user)
    return reply(True)


@routes.post("/api/users/list")
async def list_users(request: web.Request) -> web.Response:
    customer = require_customer(request)
    body = await read_json(request, ns.ListRequest)
    users = sorted(customer.users.values(), key=lambda u: u.id)
    wanted = body.filters.get("username")
    if wanted is not None:
        users = [u for u in users if u.username == wanted]
    page = pick_page(users, body.pager)
    return reply(ns.UserList(pager=ns.UserListPage(items=[user_model(u) for u in page])))
