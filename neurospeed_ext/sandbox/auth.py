"""Who is calling: the bearer token checked against the live accounts.

Isolation rests here: a user token sees its own user only, a customer token its own
users only. Anything unknown or foreign answers 404, so ids of other customers leak
nothing; a user token on a customer-only route answers 403.
"""

from __future__ import annotations

import attrs
from aiohttp import web

from .errors import UNAUTHORIZED, ApiError
from .records import CustomerRecord, UserRecord
from .state import STATE_KEY, SandboxState
from .tokens import InvalidToken


@attrs.frozen
class Principal:
    customer: CustomerRecord
    user: UserRecord | None = None
    """Set for a user token; None for a customer token."""


def state_of(request: web.Request) -> SandboxState:
    return request.app[STATE_KEY]


def authenticate(request: web.Request) -> Principal:
    """The caller of a bearer-token request; 401 "Unauthorized" when the token is not good."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, UNAUTHORIZED)
    principal = principal_of_token(state_of(request), token.strip())
    if principal is None:
        raise ApiError(401, UNAUTHORIZED)
    return principal


def principal_of_token(state: SandboxState, token: str) -> Principal | None:
    """Whose access token this is; None when it is not genuine, expired or its account gone.

    Shared by REST (bearer header) and the Socket.IO paths (jwt_token header or query).
    """
    try:
        claims = state.tokens.verify(token, "access")
    except InvalidToken:
        return None
    customer = state.customers.get(claims.customer_id)
    if customer is None:
        return None
    if claims.scope == "customer":
        return Principal(customer) if claims.subject == customer.id else None
    user = customer.users.get(claims.subject)
    return None if user is None else Principal(customer, user)


def require_customer(request: web.Request) -> CustomerRecord:
    """The calling customer; a user token answers 403."""
    principal = authenticate(request)
    if principal.user is not None:
        raise ApiError(403, "Forbidden: this route needs a customer token")
    return principal.customer


def user_of_customer(customer: CustomerRecord, username: str) -> UserRecord:
    user = customer.user_named(username)
    if user is None:
        raise ApiError(404, f"user {username!r} not found")
    return user


def require_recordings(customer: CustomerRecord) -> None:
    if not customer.access.recordings:
        raise ApiError(403, "Forbidden: the account has no recordings access")
