"""Recorder routes (PROTOCOL 4.1); customer tokens only."""

from __future__ import annotations

from aiohttp import web

import neurospeed_api as ns

from .auth import require_customer, require_recordings, state_of, user_of_customer
from .errors import ApiError
from .recorders import create_recorder, delete_recorder, update_recorder
from .records import CustomerRecord, RecorderRecord
from .state import SandboxState
from .views import recorder_model
from .wire import path_int, pick_page, query_int, read_form, read_json, reply

routes = web.RouteTableDef()


def recordings_customer(request: web.Request) -> CustomerRecord:
    customer = require_customer(request)
    require_recordings(customer)
    return customer


def recorder_of(state: SandboxState, customer: CustomerRecord, recorder_id: int) -> RecorderRecord:
    """The recorder if one of the customer's users owns it; 404 otherwise."""
    recorder = state.recorders.get(recorder_id)
    if recorder is None or recorder.user.customer_id != customer.id:
        raise ApiError(404, f"recorder {recorder_id} not found")
    return recorder


@routes.post("/api/gateway/recorder")
async def create(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    body = await read_json(request, ns.RecorderCreateRequest)
    user = user_of_customer(customer, body.username)
    recorder = create_recorder(state_of(request), user, body.recorder_name)
    return reply(recorder_model(recorder), status=201)


@routes.get("/api/gateway/recorder/{id:\\d+}", allow_head=False)
async def get(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    recorder = recorder_of(state_of(request), customer, path_int(request, "id"))
    return reply(recorder_model(recorder))


@routes.put("/api/gateway/recorder")
async def update(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    state = state_of(request)
    recorder = recorder_of(state, customer, query_int(request, "id"))
    body = await read_form(request, ns.RecorderUpdateRequest)
    update_recorder(state, recorder, body.status)
    return reply(recorder_model(recorder))


@routes.post("/api/gateway/recorder/list")
async def list_recorders(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    body = await read_json(request, ns.RecorderListRequest)
    recorders = [
        r for r in state_of(request).recorders.values() if r.user.customer_id == customer.id
    ]
    if body.filters.username is not None:
        user = user_of_customer(customer, body.filters.username)
        recorders = [r for r in recorders if r.user is user]
    page = pick_page(sorted(recorders, key=lambda r: r.id), body.pager)
    return reply(
        ns.RecorderList(pager=ns.RecorderListPage(items=[recorder_model(r) for r in page]))
    )


@routes.delete("/api/gateway/recorder")
async def delete(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    state = state_of(request)
    recorder = recorder_of(state, customer, query_int(request, "recorder_id"))
    delete_recorder(state, recorder)
    return reply(recorder_model(recorder))
