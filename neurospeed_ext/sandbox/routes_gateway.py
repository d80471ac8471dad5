"""Connected users, connections and server-side requests to HIAs (PROTOCOL 4.4).

The registry of connected HIAs is filled by the Socket.IO layer; SSR requests are queued
in the outbox keyed by (user id, hia id) and delivered by that layer.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

import neurospeed_api as ns

from .auth import require_customer, state_of, user_of_customer
from .errors import ApiError
from .views import connection_model
from .wire import decode, json_body, pick_page, read_json, reply

log = logging.getLogger(__name__)

routes = web.RouteTableDef()


@routes.get("/api/gateway/users/connected", allow_head=False)
async def connected_users(request: web.Request) -> web.Response:
    customer = require_customer(request)
    user_ids = {c.user_id for c in state_of(request).connections.of_customer(customer.id)}
    users = sorted((customer.users[i] for i in user_ids if i in customer.users), key=lambda u: u.id)
    return reply([ns.ConnectedUser(id=u.id, username=u.username) for u in users])


@routes.post("/api/gateway/connections")
async def connections(request: web.Request) -> web.Response:
    customer = require_customer(request)
    body = await read_json(request, ns.ListRequest)
    found = sorted(state_of(request).connections.of_customer(customer.id), key=lambda c: c.id)
    found = [c for c in found if c.user_id in customer.users]
    wanted = body.filters.get("username")
    if wanted is not None:
        found = [c for c in found if customer.users[c.user_id].username == wanted]
    items = [connection_model(c, customer.users[c.user_id]) for c in pick_page(found, body.pager)]
    return reply(ns.ConnectionList(pager=ns.ConnectionListPage(items=items)))


@routes.post("/api/gateway/ssr/stream_state")
async def stream_state(request: web.Request) -> web.Response:
    customer = require_customer(request)
    state = state_of(request)
    body = await read_json(request, ns.SsrStreamStateRequest)
    if not body.stream_state.is_known:
        raise ApiError(400, "stream_state: expected enabled or disabled")
    user = user_of_customer(customer, body.username)
    event: dict[str, ns.StreamState] = {body.stream_id: body.stream_state}
    state.outbox.put((user.id, body.hia_id), "ssr_stream_state", ns.unstructure(event))
    return reply(_queued(state.connections.get(user.id, body.hia_id) is not None))


@routes.post("/api/gateway/ssr/downlink")
async def downlink(request: web.Request) -> web.Response:
    customer = require_customer(request)
    state = state_of(request)
    data = await json_body(request)
    body = decode(data, ns.SsrDownlinkRequest)
    raw = data["payload"]
    text = raw if isinstance(raw, str) else json.dumps(raw, separators=(",", ":"))
    if len(text.encode("utf-8")) > state.settings.max_ssr_payload:
        raise ApiError(413, f"payload: at most {state.settings.max_ssr_payload} bytes of JSON text")
    user = user_of_customer(customer, body.username)
    state.outbox.put((user.id, body.hia_id), "ssr_downlink", body.payload)
    return reply(_queued(state.connections.get(user.id, body.hia_id) is not None))


def _queued(connected: bool) -> dict[str, object]:
    """The answer of both SSR routes; PROTOCOL leaves it undocumented (any JSON).

    `queued`: the request was accepted for the HIA. `connected`: the HIA has a socket now,
    so the live layer emits it at once; otherwise it goes out when that HIA connects.
    """
    return {"queued": True, "connected": connected}
