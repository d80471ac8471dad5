"""The numbers insights are made of: one stress value per recorded sample, in local time.

Stress is derived from EDA/GSR samples when the user sent any (skin conductance rises
with arousal), otherwise from every stream: x = |mean of the channel values|, stress =
100 * x / (1 + x), so 0 <= stress < 100, monotonic, and the same data always gives the
same answer.
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
from collections.abc import Iterable

import attrs

from .errors import ApiError
from .records import UserRecord

STRESS_DEVICES = ("EDA", "GSR")
STRESS_THRESHOLD = 50.0
"""A day whose mean stress reaches this counts as a day "with stress"."""

_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")


@attrs.frozen
class Point:
    at: datetime.datetime
    """Local time of the sample."""
    stress: float
    stream_id: str
    packet: int
    """Index of the sample's packet in the user's history."""


def parse_timezone(text: str | None) -> datetime.tzinfo:
    """`+HHMM` (PROTOCOL 5), `+HH:MM`, `Z` or nothing (UTC); anything else answers 400."""
    if text is None or text.strip() in ("", "Z", "UTC"):
        return datetime.UTC
    match = _OFFSET.fullmatch(text.strip())
    if match is None or int(match[2]) > 23 or int(match[3]) > 59:
        raise ApiError(400, f"local_timezone: expected +HHMM, got {text!r}")
    minutes = int(match[2]) * 60 + int(match[3])
    return datetime.timezone(datetime.timedelta(minutes=-minutes if match[1] == "-" else minutes))


def stress_points(user: UserRecord, tz: datetime.tzinfo) -> list[Point]:
    packets = list(user.history)
    chosen = [i for i, p in enumerate(packets) if p.device_type in STRESS_DEVICES]
    if not chosen:
        chosen = list(range(len(packets)))
    points: list[Point] = []
    for index in chosen:
        packet = packets[index]
        for timestamp, values in packet.rows():
            if not values or not math.isfinite(timestamp):
                continue
            level = abs(math.fsum(values) / len(values))
            points.append(
                Point(
                    at=datetime.datetime.fromtimestamp(timestamp, tz),
                    stress=round(100.0 * level / (1.0 + level), 3),
                    stream_id=packet.stream_id,
                    packet=index,
                )
            )
    points.sort(key=lambda p: p.at)
    return points


def mean(points: Iterable[Point]) -> float | None:
    values = [p.stress for p in points]
    return round(math.fsum(values) / len(values), 3) if values else None


def summary(points: list[Point]) -> dict[str, float | int | None]:
    values = [p.stress for p in points]
    if not values:
        return {"samples": 0, "mean": None, "min": None, "max": None, "std": None}
    return {
        "samples": len(values),
        "mean": mean(points),
        "min": min(values),
        "max": max(values),
        "std": round(statistics.pstdev(values), 3),
    }


def on_day(points: list[Point], day: datetime.date) -> list[Point]:
    return [p for p in points if p.at.date() == day]


def between(points: list[Point], first: datetime.date, last: datetime.date) -> list[Point]:
    return [p for p in points if first <= p.at.date() <= last]


def by_day(points: list[Point]) -> dict[datetime.date, list[Point]]:
    days: dict[datetime.date, list[Point]] = {}
    for point in points:
        days.setdefault(point.at.date(), []).append(point)
    return days


def by_hour(points: list[Point]) -> dict[datetime.datetime, list[Point]]:
    hours: dict[datetime.datetime, list[Point]] = {}
    for point in points:
        hours.setdefault(point.at.replace(minute=0, second=0, microsecond=0), []).append(point)
    return hours


WEEKDAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def week_of(day: datetime.date, first_day_of_week: object) -> tuple[datetime.date, datetime.date]:
    """The week containing `day`, starting on the user's first day (name or 0=Sunday..6)."""
    if isinstance(first_day_of_week, str) and first_day_of_week.lower() in WEEKDAYS:
        first = WEEKDAYS.index(first_day_of_week.lower())
    elif type(first_day_of_week) is int and 0 <= first_day_of_week <= 6:
        first = first_day_of_week
    else:
        first = 0
    sunday_based = (day.weekday() + 1) % 7
    start = day - datetime.timedelta(days=(sunday_based - first) % 7)
    return start, start + datetime.timedelta(days=6)
