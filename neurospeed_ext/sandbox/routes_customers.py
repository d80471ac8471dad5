"""The customer account: access flags (any token) and the current customer."""

from __future__ import annotations

from aiohttp import web

import neurospeed_api as ns

from .auth import authenticate, require_customer
from .views import customer_model
from .wire import reply

routes = web.RouteTableDef()

ACCESS = "/api/customers/customers_access"


@routes.get(f"{ACCESS}/get_insight_access", allow_head=False)
async def insight_access(request: web.Request) -> web.Response:
    flags = authenticate(request).customer.access
    return reply(ns.AccessAnswer(access=flags.insights))


@routes.get(f"{ACCESS}/get_recordings_access", allow_head=False)
async def recordings_access(request: web.Request) -> web.Response:
    flags = authenticate(request).customer.access
    return reply(ns.AccessAnswer(access=flags.recordings))


@routes.get(f"{ACCESS}/get_raw_data_access", allow_head=False)
async def raw_data_access(request: web.Request) -> web.Response:
    flags = authenticate(request).customer.access
    return reply(ns.AccessAnswer(access=flags.raw_data))


@routes.get("/api/customers/current", allow_head=False)
async def current_customer(request: web.Request) -> web.Response:
    return reply(customer_model(require_customer(request)))
