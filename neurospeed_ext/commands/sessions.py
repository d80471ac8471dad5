"""Logging in for a command: credentials in, a facade session out, failures made clear."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .credentials import customer_credentials, user_credentials
from .failures import CommandError

if TYPE_CHECKING:
    import neurospeed_api as ns

    from ..facade import CustomerSession, NeuroSpeed, UserSession


def customer_session(args: argparse.Namespace) -> CustomerSession:
    """Log in as the customer the flags, environment or config name; close it after use."""
    import neurospeed_api as ns

    credentials = customer_credentials(args)
    cloud = _cloud(credentials.server)
    try:
        return cloud.customer(credentials.email, credentials.password)
    except ns.ApiError as exc:
        raise CommandError(
            f"customer login as {credentials.email} on {cloud.server.http} failed: {_reason(exc)}"
        ) from exc


def user_session(args: argparse.Namespace) -> UserSession:
    """Log in as the user the flags, environment or config name; close it after use."""
    import neurospeed_api as ns

    credentials = user_credentials(args)
    cloud = _cloud(credentials.server)
    try:
        return cloud.user(credentials.account_id, credentials.username, credentials.password)
    except ns.ApiError as exc:
        raise CommandError(
            f"user login as {credentials.username} of account {credentials.account_id}"
            f" on {cloud.server.http} failed: {_reason(exc)}"
        ) from exc


def _reason(exc: ns.ApiError) -> str:
    return exc.message if exc.status is None else f"HTTP {exc.status}, {exc.message}"


def _cloud(server: str | Mapping[str, Any]) -> NeuroSpeed:
    from ..facade import NeuroSpeed
    from ..servers import ServerArgumentError
    from .failures import UsageError

    try:
        return NeuroSpeed(server)
    except ServerArgumentError as exc:
        raise UsageError(str(exc)) from None
