"""E4 Connect: the published e4client's surface over the generated e4connect_api client.

`E4Connect(user, pwd)` logs in and offers e4client's calls (typed errors, streamed
downloads, a `user_id()` method that works); `extract_session` unpacks a session ZIP
safely. The command line is `neurospeed e4` (also installed as `e4client`).
"""

from __future__ import annotations

from .archive import extract_session
from .connect import E4Connect
from .errors import (
    AuthenticationError,
    DownloadError,
    E4Error,
    ProtocolError,
    SessionNotFoundError,
    UnsafeArchiveError,
)
from .servers import SERVER_ENV, resolve_e4_server

__all__ = [
    "SERVER_ENV",
    "AuthenticationError",
    "DownloadError",
    "E4Connect",
    "E4Error",
    "ProtocolError",
    "SessionNotFoundError",
    "UnsafeArchiveError",
    "extract_session",
    "resolve_e4_server",
]
