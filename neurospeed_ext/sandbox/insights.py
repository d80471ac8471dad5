"""The insights answers (PROTOCOL 4.5), computed from the user's packets.

PROTOCOL leaves their shapes undocumented; these are small, stable JSON objects whose
numbers follow from the data (see insight_data for how stress is derived).
"""

from __future__ import annotations

import datetime
import statistics
from typing import Any

import attrs

import neurospeed_api as ns

from .insight_data import (
    STRESS_THRESHOLD,
    Point,
    between,
    by_day,
    by_hour,
    mean,
    on_day,
    summary,
    week_of,
)
from .records import UserRecord

Json = Any
SIX_MONTHS = datetime.timedelta(days=183)


@attrs.frozen
class Context:
    user: UserRecord
    points: list[Point]


def overview(ctx: Context) -> Json:
    history = list(ctx.user.history)
    return {
        "user_id": ctx.user.id,
        "username": ctx.user.username,
        "packets": len(history),
        "streams": sorted({p.stream_id for p in history}),
        "first_timestamp": ctx.points[0].at.timestamp() if ctx.points else None,
        "last_timestamp": ctx.points[-1].at.timestamp() if ctx.points else None,
        "first_day_of_week": ctx.user.first_day_of_week,
        "stress": summary(ctx.points),
    }


def first_day_of_week(user: UserRecord) -> Json:
    return {"user_id": user.id, "first_day_of_week": user.first_day_of_week}


