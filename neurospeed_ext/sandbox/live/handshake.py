"""Who is connecting: the jwt_token, username and other connect parameters of a socket.

Every refusal raises socketio's ConnectionRefusedError with a message for the client
(it arrives as `connect_error`); messages name the parameter at fault and never echo a
token. Header names contain underscores (`jwt_token`), so they are read from the raw
aiohttp request that engineio keeps in the environ, not from a rewritten CGI key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn
from urllib.parse import parse_qs

from socketio.exceptions import ConnectionRefusedError as Refused

from ..auth import Principal, principal_of_token
from ..records import CustomerRecord, UserRecord
from ..state import SandboxState

Environ = Mapping[str, Any]


def refuse(message: str) -> NoReturn:
    raise Refused(message)


def header(environ: Environ, name: str) -> str | None:
    """A request header of the connect request, None when absent or blank."""
    request = environ.get("aiohttp.request")
    if request is not None:
        value = request.headers.get(name)
    else:
        value = environ.get("HTTP_" + name.upper().replace("-", "_"))
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def query(environ: Environ, name: str) -> str | None:
    """A query parameter of the connect URL, None when absent or blank."""
    values = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=False).get(name)
    return values[-1].strip() if values and values[-1].strip() else None


def required_header(environ: Environ, name: str) -> str:
    value = header(environ, name)
    if value is None:
        refuse(f"{name}: missing header")
    return value


def caller(state: SandboxState, token: str | None, carried_in: str) -> Principal:
    """The owner of a connect's access token; `carried_in` says where it was looked for."""
    if token is None:
        refuse(f"jwt_token: missing ({carried_in})")
    principal = principal_of_token(state, token)
    if principal is None:
        refuse("jwt_token: not a valid access token (malformed, expired or not issued here)")
    return principal


def user_caller(
    state: SandboxState, token: str | None, carried_in: str
) -> tuple[CustomerRecord, UserRecord]:
    """A user token's owner and their customer; a customer token is refused."""
    principal = caller(state, token, carried_in)
    if principal.user is None:
        refuse("jwt_token: this path needs a user token, got a customer token")
    return principal.customer, principal.user


def customer_caller(state: SandboxState, token: str | None, carried_in: str) -> CustomerRecord:
    """A customer token's owner; a user token is refused."""
    principal = caller(state, token, carried_in)
    if principal.user is not None:
        refuse("jwt_token: this path needs a customer token, got a user token")
    return principal.customer


def named_user(customer: CustomerRecord, username: str | None) -> UserRecord:
    """The customer's user called `username`; users of other customers are unknown."""
    if username is None:
        refuse("username: missing")
    user = customer.user_named(username)
    if user is None:
        refuse(f"username: no user {username!r} in this account")
    return user


def require_raw_data(customer: CustomerRecord) -> None:
    """User rooms carry raw data: the account needs raw-data access (PROTOCOL 4.3)."""
    if not customer.access.raw_data:
        refuse("the account has no raw data access, so user rooms are closed to it")
