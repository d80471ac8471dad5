"""The generated client's errors, as the e4client surface's typed errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import e4connect_api as e4

from .errors import (
    AuthenticationError,
    DownloadError,
    E4Error,
    ProtocolError,
    SessionNotFoundError,
)


def as_e4_error(action: str, exc: e4.ApiError) -> E4Error:
    """The typed error of a failed `action` ("list sessions", ...)."""
    if isinstance(exc, e4.AuthenticationError):
        message = f"{action}: not logged in, or the session expired (log in again)"
        return AuthenticationError(f"{message}: {exc.message}", status=exc.status)
    if isinstance(exc, e4.ResponseDecodeError):
        message = f"{action}: the portal's answer is not what E4 Connect sends"
        return ProtocolError(f"{message}: {exc.message}", status=exc.status)
    if isinstance(exc, e4.NotFoundError):
        return SessionNotFoundError(f"{action}: not found: {exc.message}", status=exc.status)
    if isinstance(exc, e4.IncompleteAnswerError):
        return DownloadError(f"{action}: {exc.message}", status=exc.status)
    return E4Error(f"{action}: {exc}", status=exc.status)


@contextlib.contextmanager
def translated(action: str) -> Iterator[None]:
    """Raise generated-client errors as E4Error subclasses, the original as the cause."""
    try:
        yield
    except e4.ApiError as exc:
        raise as_e4_error(action, exc) from exc
