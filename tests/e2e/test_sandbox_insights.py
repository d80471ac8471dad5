"""Insights computed from the user's packets: deterministic, data-driven, isolated."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import Client, login_customer, login_user, send_packets, sensor

BASE = "/users/settings/insights"
DAY = datetime.date(2024, 3, 6)  # a Wednesday
DAILY = (
    "daily_stress",
    "battery",
    "hourly_insights",
    "weekly_stress_average",
    "weekly_stress_change",
    "weekly_stress_index",
    "weekly_stressful_time",
    "weekly_quiet_time",
)
CALENDAR = (
    "calendar_stress_graph",
    "dates_of_last_6_month_without_stress",
    "dates_of_last_6_month_with_stress",
    "calculate_daily_stress_for_6_month",
)


def at(hour: int, day: datetime.date = DAY) -> float:
    moment = datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)
    return moment.timestamp()


@pytest.fixture(scope="module")
def seeded(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """user1: calm nights, a stressful afternoon; user2: one high EDA sample the day before."""
    eda = sensor("eda1")
    previous = DAY - datetime.timedelta(days=7)
    one = [
        {"stream_id": "eda1", "sensor_info": eda, "samples": [[0.5, at(2)], [0.25, at(3)]]},
        {"stream_id": "eda1", "sensor_info": eda, "samples": [[4.0, at(15)], [3.0, at(15) + 60]]},
        {"stream_id": "eda1", "sensor_info": eda, "samples": [[0.5, at(2, previous)]]},
        {
            "stream_id": "eeg",
            "sensor_info": sensor("eeg", "EEG", ("a", "b")),
            "samples": [[50, 60, at(4)]],
        },
    ]
    send_packets(sandbox, "user1", one)
    send_packets(
        sandbox,
        "user2",
        [
            {
                "stream_id": "eda1",
                "sensor_info": eda,
                "samples": [[9.0, at(10, DAY - datetime.timedelta(days=1))]],
            }
        ],
    )
    yield sandbox


def daily(client: Client, route: str, user_id: int | None = None) -> Any:
    body = {"user_id": user_id, "daily_date": DAY.isoformat(), "local_timezone": "+0000"}
    return client.ok("POST", f"{BASE}/{route}", json=body)


def test_daily_stress_follows_the_eda_samples(seeded: SandboxServer) -> None:
    user = login_user(seeded, "user1", "user1-pass")
    answer = daily(user, "daily_stress")
    # stress = 100 * x / (1 + x) for EDA x; the EEG stream is ignored while EDA exists.
    expected = [100 * x / (1 + x) for x in (0.5, 0.25, 4.0, 3.0)]
    assert answer["date"] == "2024-03-06" and answer["samples"] == 4
    assert answer["mean"] == pytest.approx(sum(expected) / 4, abs=0.01)
    assert answer["max"] == pytest.approx(80.0) and answer["min"] == pytest.approx(20.0)
    assert daily(user, "battery")["battery"] == pytest.approx(100 - answer["mean"], abs=0.01)


def test_hourly_and_weekly_answers(seeded: SandboxServer) -> None:
    user = login_user(seeded, "user1", "user1-pass")
    hours = daily(user, "hourly_insights")["hours"]
    assert len(hours) == 24 and hours[15]["samples"] == 2 and hours[15]["packets"] == 1
    assert hours[2]["stress"] == pytest.approx(33.333) and hours[9]["stress"] is None
    assert daily(user, "weekly_stressful_time")["hour"] == 15
    assert daily(user, "weekly_quiet_time")["hour"] == 3
    change = daily(user, "weekly_stress_change")
    assert change["previous_average"] == pytest.approx(33.333)
    assert change["change"] == pytest.approx(change["average"] - 33.333, abs=0.01)
    week = daily(user, "weekly_stress_average")
    assert week["week_start"] == "2024-03-03" and len(week["days"]) == 7
    sleep = user.ok(
        "POST", f"{BASE}/weekly_best_sleep", json={"user_id": None, "daily_date": "2024-03-06"}
    )
    assert sleep["date"] == "2024-03-06"


def test_every_route_answers_and_answers_differ_per_user(seeded: SandboxServer) -> None:
    one, two = login_user(seeded, "user1", "user1-pass"), login_user(seeded, "user2", "user2-pass")
    for route in DAILY:
        assert daily(one, route) != daily(two, route), route
    bodies: dict[str, dict[str, Any]] = {
        "history_hourly_insights": {"local_timezone": "+0200"},
        "weekly_best_sleep": {"daily_date": "2024-03-06"},
        "weekly_worst_sleep": {"daily_date": "2024-03-06"},
        "alltime": {
            "start_date": "2024-02-01",
            "end_date": "2024-03-31",
            "insight_path": "output$neurobrave_stress2",
            "boundry": "day",
        },
        "daily_stats": {
            "daily_date": "2024-03-06",
            "insight_id": "output$neurobrave_stress2",
            "time_type": "hour",
        },
        "all_daily_stats": {
            "daily_date": "2024-03-06",
            "insight_id": "output$neurobrave_stress2",
            "time_type": "day",
        },
        "stress_baseline": {"insight_id": "output$neurobrave_stress2"},
        **{f"calendar/{route}": {"todays_date": "2024-03-10"} for route in CALENDAR},
    }
    for route, body in bodies.items():
        first = one.ok("POST", f"{BASE}/{route}", json={"user_id": None, **body})
        assert first == one.ok("POST", f"{BASE}/{route}", json={"user_id": None, **body}), route
        assert first != two.ok("POST", f"{BASE}/{route}", json={"user_id": None, **body}), route
    assert one.ok("GET", BASE)["packets"] == 4
    assert one.ok("GET", BASE) != two.ok("GET", BASE)


def test_first_day_of_week_moves_the_week(seeded: SandboxServer) -> None:
    user = login_user(seeded, "user2", "user2-pass")
    assert user.ok("GET", f"{BASE}/weekly_first_day_of_week")["first_day_of_week"] == "sunday"
    changed = user.ok(
        "POST",
        f"{BASE}/weekly_first_day_of_week",
        json={"user_id": None, "first_day_of_week": "Monday"},
    )
    assert changed["first_day_of_week"] == "monday"
    assert daily(user, "weekly_stress_average")["week_start"] == "2024-03-04"
    bad = user.post(
        f"{BASE}/weekly_first_day_of_week", json={"user_id": None, "first_day_of_week": 9}
    )
    assert bad.status_code == 400


def test_customer_tokens_name_one_of_their_users(seeded: SandboxServer) -> None:
    customer = login_customer(seeded)
    user1 = customer.ok("GET", "/users/user1")["id"]
    assert daily(customer, "daily_stress", user1)["samples"] == 4
    assert customer.ok("GET", BASE, params={"user_id": user1})["username"] == "user1"
    anonymous = customer.post(
        f"{BASE}/daily_stress", json={"user_id": None, "daily_date": "2024-03-06"}
    )
    assert anonymous.status_code == 400
    stranger = customer.post(
        f"{BASE}/daily_stress", json={"user_id": 99999, "daily_date": "2024-03-06"}
    )
    assert stranger.status_code == 404
    assert customer.get(BASE, params={"user_id": "x"}).status_code == 400


def test_user_tokens_read_their_own_insights_only(seeded: SandboxServer) -> None:
    one = login_user(seeded, "user1", "user1-pass")
    own_id = one.ok("GET", "/users/user1")["id"]
    assert daily(one, "daily_stress", own_id) == daily(one, "daily_stress")
    other = one.post(
        f"{BASE}/daily_stress", json={"user_id": own_id + 1, "daily_date": "2024-03-06"}
    )
    assert other.status_code == 403
    assert one.get(BASE, params={"user_id": own_id + 1}).status_code == 403


def test_bad_insight_requests(seeded: SandboxServer) -> None:
    user = login_user(seeded, "user1", "user1-pass")
    bad_date = user.post(f"{BASE}/daily_stress", json={"user_id": None, "daily_date": "06/03/2024"})
    assert bad_date.status_code == 400 and "daily_date" in bad_date.json()["message"]
    bad_zone = user.post(
        f"{BASE}/daily_stress",
        json={"user_id": None, "daily_date": "2024-03-06", "local_timezone": "CET"},
    )
    assert bad_zone.status_code == 400
    bad_boundary = user.post(
        f"{BASE}/alltime",
        json={
            "user_id": None,
            "start_date": "2024-01-01",
            "end_date": "2024-01-02",
            "boundry": "week",
        },
    )
    assert bad_boundary.status_code == 400 and "boundry" in bad_boundary.json()["message"]


@pytest.mark.parametrize("route", ["weekly_stress_change", *CALENDAR])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_refused_not_a_crash(
    seeded: SandboxServer, route: str, day: str
) -> None:
    """Found by schemathesis: weeks and six months around year 1 overflowed into a 500."""
    user = login_user(seeded, "user1", "user1-pass")
    path, key = (f"calendar/{route}", "todays_date") if route in CALENDAR else (route, "daily_date")
    answer = user.post(f"{BASE}/{path}", json={"user_id": None, key: day})
    assert answer.status_code in (200, 400), answer.text
    if answer.status_code == 400:
        assert "date" in answer.json()["message"]
