"""Reading requests into generated models and writing answers from them.

Bodies go through `ns.structure`, so the sandbox accepts exactly what the spec says; a
DecodeError answers 400 naming every bad field.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn, TypeVar

from aiohttp import web

import neurospeed_api as ns

from .errors import ApiError

T = TypeVar("T")


def reply(value: Any, status: int = 200) -> web.Response:
    """A JSON answer; models are unstructured to their wire names."""
    return web.Response(status=status, text=ns.dumps(value), content_type="application/json")


async def json_body(request: web.Request) -> Any:
    """The parsed JSON body (413 past the size limit, 400 when it is not JSON)."""
    raw = await request.read()
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except ValueError as exc:
        raise ApiError(400, f"invalid JSON body: {exc}") from None


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


async def read_json(request: web.Request, model: type[T]) -> T:
    """A JSON body as `model`."""
    return decode(await json_body(request), model)


async def read_form(request: web.Request, model: type[T]) -> T:
    """A form-urlencoded body (PUT, PROTOCOL 3) as `model`; a JSON body is taken too."""
    if request.content_type == "application/json":
        return await read_json(request, model)
    form = await request.post()
    data = {key: value for key, value in form.items() if isinstance(value, str)}
    return decode(data, model)


def decode(data: Any, model: type[T]) -> T:
    try:
        return ns.structure(data, model)
    except ns.DecodeError as exc:
        raise ApiError(400, "; ".join(str(p) for p in exc.problems)) from None


def query_int(request: web.Request, name: str) -> int:
    """A required integer query parameter (ids of PUT and DELETE)."""
    value = query_optional_int(request, name)
    if value is None:
        raise ApiError(400, f"{name}: required query parameter is missing")
    return value


def query_optional_int(request: web.Request, name: str) -> int | None:
    text = request.query.get(name)
    if text is None or text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise ApiError(400, f"{name}: expected an integer, got {text!r}") from None


def path_int(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except (KeyError, ValueError):
        raise ApiError(404, "Not Found") from None


def pick_page(items: list[T], pager: ns.PageRequest) -> list[T]:
    """One page of `items`; pages count from 1."""
    if pager.page_number < 1 or pager.page_size < 1:
        raise ApiError(400, "pager: page_number and page_size must be at least 1")
    start = (pager.page_number - 1) * pager.page_size
    return items[start : start + pager.page_size]
