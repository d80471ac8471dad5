"""The generated client against the sandbox over real HTTP: every operation at least once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import requests

import neurospeed_api as ns
from neurospeed_ext.sandbox.server import SandboxServer
from tests.e2e.client_helpers import (
    ACCOUNT,
    EEG_INFO,
    customer_client,
    send_packets,
    wait_for,
)

PAGE = ns.PageRequest(page_number=1, page_size=50)


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture
def customer(server: SandboxServer) -> Iterator[ns.Client]:
    with customer_client(server.api_url) as client:
        yield client


def test_customer_login_keeps_tokens_and_reads_the_account(customer: ns.Client) -> None:
    me = customer.customers.current()
    assert me.email == "customer@sandbox.local" and me.account_id == ACCOUNT
    assert customer.customers.insight_access() is True
    assert customer.customers.recordings_access() is True
    assert customer.customers.raw_data_access() is True


def test_users_create_get_modify_list_login_delete(
    customer: ns.Client, server: SandboxServer
) -> None:
    with pytest.raises(ns.BadRequestError, match="8"):
        customer.users.create(username="shorty", password="short")
    created = customer.users.create(username="flow_user", password="flow-pass-1")
    with pytest.raises(ns.ConflictError):
        customer.users.create(username="flow_user", password="flow-pass-1")
    assert customer.users.get("flow_user").id == created.id
    renamed = customer.users.modify(id=created.id, username="flow_user2", password="flow-pass-2")
    assert renamed.username == "flow_user2"
    names = [u.username for u in customer.users.list(pager=PAGE, filters={})]
    assert {"user1", "user2", "flow_user2"} <= set(names)
    with ns.Client(server.api_url) as user:
        user.users.login(account_id=ACCOUNT, username="flow_user2", password="flow-pass-2")
        assert user.customers.insight_access() is True
    assert customer.users.delete(id=created.id) is True
    with pytest.raises(ns.NotFoundError):
        customer.users.get("flow_user2")


def test_recorder_life_cycle_and_export_download(
    customer: ns.Client, server: SandboxServer
) -> None:
    recorder = customer.recorder.create(username="user1", recorder_name="flow")
    assert recorder.status in (ns.RecorderStatus.RESOURCE_PENDING, ns.RecorderStatus.PENDING)
    with pytest.raises(ns.ConflictError):
        customer.recorder.create(username="user1", recorder_name="second")
    recording = ns.RecorderStatus.RECORDING
    wait_for(lambda: customer.recorder.get(recorder.id).status, lambda s: s == recording)
    send_packets(
        server.base_url, "user1", [[1.5, 2.5, 1700000000.0], [3.0, 4.0, 1700000000.5]], "a"
    )
    paused = customer.recorder.update(id=recorder.id, status=ns.RecorderStatus.PAUSED)
    assert paused.status == ns.RecorderStatus.PAUSED
    customer.recorder.update(id=recorder.id, status=ns.RecorderStatus.PENDING)
    wait_for(lambda: customer.recorder.get(recorder.id).status, lambda s: s == recording)
    listed = customer.recorder.list(pager=PAGE, filters=ns.RecorderFilters(username="user1"))
    assert recorder.id in [r.id for r in listed]
    customer.recorder.update(id=recorder.id, status=ns.RecorderStatus.STOPPED)
    with pytest.raises(ns.ConflictError):
        customer.recorder.update(id=recorder.id, status=ns.RecorderStatus.PENDING)

    config = ns.ExporterConfig(custom_name="flow.csv", stream_ids=[EEG_INFO["stream_id"]])
    exporter = customer.exporter.create(recorder_id=recorder.id, exporter_config=config)
    exported = ns.ExporterStatus.EXPORTED
    wait_for(lambda: customer.exporter.get(exporter.id).status, lambda s: s == exported)
    url = customer.exporter.url(exporter_id=exporter.id)
    csv_text = requests.get(url, timeout=5).text  # short-lived URL, no Authorization header
    header, *rows = csv_text.strip().splitlines()
    assert header.split(",")[:6] == [
        "timestamp",
        "packets_counter",
        "stream_id",
        "device_type",
        "Fp1",
        "Fp2",
    ]
    assert len(rows) == 2 and "1.5" in rows[0]
    listed_exporters = customer.exporter.list(
        pager=PAGE, filters=ns.ExporterFilters(username="user1")
    )
    assert exporter.id in [e.id for e in listed_exporters]
    customer.exporter.delete(exporter_id=exporter.id)
    with pytest.raises(ns.NotFoundError):
        customer.exporter.get(exporter.id)
    customer.recorder.delete(recorder_id=recorder.id)
    with pytest.raises(ns.NotFoundError):
        customer.recorder.get(recorder.id)


def test_gateway_and_ssr(customer: ns.Client) -> None:
    assert isinstance(customer.gateway.connected_users(), list)
    assert isinstance(customer.gateway.connections(pager=PAGE, filters={}), list)
    customer.ssr.stream_state(
        username="user1",
        hia_id="k3j9x2",
        stream_id="EEG_k3j9x2",
        stream_state=ns.StreamState.DISABLED,
    )
    customer.ssr.downlink(username="user1", hia_id="k3j9x2", payload={"command": "vibrate"})
    with pytest.raises(ns.ApiError) as caught:
        customer.ssr.downlink(username="nobody", hia_id="k3j9x2", payload={})
    assert caught.value.status in (403, 404)


def test_every_insight_answers_for_a_user_token(server: SandboxServer) -> None:
    day = datetime.date(2023, 11, 14)  # the day of the packets below
    send_packets(server.base_url, "user2", [[10.0, 20.0, 1699963200.0], [30.0, 40.0, 1699966800.0]])
    with ns.Client(server.api_url) as user:
        user.users.login(account_id=ACCOUNT, username="user2", password="user2-pass")
        ins = user.insights
        answers = [
            ins.get(),
            ins.get_first_day_of_week(),
            ins.set_first_day_of_week(user_id=None, first_day_of_week="monday"),
            ins.daily_stress(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.battery(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.hourly_insights(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.weekly_stress_average(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.weekly_stress_change(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.weekly_stress_index(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.weekly_stressful_time(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.weekly_quiet_time(user_id=None, daily_date=day, local_timezone="+0000"),
            ins.history_hourly_insights(user_id=None, local_timezone="+0000"),
            ins.weekly_best_sleep(user_id=None, daily_date=day),
            ins.weekly_worst_sleep(user_id=None, daily_date=day),
            ins.alltime(
                user_id=None, start_date=day, end_date=day, boundary=ns.InsightBoundary.DAY
            ),
            ins.daily_stats(user_id=None, daily_date=day, time_type=ns.InsightBoundary.HOUR),
            ins.all_daily_stats(user_id=None, daily_date=day, time_type=ns.InsightBoundary.HOUR),
            ins.stress_baseline(user_id=None),
            ins.calendar_stress_graph(user_id=None, todays_date=day),
            ins.dates_without_stress(user_id=None, todays_date=day),
            ins.dates_with_stress(user_id=None, todays_date=day),
            ins.calculate_daily_stress(user_id=None, todays_date=day),
        ]
    assert all(answer is not None for answer in answers)
    empty_day = ins_daily(server, datetime.date(2020, 1, 1))
    assert answers[3] != empty_day  # computed from the packets, not a constant


def ins_daily(server: SandboxServer, day: datetime.date) -> object:
    with ns.Client(server.api_url) as user:
        user.users.login(account_id=ACCOUNT, username="user2", password="user2-pass")
        return user.insights.daily_stress(user_id=None, daily_date=day, local_timezone="+0000")
