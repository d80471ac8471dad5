"""Exporter routes (PROTOCOL 4.2); customer tokens only. `url` is declared before `{id}`."""

from __future__ import annotations

from aiohttp import web

import neurospeed_api as ns

from .auth import state_of, user_of_customer
from .downloads import signed_url
from .errors import ApiError
from .exports import create_exporter, delete_exporter
from .records import CustomerRecord, ExporterRecord
from .routes_recorder import recorder_of, recordings_customer
from .state import SandboxState
from .views import exporter_model
from .wire import path_int, pick_page, query_int, read_json, reply

routes = web.RouteTableDef()


def exporter_of(state: SandboxState, customer: CustomerRecord, exporter_id: int) -> ExporterRecord:
    exporter = state.exporters.get(exporter_id)
    if exporter is None or exporter.user.customer_id != customer.id:
        raise ApiError(404, f"exporter {exporter_id} not found")
    return exporter


@routes.post("/api/gateway/exporter")
async def create(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    state = state_of(request)
    body = await read_json(request, ns.ExporterCreateRequest)
    recorder = recorder_of(state, customer, body.recorder_id)
    exporter = create_exporter(state, recorder, body.exporter_config)
    return reply(exporter_model(exporter), status=201)


@routes.get("/api/gateway/exporter/url", allow_head=False)
async def url(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    state = state_of(request)
    exporter = exporter_of(state, customer, query_int(request, "exporter_id"))
    if exporter.status != ns.ExporterStatus.EXPORTED:
        raise ApiError(409, f"exporter {exporter.id} is still {exporter.status}")
    return reply(ns.ExporterUrl(url=signed_url(request, state, exporter)))


@routes.get("/api/gateway/exporter/{id:\\d+}", allow_head=False)
async def get(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    exporter = exporter_of(state_of(request), customer, path_int(request, "id"))
    return reply(exporter_model(exporter))


@routes.post("/api/gateway/exporter/list")
async def list_exporters(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    body = await read_json(request, ns.ExporterListRequest)
    user = user_of_customer(customer, body.filters.username)
    exporters = sorted(
        (e for e in state_of(request).exporters.values() if e.user is user), key=lambda e: e.id
    )
    page = pick_page(exporters, body.pager)
    return reply(
        ns.ExporterList(pager=ns.ExporterListPage(items=[exporter_model(e) for e in page]))
    )


@routes.delete("/api/gateway/exporter")
async def delete(request: web.Request) -> web.Response:
    customer = recordings_customer(request)
    state = state_of(request)
    exporter = exporter_of(state, customer, query_int(request, "exporter_id"))
    delete_exporter(state, exporter)
    return reply(exporter_model(exporter))
