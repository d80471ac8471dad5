"""Typed failures of the e4client surface; each keeps the generated client's error as cause."""

from __future__ import annotations


class E4Error(Exception):
    """A call to E4 Connect that did not succeed; `status` is the HTTP status (None: none)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AuthenticationError(E4Error):
    """Wrong e-mail or password, no login yet, or a session the portal has expired."""


class ProtocolError(E4Error):
    """The portal answered something this client cannot read (e.g. a page without the user
    id): its pages changed, or the URL is not E4 Connect."""


class SessionNotFoundError(E4Error):
    """No such session in this account (or it was removed)."""


class DownloadError(E4Error):
    """A session's ZIP could not be downloaded completely (nothing is left under its name)."""


class UnsafeArchiveError(E4Error):
    """A session ZIP whose extraction would write outside its folder or beyond the limits."""
