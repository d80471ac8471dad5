"""Test hooks under /__sandbox__/ (not part of the NeuroSpeed API; for tests and demos).

- `POST /__sandbox__/faults` `{method, path, status, count?, retry_after?, message?, crash?}`:
  the next `count` (default 1) requests whose method ("*" for any) and exact path match
  answer `status` with `{"message": ...}` and, when given, a Retry-After header; with
  `crash: true` they raise inside the server instead (a logged 500).
  With `cut_after: N` instead of a status (e.g. `{"method": "GET", "path":
  "/downloads/exports/7/data.csv", "cut_after": 1000, "count": 2}`), the matching
  requests get their real answer (status, headers, the full Content-Length and, for a
  Range, 206 with Content-Range) but the connection closes after N body bytes: a download
  drop to test resumes against (see cutoff.py). The path is the URL's path, no query.
  `GET` lists pending faults, `DELETE` clears them.
- `POST /__sandbox__/packets` `{username, account_id?, hia_id?, packets: [{stream_id,
  sensor_info, samples, labels?, device_type?, received_at?}]}`: store packets for a user
  as if their HIA had sent them (kept by a `recording` recorder, read by insights).
  `account_id` may be left out while the username is unique across customers.
- `POST /__sandbox__/exports` `{username, size_bytes, account_id?, custom_name?}`: a large
  export made quickly (benchmarks, download tests): a stopped recorder and an exporter
  already `exported` for the user, whose CSV in the real export layout (synthetic 8-channel
  EEG) is written to disk in a worker thread until it holds at least `size_bytes`; answers
  201 `{"recorder_id", "exporter_id", "file_size"}` once the file is complete. It is then
  downloaded like any export: `GET /api/gateway/exporter/url?exporter_id=` with a customer
  token, then the signed URL (see synthetic_exports.py).
- `POST /__sandbox__/e4/sessions` `{email, count, size_bytes}`: `count` E4 Connect sessions
  (default 1) added to the portal account `email`, all served from one ZIP in the E4 layout
  (uncompressed, so its size is the one asked for: at least `size_bytes`) written once in
  a worker thread; answers 201 `{"ids": [...], "file_size": N}`. Each then downloads
  with `GET <e4 prefix>/download.php?id=` like a seeded session (see e4/hooks.py).

Faults apply to every path but these hooks', E4 portal routes included (match the
prefixed path, e.g. "/connect/download.php").
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

import neurospeed_api as ns

from .auth import state_of
from .cutoff import cut_answer
from .errors import ApiError, error_response
from .faults import FaultSpecError, parse_fault
from .packets import PacketError, build_packet
from .recorders import ingest
from .records import StoredPacket, UserRecord
from .state import SandboxState
from .synthetic_exports import create_synthetic_export
from .wire import json_body, reply

HOOKS = "/__sandbox__"

routes = web.RouteTableDef()


@web.middleware
async def fault_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer an injected fault instead of the route (or cut the route's answer short),
    while one is pending."""
    if not request.path.startswith(HOOKS):
        rule = state_of(request).faults.take(request.method, request.path)
        if rule is not None:
            if rule.cut_after is not None:
                return await cut_answer(request, await handler(request), rule.cut_after)
            if rule.crash:
                raise RuntimeError(f"injected crash on {request.method} {request.path}")
            headers = {}
            if rule.retry_after is not None:
                headers["Retry-After"] = f"{rule.retry_after:g}"
            return error_response(
                rule.status, rule.message or f"injected fault {rule.status}", headers
            )
    return await handler(request)


@routes.post(f"{HOOKS}/faults")
async def add_fault(request: web.Request) -> web.Response:
    try:
        rule = parse_fault(await json_body(request))
    except FaultSpecError as exc:
        raise ApiError(400, str(exc)) from None
    state_of(request).faults.add(rule)
    return reply({"pending": len(state_of(request).faults.pending())}, status=201)


@routes.get(f"{HOOKS}/faults", allow_head=False)
async def list_faults(request: web.Request) -> web.Response:
    rules = state_of(request).faults.pending()
    return reply(
        [
            {
                "method": r.method,
                "path": r.path,
                "status": r.status,
                "remaining": r.remaining,
                "cut_after": r.cut_after,
            }
            for r in rules
        ]
    )


