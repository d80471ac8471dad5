"""Which E4 Connect portal to talk to: a named server of the spec, a URL, or $E4_SERVER."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import e4connect_api as e4

SERVER_ENV = "E4_SERVER"
"""Environment variable naming the portal (a server name or a base URL ending in /connect)."""


def resolve_e4_server(server: str | None = None) -> str:
    """The portal's base URL: `server`, else $E4_SERVER, else the production portal."""
    chosen = server or os.environ.get(SERVER_ENV) or "production"
    named = e4.SERVERS.get(chosen)
    if named is not None:
        return named.http
    parts = urlsplit(chosen.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        names = ", ".join(sorted(e4.SERVERS))
        raise ValueError(f"E4 server: {chosen!r} is neither a named server ({names}) nor a URL")
    return chosen.strip().rstrip("/")
