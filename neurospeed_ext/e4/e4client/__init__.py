"""The published e4client import path: `from e4client import E4Connect` (neurospeed_ext.e4)."""

from __future__ import annotations

from neurospeed_ext.e4 import (
    AuthenticationError,
    DownloadError,
    E4Connect,
    E4Error,
    ProtocolError,
    SessionNotFoundError,
)

__all__ = [
    "AuthenticationError",
    "DownloadError",
    "E4Connect",
    "E4Error",
    "ProtocolError",
    "SessionNotFoundError",
]
