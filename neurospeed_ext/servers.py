"""Where to connect: one server description from a name, a URL or the manual's api_config.

Every hand-written entry point (the facade, the manual's classes, the command line)
accepts the same forms, so a script can be pointed at the sandbox without edits:

- a named server of the spec (`"production"`, `"test"`, `"local"`);
- a base URL such as `"http://127.0.0.1:3000"` (REST under `/api`, Socket.IO at the
  same origin, `ws`/`wss` for `http`/`https`);
- the published package's `api_config` dict `{"api_address", "pipeline_address"}`;
- an `ns.Server`;
- nothing, which means `$NEUROSPEED_SERVER` when set, else production.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neurospeed_api as ns

SERVER_ENV = "NEUROSPEED_SERVER"
"""Environment variable naming the default server (a name or a base URL)."""


_SOCKET_SCHEMES = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}
_HTTP_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


class ServerArgumentError(ValueError):
    """A server argument that names no known server and is no usable URL."""


def resolve_server(server: str | ns.Server | Mapping[str, Any] | None = None) -> ns.Server:
    """The server a caller means; see the module docstring for the accepted forms."""
    if server is None:
        server = os.environ.get(SERVER_ENV) or "production"
    if isinstance(server, ns.Server):
        return server
    if isinstance(server, Mapping):
        return _from_api_config(server)
    if not isinstance(server, str):
        raise ServerArgumentError(
            f"server: expected a name, a URL or an api_config dict, got {server!r}"
        )
    named = ns.SERVERS.get(server)
    if named is not None:
        return named
    return _from_url(server)


def _from_url(url: str) -> ns.Server:
    parts = urlsplit(url.strip())
    if parts.scheme not in _SOCKET_SCHEMES or not parts.netloc:
        names = ", ".join(sorted(ns.SERVERS))
        raise ServerArgumentError(
            f"server: {url!r} is neither a named server ({names}) nor an http(s) URL"
        )
    path = parts.path.rstrip("/")
    if path.endswith("/api"):
        path = path[: -len("/api")]
    origin = parts._replace(path=path, query="", fragment="")
    http = urlunsplit(origin._replace(scheme=_HTTP_SCHEMES[parts.scheme])) + "/api"
    socket = urlunsplit(origin._replace(scheme=_SOCKET_SCHEMES[parts.scheme], path=""))
    return ns.Server(name=url, http=http, socket=socket)


def _from_api_config(config: Mapping[str, Any]) -> ns.Server:
    address = config.get("api_address")
    if not isinstance(address, str):
        raise ServerArgumentError("api_config: 'api_address' must be the cloud's base URL")
    server = _from_url(address)
    pipeline = config.get("pipeline_address")
    if pipeline is None:
        return server
    if not isinstance(pipeline, str) or urlsplit(pipeline).scheme not in _SOCKET_SCHEMES:
        raise ServerArgumentError(
            "api_config: 'pipeline_address' must be a ws(s):// or http(s):// URL"
        )
    return ns.Server(name=address, http=server.http, socket=pipeline.rstrip("/"))


def is_loopback(url: str) -> bool:
    """True for a URL on this machine (the sandbox), where short polls suit."""
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")
