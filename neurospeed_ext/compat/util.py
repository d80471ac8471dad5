"""The published package's helpers: config files, generated ids, the server addresses."""

from __future__ import annotations

import json
import os
import secrets
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import neurospeed_api as ns

from ..servers import resolve_server

PROD_API_CONFIG: dict[str, str] = {
    "api_address": "https://api.neurospeed.io",
    "pipeline_address": "wss://api.neurospeed.io",
}
"""The production cloud in the published `api_config` form."""

_ID_ALPHABET = string.ascii_uppercase + string.digits

ApiConfigArgument = str | ns.Server | Mapping[str, Any] | None
"""What every compat class takes as `api_config`: see `neurospeed_ext.servers`."""


class UtilService:
    """Static helpers, named as in the manual (section 3.5)."""

    @staticmethod
    def load_config_file(config_path: str | os.PathLike[str]) -> dict[str, Any]:
        """The JSON object stored in `config_path` (credentials, as in the manual).

        FileNotFoundError or ValueError naming the file; the file's text is never shown,
        as it usually holds a password.
        """
        path = Path(config_path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileNotFoundError(f"config file not found: {path}") from None
        try:
            config = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"config file {path}: not valid JSON (line {exc.lineno}, column {exc.colno}:"
                f" {exc.msg})"
            ) from None
        if not isinstance(config, dict):
            raise ValueError(
                f"config file {path}: expected a JSON object, got {type(config).__name__}"
            )
        return config

    @staticmethod
    def generateId(id_length: int) -> str:
        """A random id of upper-case letters and digits, e.g. for stream ids."""
        if id_length < 1:
            raise ValueError(f"id_length must be positive, got {id_length}")
        return "".join(secrets.choice(_ID_ALPHABET) for _ in range(id_length))


class ApiConfig:
    """The published `ApiConfig`: the REST and Socket.IO addresses of one server."""

    def __init__(self, api_config: ApiConfigArgument = None) -> None:
        self.server = resolve_server(api_config)

    def get_http_url(self) -> str:
        """The server's base URL, without the `/api` suffix (as the published one)."""
        http = self.server.http
        return http[: -len("/api")] if http.endswith("/api") else http

    def get_socket_url(self) -> str:
        if self.server.socket is None:
            raise ValueError(f"server {self.server.name!r} has no Socket.IO address")
        return self.server.socket

    def __repr__(self) -> str:
        return f"ApiConfig({self.server.http!r})"
