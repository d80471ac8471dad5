"""Every error answers JSON `{"message": ...}`; nothing a handler raises stops the server."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiohttp import web
from aiohttp.typedefs import Handler

import neurospeed_api as ns

log = logging.getLogger(__name__)

UNAUTHORIZED = "Unauthorized"
"""The exact message clients take as "refresh the token and repeat" (PROTOCOL 2)."""


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route handler."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> web.Response:
    body = ns.dumps(ns.ErrorBody(message=message))
    return web.Response(status=status, text=body, content_type="application/json", headers=headers)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """ApiError and aiohttp's HTTP errors (404, 405, 413) as JSON; anything else a 500."""
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc.status, exc.message, exc.headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
        return error_response(exc.status, _http_message(exc), headers)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "Internal server error")


def _http_message(exc: web.HTTPException) -> str:
    text = (exc.text or "").strip()
    if not text or text.startswith(f"{exc.status}:"):
        return exc.reason
    return text
