"""Signed, expiring download URLs for exported files, served without Authorization.

The URL carries the exporter id, the file name, an expiry (epoch milliseconds) and an
HMAC over the three; an expired or altered URL answers 403. The file is streamed from
disk by aiohttp's FileResponse, which answers Range requests and sends Content-Length
(through ExportFileResponse, so that a cut-off fault can replay it: see cutoff.py).
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from aiohttp import web

from .auth import state_of
from .cutoff import ExportFileResponse
from .errors import ApiError
from .exports import download_name
from .records import ExporterRecord
from .state import SandboxState

DOWNLOAD_PATH = "/downloads/exports/{exporter_id}/{name}"

routes = web.RouteTableDef()


def signed_url(request: web.Request, state: SandboxState, exporter: ExporterRecord) -> str:
    """An absolute URL on the host the client used, valid for download_url_lifetime."""
    expires = state.tokens.now() + state.settings.download_url_lifetime
    return f"{request.url.origin()}{signed_path(state, exporter, expires)}"


def signed_path(state: SandboxState, exporter: ExporterRecord, expires: float) -> str:
    """Path and query of a download link valid until `expires` (epoch seconds); tests
    make links that have already expired with it, instead of waiting for one to."""
    name = download_name(exporter)
    expires_ms = int(expires * 1000)
    signature = state.tokens.sign(_message(exporter.id, name, expires_ms))
    path = f"/downloads/exports/{exporter.id}/{quote(name)}"
    return f"{path}?expires={expires_ms}&signature={signature}"


def _message(exporter_id: int, name: str, expires: int) -> str:
    return f"download\n{exporter_id}\n{name}\n{expires}"


@routes.get(DOWNLOAD_PATH)
async def download(request: web.Request) -> web.StreamResponse:
    state = state_of(request)
    name = request.match_info["name"]
    try:
        exporter_id = int(request.match_info["exporter_id"])
        expires = int(request.query.get("expires", ""))
    except ValueError:
        raise ApiError(403, "Forbidden: invalid download link") from None
    expected = state.tokens.sign(_message(exporter_id, name, expires))
    if not hmac.compare_digest(expected, request.query.get("signature", "")):
        raise ApiError(403, "Forbidden: invalid download link")
    if expires <= state.tokens.now() * 1000:
        raise ApiError(403, "Forbidden: the download link has expired")
    exporter = state.exporters.get(exporter_id)
    if exporter is None or exporter.path is None or not exporter.path.is_file():
        raise ApiError(404, "the exported file no longer exists")
    headers = {
        "Content-Type": "text/csv",
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    return ExportFileResponse(exporter.path, headers=headers)