def daily_stress(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    return {"date": body.daily_date.isoformat(), **summary(on_day(ctx.points, body.daily_date))}


def battery(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    day = on_day(ctx.points, body.daily_date)
    level = mean(day)
    return {
        "date": body.daily_date.isoformat(),
        "battery": None if level is None else round(100.0 - level, 3),
        "samples": len(day),
    }


def hourly_insights(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    day = on_day(ctx.points, body.daily_date)
    hours = []
    for hour in range(24):
        points = [p for p in day if p.at.hour == hour]
        hours.append(
            {
                "hour": hour,
                "samples": len(points),
                "packets": len({p.packet for p in points}),
                "stress": mean(points),
            }
        )
    return {"date": body.daily_date.isoformat(), "hours": hours}


def _week(ctx: Context, day: datetime.date) -> tuple[datetime.date, list[Point]]:
    start, end = week_of(day, ctx.user.first_day_of_week)
    return start, between(ctx.points, start, end)


def weekly_stress_average(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    start, points = _week(ctx, body.daily_date)
    days = [start + datetime.timedelta(days=i) for i in range(7)]
    return {
        "week_start": start.isoformat(),
        "average": mean(points),
        "days": [{"date": d.isoformat(), "stress": mean(on_day(points, d))} for d in days],
    }


def weekly_stress_change(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    start, points = _week(ctx, body.daily_date)
    _, before = _week(ctx, start - datetime.timedelta(days=1))
    now, then = mean(points), mean(before)
    change = None if now is None or then is None else round(now - then, 3)
    return {
        "week_start": start.isoformat(),
        "average": now,
        "previous_average": then,
        "change": change,
    }


def weekly_stress_index(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    start, points = _week(ctx, body.daily_date)
    level = mean(points)
    index = None if level is None else round(level / 10.0, 1)
    return {"week_start": start.isoformat(), "index": index, "samples": len(points)}


def _hour_extreme(ctx: Context, body: ns.DailyInsightRequest, *, highest: bool) -> Json:
    start, points = _week(ctx, body.daily_date)
    per_hour = {h: mean(p for p in points if p.at.hour == h) for h in range(24)}
    known = {h: v for h, v in per_hour.items() if v is not None}
    if not known:
        return {"week_start": start.isoformat(), "hour": None, "stress": None}
    pick = max if highest else min
    hour = pick(sorted(known), key=lambda h: known[h])
    return {"week_start": start.isoformat(), "hour": hour, "stress": known[hour]}


def weekly_stressful_time(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    return _hour_extreme(ctx, body, highest=True)


def weekly_quiet_time(ctx: Context, body: ns.DailyInsightRequest) -> Json:
    return _hour_extreme(ctx, body, highest=False)


def history_hourly_insights(ctx: Context, body: ns.HistoryHourlyInsightsRequest) -> Json:
    hours = by_hour(ctx.points)
    return {
        "hours": [
            {"start": start.isoformat(), "samples": len(points), "stress": mean(points)}
            for start, points in sorted(hours.items())
        ]
    }


def _sleep(ctx: Context, body: ns.WeeklySleepRequest, *, best: bool) -> Json:
    """Night = local hours 0-5; the best night is the calmest one of the week."""
    start, points = _week(ctx, body.daily_date)
    nights = {d: mean(p) for d, p in by_day([p for p in points if p.at.hour < 6]).items()}
    if not nights:
        return {"week_start": start.isoformat(), "date": None, "stress": None}
    pick = min if best else max
    day = pick(sorted(nights), key=lambda d: nights[d] or 0.0)
    return {"week_start": start.isoformat(), "date": day.isoformat(), "stress": nights[day]}


def weekly_best_sleep(ctx: Context, body: ns.WeeklySleepRequest) -> Json:
    return _sleep(ctx, body, best=True)


def weekly_worst_sleep(ctx: Context, body: ns.WeeklySleepRequest) -> Json:
    return _sleep(ctx, body, best=False)


def _buckets(points: list[Point], boundary: ns.InsightBoundary) -> list[Json]:
    if boundary == ns.InsightBoundary.HOUR:
        groups = {k.isoformat(): v for k, v in by_hour(points).items()}
    else:
        groups = {k.isoformat(): v for k, v in by_day(points).items()}
    return [{"start": k, **summary(v)} for k, v in sorted(groups.items())]


def alltime(ctx: Context, body: ns.AlltimeInsightsRequest) -> Json:
    points = between(ctx.points, body.start_date, body.end_date)
    return {
        "insight_path": body.insight_path,
        "boundry": body.boundary.value,
        "items": _buckets(points, body.boundary),
    }


def daily_stats(ctx: Context, body: ns.DailyStatsRequest) -> Json:
    day = on_day(ctx.points, body.daily_date)
    head = {"date": body.daily_date.isoformat(), "insight_id": body.insight_id}
    return {**head, "time_type": body.time_type.value, **summary(day)}


def all_daily_stats(ctx: Context, body: ns.DailyStatsRequest) -> Json:
    """Per hour of the day (`hour`) or per day up to and including it (`day`)."""
    if body.time_type == ns.InsightBoundary.HOUR:
        points = on_day(ctx.points, body.daily_date)
    else:
        points = [p for p in ctx.points if p.at.date() <= body.daily_date]
    head = {"date": body.daily_date.isoformat(), "insight_id": body.insight_id}
    return {**head, "time_type": body.time_type.value, "items": _buckets(points, body.time_type)}


def stress_baseline(ctx: Context, body: ns.StressBaselineRequest) -> Json:
    values = [p.stress for p in ctx.points]
    baseline = round(statistics.median(values), 3) if values else None
    return {"insight_id": body.insight_id, "baseline": baseline, "samples": len(values)}


def _six_months(ctx: Context, body: ns.CalendarRequest) -> dict[datetime.date, float | None]:
    points = between(ctx.points, body.todays_date - SIX_MONTHS, body.todays_date)
    return {d: mean(p) for d, p in sorted(by_day(points).items())}


def calendar_stress_graph(ctx: Context, body: ns.CalendarRequest) -> Json:
    days = _six_months(ctx, body)
    return {"items": [{"date": d.isoformat(), "stress": v} for d, v in days.items()]}


def dates_without_stress(ctx: Context, body: ns.CalendarRequest) -> Json:
    days = _six_months(ctx, body)
    return {"dates": [d.isoformat() for d, v in days.items() if (v or 0.0) < STRESS_THRESHOLD]}


def dates_with_stress(ctx: Context, body: ns.CalendarRequest) -> Json:
    days = _six_months(ctx, body)
    return {"dates": [d.isoformat() for d, v in days.items() if (v or 0.0) >= STRESS_THRESHOLD]}


def daily_stress_for_6_month(ctx: Context, body: ns.CalendarRequest) -> Json:
    days = _six_months(ctx, body)
    values = [v for v in days.values() if v is not None]
    average = round(sum(values) / len(values), 3) if values else None
    items = [{"date": d.isoformat(), "stress": v} for d, v in days.items()]
    return {"items": items, "average": average}
