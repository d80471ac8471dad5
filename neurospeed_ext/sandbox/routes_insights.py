"""Insights routes (PROTOCOL 4.5) under /users/settings/insights, for user or customer tokens.

`user_id` null means the caller's own user (user tokens); a customer token must name one
of its users. Insights need the customer's insights access.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from aiohttp import web

import neurospeed_api as ns

from . import insights as ins
from .auth import Principal, authenticate
from .errors import ApiError
from .insight_data import WEEKDAYS, parse_timezone, stress_points
from .records import UserRecord
from .wire import decode, query_optional_int, read_json, reply

BASE = "/api/users/settings/insights"

routes = web.RouteTableDef()


class _ForUser(Protocol):
    user_id: int | None


B = TypeVar("B", bound=_ForUser)


def insight_user(principal: Principal, user_id: int | None) -> UserRecord:
    """The user an insights request is about, after the isolation checks."""
    if not principal.customer.access.insights:
        raise ApiError(403, "Forbidden: the account has no insights access")
    if principal.user is not None:
        if user_id is not None and user_id != principal.user.id:
            raise ApiError(403, "Forbidden: a user token reads its own insights only")
        return principal.user
    if user_id is None:
        raise ApiError(400, "user_id: a customer token must name one of its users")
    user = principal.customer.users.get(user_id)
    if user is None:
        raise ApiError(404, f"user {user_id} not found")
    return user


def _context(user: UserRecord, timezone: str | None) -> ins.Context:
    return ins.Context(user=user, points=stress_points(user, parse_timezone(timezone)))


def _check_boundaries(body: object) -> None:
    """Open enums keep unknown values; an insight cannot use an unknown granularity."""
    for field, wire in (("boundary", "boundry"), ("time_type", "time_type")):
        value = getattr(body, field, None)
        if isinstance(value, ns.InsightBoundary) and not value.is_known:
            raise ApiError(400, f"{wire}: expected hour or day, got {value.value!r}")


def _post(
    model: type[B], compute: Callable[[ins.Context, B], Any]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handle(request: web.Request) -> web.Response:
        principal = authenticate(request)
        body = await read_json(request, model)
        _check_boundaries(body)
        user = insight_user(principal, body.user_id)
        context = _context(user, getattr(body, "local_timezone", None))
        try:
            answer = compute(context, body)
        except OverflowError:  # a week or six months around 0001-01-01 or 9999-12-31
            raise ApiError(400, "date: too near the ends of the calendar to report on") from None
        return reply(answer)

    handle.__name__ = getattr(compute, "__name__", "insight")
    return handle


_POST_ROUTES: dict[str, Callable[[web.Request], Awaitable[web.Response]]] = {
    "/daily_stress": _post(ns.DailyInsightRequest, ins.daily_stress),
    "/battery": _post(ns.DailyInsightRequest, ins.battery),
    "/hourly_insights": _post(ns.DailyInsightRequest, ins.hourly_insights),
    "/weekly_stress_average": _post(ns.DailyInsightRequest, ins.weekly_stress_average),
    "/weekly_stress_change": _post(ns.DailyInsightRequest, ins.weekly_stress_change),
    "/weekly_stress_index": _post(ns.DailyInsightRequest, ins.weekly_stress_index),
    "/weekly_stressful_time": _post(ns.DailyInsightRequest, ins.weekly_stressful_time),
    "/weekly_quiet_time": _post(ns.DailyInsightRequest, ins.weekly_quiet_time),
    "/history_hourly_insights": _post(ns.HistoryHourlyInsightsRequest, ins.history_hourly_insights),
    "/weekly_best_sleep": _post(ns.WeeklySleepRequest, ins.weekly_best_sleep),
    "/weekly_worst_sleep": _post(ns.WeeklySleepRequest, ins.weekly_worst_sleep),
    "/alltime": _post(ns.AlltimeInsightsRequest, ins.alltime),
    "/daily_stats": _post(ns.DailyStatsRequest, ins.daily_stats),
    "/all_daily_stats": _post(ns.DailyStatsRequest, ins.all_daily_stats),
    "/stress_baseline": _post(ns.StressBaselineRequest, ins.stress_baseline),
    "/calendar/calendar_stress_graph": _post(ns.CalendarRequest, ins.calendar_stress_graph),
    "/calendar/dates_of_last_6_month_without_stress": _post(
        ns.CalendarRequest, ins.dates_without_stress
    ),
    "/calendar/dates_of_last_6_month_with_stress": _post(ns.CalendarRequest, ins.dates_with_stress),
    "/calendar/calculate_daily_stress_for_6_month": _post(
        ns.CalendarRequest, ins.daily_stress_for_6_month
    ),
}

for _path, _handler in _POST_ROUTES.items():
    routes.post(f"{BASE}{_path}")(_handler)


def _query_user(request: web.Request) -> UserRecord:
    body = decode({"user_id": query_optional_int(request, "user_id")}, ns.InsightsUserRequest)
    return insight_user(authenticate(request), body.user_id)


@routes.get(BASE, allow_head=False)
async def overview(request: web.Request) -> web.Response:
    return reply(ins.overview(_context(_query_user(request), None)))


@routes.get(f"{BASE}/weekly_first_day_of_week", allow_head=False)
async def get_first_day_of_week(request: web.Request) -> web.Response:
    return reply(ins.first_day_of_week(_query_user(request)))


@routes.post(f"{BASE}/weekly_first_day_of_week")
async def set_first_day_of_week(request: web.Request) -> web.Response:
    principal = authenticate(request)
    body = await read_json(request, ns.FirstDayOfWeekRequest)
    user = insight_user(principal, body.user_id)
    day = body.first_day_of_week
    named = isinstance(day, str) and day.lower() in WEEKDAYS
    if not named and not (type(day) is int and 0 <= day <= 6):
        raise ApiError(400, "first_day_of_week: a weekday name or 0 (Sunday) to 6 (Saturday)")
    user.first_day_of_week = day.lower() if isinstance(day, str) else day
    return reply(ins.first_day_of_week(user))
