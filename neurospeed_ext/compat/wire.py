"""Shared plumbing of the manual's handlers: wire-form dicts, ids, dates, clients.

The manual's callers index results as dicts (`recorder["status"]`, `payload["data"]`),
so models are handed out in their wire form (`ns.unstructure`: wire names, values as
JSON has them). A declared field the server left out or sent as null reads as None, as
it did from the published package's raw JSON (`recorder["minimum_timestamp"]`).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any, SupportsIndex

import attrs

import neurospeed_api as ns

from ..servers import resolve_server
from .auth import AuthHandler
from .errors import NotLoggedInError
from .util import ApiConfigArgument

log = logging.getLogger(__name__)


class WireDict(dict[str, Any]):
    """A model's wire-form dict in which its declared but absent fields read as None."""

    declared: frozenset[str] = frozenset()

    def __missing__(self, key: str) -> None:
        if key in self.declared:
            return None
        raise KeyError(key)


def to_wire(model: object) -> dict[str, Any]:
    """A model as the dict the cloud sent (wire names, JSON values)."""
    data = ns.unstructure(model)
    if not isinstance(data, dict):
        raise TypeError(f"{type(model).__name__} does not unstructure to a dict")
    return _with_declared(model, data)


def _with_declared(model: object, data: dict[str, Any]) -> WireDict:
    out = WireDict(data)
    kind = type(model)
    if not attrs.has(kind):
        return out
    fields = attrs.fields(kind)
    out.declared = frozenset(f.name for f in fields)
    for field in fields:
        value = getattr(model, field.name)
        nested = out.get(field.name)
        if attrs.has(type(value)) and isinstance(nested, dict):
            out[field.name] = _with_declared(value, nested)
    return out


def as_id(value: object, name: str) -> int:
    """An id given as int or as digits (the manual passes `str(exporter["id"])`)."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an integer id, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"{name} must be an integer id (or its digits), not {value!r}")


def as_date(value: datetime.date | str, name: str) -> datetime.date:
    """A date given as a `datetime.date` or as `YYYY-MM-DD` text (the published form)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date or YYYY-MM-DD text, not {value!r}") from None


def pager_dict(items: list[Any]) -> dict[str, Any]:
    """The published handlers' answer shape for one page: `{"pager": {"items": [...]}}`."""
    return {"pager": {"items": [to_wire(item) for item in items]}}


class ExportedUrl(str):
    """A download URL that is also indexable as `["url"]`.

    The manual passes `get_exporter_url(...)` straight to `urllib.request.urlretrieve`;
    the published macros read `get_exported_url(...)["url"]`. Both work with this.
    """

    __slots__ = ()

    @property
    def url(self) -> str:
        return str(self)

    def __getitem__(self, key: SupportsIndex | slice | str) -> str:
        if isinstance(key, str):
            if key == "url":
                return str(self)
            raise KeyError(key)
        return str(self)[key]


def server_for(auth: AuthHandler, api_config: ApiConfigArgument) -> ns.Server:
    """The server a handler talks to: its own `api_config`, else its auth handler's."""
    return auth.server if api_config is None else resolve_server(api_config)


def client_for(auth: AuthHandler, api_config: ApiConfigArgument) -> ns.Client:
    """The auth handler's client; a different `api_config` is logged, the tokens decide."""
    if api_config is not None:
        wanted = resolve_server(api_config).http
        if wanted.rstrip("/") != auth.client.base_url.rstrip("/"):
            log.warning(
                "api_config names %s but %r logged in to %s; using the latter",
                wanted,
                auth,
                auth.client.base_url,
            )
    return auth.client


def require_login(auth: AuthHandler, what: str) -> None:
    """Sockets need a token at connect; say so instead of letting the server refuse."""
    if auth.get_access_token() is None:
        raise NotLoggedInError(f"{what}: log in first ({type(auth).__name__}.login())")
