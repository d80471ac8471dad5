"""Cut-off answers: the real status and headers, full length announced, then the
connection closes after N body bytes, as a dropped mobile link or a killed proxy would.

Files are served by `ExportFileResponse` (a FileResponse that remembers its path), so a
cut can replay the same answer, Range and all, with the same ETag; aiohttp's sendfile
path offers no place to stop after N bytes. Other answers with a body in memory
(`web.Response`) are cut as they are. The N bytes are read into memory: fine for a test
hook, whose cuts are small.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import os
from pathlib import Path
from typing import IO

from aiohttp import hdrs, web
from aiohttp.typedefs import LooseHeaders
from multidict import CIMultiDict

log = logging.getLogger(__name__)

CHUNK = 256 * 1024


class ExportFileResponse(web.FileResponse):
    """A FileResponse whose path a cut-off fault can read back."""

    def __init__(self, path: Path, headers: LooseHeaders | None = None) -> None:
        super().__init__(path, headers=headers)
        self.source = path


async def cut_answer(
    request: web.Request, response: web.StreamResponse, cut_after: int
) -> web.StreamResponse:
    """`response` sent up to `cut_after` body bytes, then the connection closed."""
    if response.prepared:
        log.warning("cannot cut %s %s: already sent", request.method, request.path)
        return response
    if isinstance(response, ExportFileResponse):
        return await _cut_file(request, response, cut_after)
    if isinstance(response, web.Response) and isinstance(response.body, bytes):
        headers = _copied(response.headers)
        return await _send_cut(request, response.status, headers, response.body, cut_after)
    log.warning("cannot cut %s %s: %s", request.method, request.path, type(response).__name__)
    return response


async def _cut_file(
    request: web.Request, response: ExportFileResponse, cut_after: int
) -> web.StreamResponse:
    """The file as FileResponse would send it (200, or 206 for a satisfiable Range), cut."""
    loop = asyncio.get_running_loop()
    stat = await loop.run_in_executor(None, os.stat, response.source)
    span = _span(request, stat)
    if span is None:  # no range to cut: FileResponse answers 416 (or 200) itself
        return response
    start, count, partial = span
    headers = _copied(response.headers)
    headers[hdrs.ETAG] = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    headers[hdrs.LAST_MODIFIED] = email.utils.formatdate(math.ceil(stat.st_mtime), usegmt=True)
    headers[hdrs.ACCEPT_RANGES] = "bytes"
    if partial:
        headers[hdrs.CONTENT_RANGE] = f"bytes {start}-{start + count - 1}/{stat.st_size}"
    sent = min(count, cut_after)
    body = await loop.run_in_executor(None, _read, response.source, start, sent)
    status = 206 if partial else response.status
    return await _send_cut(request, status, headers, body, cut_after, length=count)


def _span(request: web.Request, stat: os.stat_result) -> tuple[int, int, bool] | None:
    """(start, byte count, partial?) as aiohttp's FileResponse computes them; None for
    a Range it would refuse with 416."""
    if_range = request.if_range
    if if_range is not None and stat.st_mtime > if_range.timestamp():
        return 0, stat.st_size, False
    try:
        wanted = request.http_range
    except ValueError:
        return None
    if wanted.start is None:
        return 0, stat.st_size, False
    start = wanted.start if wanted.start >= 0 else max(stat.st_size + wanted.start, 0)
    stop = stat.st_size if wanted.stop is None else min(wanted.stop, stat.st_size)
    if start >= stat.st_size:
        return None
    return start, stop - start, True


def _read(path: Path, start: int, count: int) -> bytes:
    handle: IO[bytes]
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(count)


async def _send_cut(
    request: web.Request,
    status: int,
    headers: CIMultiDict[str],
    body: bytes,
    cut_after: int,
    *,
    length: int | None = None,
) -> web.StreamResponse:
    headers[hdrs.CONTENT_LENGTH] = str(len(body) if length is None else length)
    answer = web.StreamResponse(status=status, headers=headers)
    await answer.prepare(request)
    sent = body[:cut_after]
    for offset in range(0, len(sent), CHUNK):
        await answer.write(sent[offset : offset + CHUNK])
    log.info("cut %s %s after %d of %s body bytes", request.method, request.path, len(sent), length)
    transport = request.transport
    if transport is not None:
        transport.close()  # sends what is still buffered, then FIN: the client sees a short body
    return answer


def _copied(headers: CIMultiDict[str]) -> CIMultiDict[str]:
    """The headers of an answer not yet sent, less the ones a cut answer sets itself."""
    kept = CIMultiDict(headers)
    for name in (hdrs.CONTENT_LENGTH, hdrs.TRANSFER_ENCODING):
        kept.popall(name, None)
    return kept
