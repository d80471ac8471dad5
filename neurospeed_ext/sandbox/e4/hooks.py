"""`POST /__sandbox__/e4/sessions`: many large portal sessions at once, for benchmarks.

Documented with the other hooks in ../hooks.py. Answers JSON errors like them.
"""

from __future__ import annotations

from aiohttp import web

from ..errors import ApiError
from ..hooks import HOOKS
from ..wire import json_body, reply
from .state import E4_KEY

MAX_COUNT = 10_000
MAX_SIZE = 1 << 30
"""The shared ZIP is stored uncompressed and kept under ZIP64 sizes."""

routes = web.RouteTableDef()


@routes.post(f"{HOOKS}/e4/sessions")
async def add_sessions(request: web.Request) -> web.Response:
    data = await json_body(request)
    if not isinstance(data, dict):
        raise ApiError(400, "expected {email, count, size_bytes}")
    email, count, size = data.get("email"), data.get("count", 1), data.get("size_bytes")
    if not isinstance(email, str):
        raise ApiError(400, "email: expected a string")
    if type(count) is not int or not 1 <= count <= MAX_COUNT:
        raise ApiError(400, f"count: expected an integer from 1 to {MAX_COUNT}")
    if type(size) is not int or not 1 <= size <= MAX_SIZE:
        raise ApiError(400, f"size_bytes: expected an integer from 1 to {MAX_SIZE}")
    state = request.app[E4_KEY]
    account = state.account_by_email(email)
    if account is None:
        raise ApiError(404, f"E4 account {email!r} not found")
    ids, file_size = await state.add_bulk(account, count, size)
    return reply({"ids": ids, "file_size": file_size}, status=201)