@routes.delete(f"{HOOKS}/faults")
async def clear_faults(request: web.Request) -> web.Response:
    state_of(request).faults.clear()
    return reply({"pending": 0})


@routes.post(f"{HOOKS}/packets")
async def add_packets(request: web.Request) -> web.Response:
    state = state_of(request)
    data = await json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("packets"), list):
        raise ApiError(400, "expected {username, packets: [...]}")
    user = _hook_user(state, data.get("username"), data.get("account_id"))
    hia_id = data.get("hia_id", "sandbox")
    if not isinstance(hia_id, str):
        raise ApiError(400, "hia_id: expected a string")
    packets = [_packet(item, i, hia_id) for i, item in enumerate(data["packets"])]
    recorded = [ingest(state, user, packet) for packet in packets]
    kept = [r for r in recorded if r is not None]
    return reply(
        {
            "received": len(packets),
            "recorded": len(kept),
            "recorder_id": kept[0].id if kept else None,
        },
        status=201,
    )


@routes.post(f"{HOOKS}/exports")
async def add_export(request: web.Request) -> web.Response:
    state = state_of(request)
    data = await json_body(request)
    if not isinstance(data, dict):
        raise ApiError(400, "expected {username, size_bytes, account_id?, custom_name?}")
    user = _hook_user(state, data.get("username"), data.get("account_id"))
    size = data.get("size_bytes")
    if type(size) is not int:
        raise ApiError(400, "size_bytes: expected an integer")
    name = data.get("custom_name", f"synthetic-{size}.csv")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "custom_name: expected a non-empty string")
    exporter = await create_synthetic_export(state, user, size, name)
    return reply(
        {
            "recorder_id": exporter.recorder.id,
            "exporter_id": exporter.id,
            "file_size": exporter.file_size,
        },
        status=201,
    )


def _hook_user(state: SandboxState, username: Any, account_id: Any) -> UserRecord:
    if not isinstance(username, str):
        raise ApiError(400, "username: expected a string")
    customers = list(state.customers.values())
    if account_id is not None:
        customers = [c for c in customers if c.account_id == account_id]
    users = [u for c in customers if (u := c.user_named(username)) is not None]
    if not users:
        raise ApiError(404, f"user {username!r} not found")
    if len(users) > 1:
        raise ApiError(400, f"user {username!r} exists in several accounts; give account_id")
    return users[0]


def _packet(item: Any, index: int, hia_id: str) -> StoredPacket:
    where = f"packets[{index}]"
    if not isinstance(item, dict):
        raise ApiError(400, f"{where}: expected an object")
    sensor_info = _decode(item.get("sensor_info"), ns.SensorInfo, f"{where}.sensor_info")
    samples = _decode(item.get("samples"), list[list[float]], f"{where}.samples")
    labels = _decode(item.get("labels", []), list[str], f"{where}.labels")
    stream_id = item.get("stream_id", sensor_info.stream_id)
    received_at = item.get("received_at")
    if not isinstance(stream_id, str):
        raise ApiError(400, f"{where}.stream_id: expected a string")
    if received_at is not None and type(received_at) not in (int, float):
        raise ApiError(400, f"{where}.received_at: expected epoch seconds")
    try:
        return build_packet(
            stream_id=stream_id,
            hia_id=hia_id,
            sensor_info=sensor_info,
            samples=samples,
            labels=labels,
            received_at=received_at,
        )
    except PacketError as exc:
        raise ApiError(400, f"{where}: {exc}") from None


def _decode(data: Any, model: Any, where: str) -> Any:
    """decode() with the problems placed under `where` (wire paths of the hook's body)."""
    try:
        return ns.structure(data, model)
    except ns.DecodeError as exc:
        problems = "; ".join(
            f"{where}{'' if p.path.startswith('[') or not p.path else '.'}{p.path}: {p.message}"
            for p in exc.problems
        )
        raise ApiError(400, problems) from None
