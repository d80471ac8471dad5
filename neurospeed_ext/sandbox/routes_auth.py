"""Customer login, user login and token refresh (PROTOCOL 2)."""

from __future__ import annotations

import logging

from aiohttp import web

import neurospeed_api as ns

from .auth import state_of
from .errors import ApiError
from .passwords import check_password
from .state import SandboxState
from .tokens import InvalidToken, Scope
from .wire import read_json, reply

log = logging.getLogger(__name__)

routes = web.RouteTableDef()

INVALID_REFRESH = "Invalid refresh token"
"""Deliberately not "Unauthorized": clients would answer that with another refresh."""


def issue_tokens(
    state: SandboxState, scope: Scope, subject: int, customer_id: int
) -> ns.TokenEnvelope:
    settings = state.settings
    access = state.tokens.issue(scope, subject, customer_id, "access", settings.token_lifetime)
    refresh = state.tokens.issue(scope, subject, customer_id, "refresh", settings.refresh_lifetime)
    return ns.TokenEnvelope(token=ns.Token(access_token=access, refresh_token=refresh))


@routes.post("/api/auth/login")
async def customer_login(request: web.Request) -> web.Response:
    state = state_of(request)
    body = await read_json(request, ns.CustomerLoginRequest)
    customer = state.customer_by_email(body.email)
    if customer is None or not check_password(customer.password_hash, body.password):
        log.info("customer login refused")
        raise ApiError(401, "Invalid email or password")
    log.info("customer %d logged in", customer.id)
    return reply(issue_tokens(state, "customer", customer.id, customer.id))


@routes.post("/api/users/login")
async def user_login(request: web.Request) -> web.Response:
    state = state_of(request)
    body = await read_json(request, ns.UserLoginRequest)
    customer = state.customer_by_account(body.account_id)
    user = customer.user_named(body.username) if customer is not None else None
    if customer is None or user is None or not check_password(user.password_hash, body.password):
        log.info("user login refused")
        raise ApiError(401, "Invalid account id, username or password")
    log.info("user %d logged in", user.id)
    return reply(issue_tokens(state, "user", user.id, customer.id))


@routes.post("/api/auth/refresh_token")
async def refresh(request: web.Request) -> web.Response:
    state = state_of(request)
    body = await read_json(request, ns.RefreshTokenRequest)
    try:
        claims = state.tokens.verify(body.refresh_token, "refresh")
    except InvalidToken:
        raise ApiError(401, INVALID_REFRESH) from None
    customer = state.customers.get(claims.customer_id)
    alive = customer is not None and (
        claims.subject == customer.id
        if claims.scope == "customer"
        else claims.subject in customer.users
    )
    if not alive:
        raise ApiError(401, INVALID_REFRESH)
    return reply(issue_tokens(state, claims.scope, claims.subject, claims.customer_id))
