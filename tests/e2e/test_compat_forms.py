"""The manual's surface against a real sandbox: both call forms where the manual and the
published package disagree, the failure paths, and the published package's other
handlers (account, gateway, SSR, customer rooms, downlinks, insights)."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import neurospeed_api as ns
from neurospeed import macros
from neurospeed.api_http_handlers.customer_account_manager import Customer_Account_Manager
from neurospeed.api_http_handlers.exporter_http_handler import (
    UserRoom_Recorder_Exporter_Handler,
)
from neurospeed.api_http_handlers.gateway_http_handler import Gateway_HttpHandler
from neurospeed.api_http_handlers.insight_http_handler import Insight_User_Handler
from neurospeed.api_http_handlers.recorder_http_handler import UserRoom_Recorder_Handler
from neurospeed.api_http_handlers.ssr_http_handler import SSR_HttpHandler
from neurospeed.api_socket_handlers.customer_room_handler import CustomerRoom_Handler
from neurospeed.api_socket_handlers.downlink_room_as_customer_handler import (
    DownlinkRoom_AS_Customer_Handler,
)
from neurospeed.api_socket_handlers.downlink_room_as_user_handler import (
    DownlinkRoom_AS_User_Handler,
)
from neurospeed.api_socket_handlers.user_room_as_customer_handler import (
    UserRoom_AS_Customer_Handler,
)
from neurospeed.api_socket_handlers.user_room_as_user_handler import UserRoom_AS_User_Handler
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler
from neurospeed.hia_user_data.neurobrave_sensor_interface import HIA_Client, get_sensors_mockup
from neurospeed.macros import macros as published_macros
from neurospeed_ext.compat.errors import AccessDeniedError, NotLoggedInError
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import ACCOUNT_ID, CUSTOMER, login_customer, new_user, two_customer_seed

PASSWORD = "secret-pass"
WAIT = 5.0
ROWS = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def wait_until(check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.02)
    return result


class Collected:
    def __init__(self) -> None:
        self._items: list[Any] = []
        self._lock = threading.Lock()

    def __call__(self, *args: Any) -> None:
        with self._lock:
            self._items.append(args[0] if len(args) == 1 else args)

    @property
    def items(self) -> list[Any]:
        with self._lock:
            return list(self._items)


@pytest.fixture
def env(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> SandboxServer:
    monkeypatch.setenv("NEUROSPEED_SERVER", sandbox.base_url)
    monkeypatch.delenv("NEUROSPEED_ACCOUNT_ID", raising=False)
    return sandbox


@pytest.fixture
def username(sandbox: SandboxServer) -> str:
    name: str = new_user(login_customer(sandbox), PASSWORD)["username"]
    return name


@pytest.fixture
def customer_auth(env: SandboxServer) -> Auth_AS_Customer_handler:
    auth = Auth_AS_Customer_handler(dict(CUSTOMER))
    assert auth.login() is True
    return auth


def user_auth_of(name: str) -> Auth_AS_User_Handler:
    auth = Auth_AS_User_Handler(
        {"account_id": ACCOUNT_ID, "username": name, "user_password": PASSWORD}
    )
    assert auth.login() is True
    return auth


@pytest.fixture
def connected_hia(username: str) -> Iterator[HIA_Client]:
    hia = HIA_Client(user_auth_of(username), get_sensors_mockup())
    hia.connect()
    yield hia
    hia.disconnect()


# -- authentication --------------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        {"account_id": ACCOUNT_ID, "password": "user1-pass"},
        {"account_id": ACCOUNT_ID, "user_password": "user1-pass"},
        {"customer_username": ACCOUNT_ID, "user_password": "user1-pass"},  # older configs
    ],
)
def test_user_login_in_either_form(env: SandboxServer, config: dict[str, str]) -> None:
    config = {"username": "user1", **config}
    for auth in (Auth_AS_User_Handler(config), Auth_AS_User_Handler(dict=config)):
        assert auth.login() is True and auth.is_logged_in()
        assert auth.client.customers.raw_data_access() is True
        assert auth.update_refresh_token() is True and auth.get_access_token()


def test_wrong_passwords_raise_authentication_errors_that_hide_them(env: SandboxServer) -> None:
    wrong = "not-the-password-42"
    user = Auth_AS_User_Handler(dict={"username": "user1", "password": wrong, "account_id": "x"})
    with pytest.raises(ns.AuthenticationError) as caught:
        user.login()
    assert wrong not in str(caught.value) and wrong not in repr(caught.value)
    assert user.is_logged_in() is False and wrong not in repr(user)
    customer = Auth_AS_Customer_handler({"email": CUSTOMER["email"], "password": wrong})
    with pytest.raises(ns.AuthenticationError) as caught:
        customer.login()
    assert wrong not in str(caught.value) and wrong not in repr(customer)


def test_sockets_need_a_login_first(env: SandboxServer) -> None:
    auth = Auth_AS_User_Handler({"username": "user1", "password": "x", "account_id": "sandbox"})
    with pytest.raises(NotLoggedInError, match="login"):
        UserRoom_AS_User_Handler(auth).connect()
    with pytest.raises(NotLoggedInError):
        HIA_Client(auth, get_sensors_mockup()).connect()


# -- the HIA ---------------------------------------------------------------------------


def test_sensor_info_the_server_refuses_raises_socket_connect_error(
    env: SandboxServer, username: str
) -> None:
    sensors = get_sensors_mockup()
    stream_id = next(iter(sensors))
    sensors[stream_id]["stream_id"] = "another_id"  # passes local checks, not the server's
    hia = HIA_Client(user_auth_of(username), sensors)
    with pytest.raises(ns.SocketConnectError, match="stream_id"):
        hia.connect()
    assert not hia.is_connected()


def test_ssr_requests_reach_the_hia_and_gateway_sees_it(
    customer_auth: Auth_AS_Customer_handler, connected_hia: HIA_Client, username: str
) -> None:
    states, payloads = Collected(), Collected()
    connected_hia.attach_stream_state_handler(states)
    connected_hia.attach_downlink_handler(payloads)
    stream_id = next(iter(connected_hia.get_sensor_info()))
    hia_id = connected_hia.get_hia_id()

    gateway = Gateway_HttpHandler(customer_auth)
    assert username in [u["username"] for u in gateway.get_connected_users()]
    page = gateway.get_connections(1, 50)
    assert (username, hia_id) in [(c["username"], c["hia_id"]) for c in page["pager"]["items"]]

    ssr = SSR_HttpHandler(customer_auth)
    ssr.change_stream_state(username, hia_id, stream_id, "disabled")
    ssr.send_downlink(username, hia_id, {"command": "beep", "times": 2})
    wait_until(lambda: states.items and payloads.items, "both server-side requests")
    assert states.items == [{stream_id: "disabled"}]
    assert payloads.items == [{"command": "beep", "times": 2}]
    assert connected_hia.is_stream_enabled(stream_id) is False
    assert connected_hia.get_sensor_info()[stream_id]["stream_state"] == "disabled"


# -- customer-side rooms and downlinks -------------------------------------------------


def test_customer_rooms_and_downlinks(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    user_auth = user_auth_of(username)
    connects, disconnects, data, routed = Collected(), Collected(), Collected(), Collected()
    customer_room = CustomerRoom_Handler(customer_auth)
    customer_room.set_hia_connection_external_handler(connects)
    customer_room.set_hia_disconnect_external_handler(disconnects)
    watch = UserRoom_AS_Customer_Handler(customer_auth, username)
    watch.set_data_external_handler(lambda room, payload: data(room, payload))  # published
    user_downlink = DownlinkRoom_AS_User_Handler(user_auth)
    user_downlink.set_downlink_router_external_handler(routed)
    customer_downlink = DownlinkRoom_AS_Customer_Handler(customer_auth, username)
    sockets = (customer_room, watch, user_downlink, customer_downlink)
    try:
        for socket in sockets:
            socket.connect()
            assert socket.is_connected()
        hia = HIA_Client(user_auth, get_sensors_mockup())
        hia.connect()
        stream_id = next(iter(hia.get_sensor_info()))
        hia.send_data(ROWS, stream_id)
        hia.disconnect()
        customer_downlink.route_message({"note": "hello"})
        wait_until(
            lambda: connects.items and disconnects.items and data.items and routed.items,
            "events, data and the routed message",
        )
        assert connects.items[0]["hia_id"] == hia.get_hia_id()
        assert connects.items[0]["username"] == username
        assert disconnects.items[0]["type"] == "disconnect"
        room, payload = data.items[0]
        assert room is watch and [row[:3] for row in payload["data"]["sample"]] == ROWS
        assert routed.items == [(user_downlink, {"note": "hello"})]
    finally:
        for socket in sockets:
            socket.disconnect()


# -- recorder and exporter: both forms -------------------------------------------------


def test_list_recorders_both_forms(customer_auth: Auth_AS_Customer_handler, username: str) -> None:
    handler = UserRoom_Recorder_Handler(customer_auth)
    created = handler.create_recorder(username, "listed")
    manual = handler.list_recorders(username)
    by_keyword = handler.list_recorders(username=username)
    published = handler.list_recorders(1, 50, {"username": username})
    assert [r["id"] for r in manual] == [r["id"] for r in by_keyword] == [created["id"]]
    assert [r["id"] for r in published["pager"]["items"]] == [created["id"]]
    assert manual[0]["recorder_name"] == "listed"
    everyone = handler.list_recorders(page_number=1, page_size=50)["pager"]["items"]
    assert created["id"] in [r["id"] for r in everyone]
    handler.update_recorder(created["id"], "stopped")


def test_stop_and_delete_recording_both_forms(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    hia_config = {"username": username}
    handler = UserRoom_Recorder_Handler(customer_auth)
    first = macros.start_recording(customer_auth, hia_config, "manual form")
    assert macros.find_running_recorder(customer_auth, username) == first
    assert macros.stop_recording(first)["status"] == "stopped"  # the manual: no auth
    second = published_macros.start_recording(customer_auth, hia_config, "published form")
    stopped = published_macros.stop_recording(customer_auth, second)
    assert stopped["status"] == "stopped" and stopped["id"] == second
    assert macros.find_running_recorder(customer_auth, username) is None
    macros.delete_recording(first)
    published_macros.delete_recording(customer_auth, second)
    assert handler.list_recorders(username) == []


def test_a_restarted_recording_stops_the_leftover_first(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    left_open = macros.start_recording(customer_auth, {"username": username}, "left open")
    fresh = macros.start_recording(customer_auth, {"username": username}, "fresh")
    recorders = UserRoom_Recorder_Handler(customer_auth)
    assert recorders.get_recorder(left_open)["status"] == "stopped"
    assert recorders.get_recorder(fresh)["status"] == "recording"
    macros.stop_recording(customer_auth, str(fresh))


def test_stopping_an_unknown_recorder_without_auth_asks_for_it(env: SandboxServer) -> None:
    with pytest.raises(ValueError, match=r"stop_recording\(customer_auth, 987654\)"):
        macros.stop_recording(987654)
    with pytest.raises(ValueError, match="customer_auth"):
        macros.delete_recording("987654")


def test_exporter_list_forms_and_both_url_methods(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    recorder_id = macros.start_recording(customer_auth, {"username": username}, "to export")
    macros.stop_recording(recorder_id)
    exporters = UserRoom_Recorder_Exporter_Handler(customer_auth)
    exporter = exporters.create_exporter(str(recorder_id), {"custom_name": "forms.csv"})
    wait_until(lambda: exporters.get_exporter(exporter["id"])["status"] == "exported", "exported")
    manual = exporters.list_exporters(username)
    published = exporters.list_exporters(username, 1, 50)
    assert [e["id"] for e in manual] == [exporter["id"]]
    assert [e["id"] for e in published["pager"]["items"]] == [exporter["id"]]
    exported_url = exporters.get_exported_url(exporter["id"])
    exporter_url = exporters.get_exporter_url(str(exporter["id"]))
    assert exported_url.startswith("http") and exporter_url["url"] == exporter_url
    assert exported_url["url"] == str(exported_url)
    with pytest.raises(TypeError, match="both"):
        exporters.list_exporters(username, 1)
    with pytest.raises(ns.DecodeError, match="custom_name"):
        exporters.create_exporter(recorder_id, {"start_timestamp_mode": "start"})
    exporters.delete_exporter(exporter["id"])
    assert exporters.list_exporters(username) == []


# -- account manager and users ---------------------------------------------------------


def test_customer_account_manager(customer_auth: Auth_AS_Customer_handler) -> None:
    manager = Customer_Account_Manager(customer_auth)
    assert manager.get_insight_access() is True
    assert manager.get_recording_exporting_access() is True
    assert manager.get_access_to_raw_data() is True
    details = manager.get_customer_details()
    assert details["email"] == CUSTOMER["email"] and details["account_id"] == ACCOUNT_ID
    with pytest.raises(ValueError, match="8 characters") as caught:
        manager.create_new_user("compat_user", "short")
    assert "short" not in str(caught.value)
    created = manager.create_new_user("compat_user", "compat-pass-1")
    assert manager.get_user_id("compat_user") == created["id"]
    names = [u["username"] for u in manager.get_all_existing_users()["pager"]["items"]]
    assert "compat_user" in names
    assert "compat_user" in [u["username"] for u in macros.get_all_existing_users(customer_auth)]
    renamed = manager.modify_user(str(created["id"]), "compat_user2", "compat-pass-2")
    assert renamed["username"] == "compat_user2"
    renamed_auth = Auth_AS_User_Handler(
        {"username": "compat_user2", "password": "compat-pass-2", "account_id": ACCOUNT_ID}
    )
    assert renamed_auth.login() is True
    assert manager.delete_user(created["id"]) is True
    with pytest.raises(ns.NotFoundError):
        manager.get_user_id("compat_user2")
    assert manager.check_password_for_validity("12345678") is True
    assert manager.check_username_for_validity("") is False


# -- insights --------------------------------------------------------------------------


def test_insight_handler_answers_every_method(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    handler = Insight_User_Handler(customer_auth)
    user_id = Customer_Account_Manager(customer_auth).get_user_id(username)
    day = "2024-03-06"
    calls: dict[str, Callable[[], Any]] = {
        "get_user_insights": lambda: handler.get_user_insights(user_id),
        "get_user_alltime_insights": lambda: handler.get_user_alltime_insights(
            "2024-03-01", day, "output$neurobrave_stress2", "day", user_id
        ),
        "get_user_insights_stats": lambda: handler.get_user_insights_stats(
            day, "output$neurobrave_stress2", "hour", user_id
        ),
        "get_user_all_insights_stats": lambda: handler.get_user_all_insights_stats(
            day, "output$neurobrave_stress2", "day", user_id
        ),
        "get_user_stress_baseline": lambda: handler.get_user_stress_baseline(
            "output$neurobrave_stress2", user_id
        ),
        "get_user_history_hourly_insights": lambda: handler.get_user_history_hourly_insights(
            "+0000", user_id
        ),
        "get_first_day_of_the_week": lambda: handler.get_first_day_of_the_week(user_id),
    }
    for name in (
        "get_user_daily_stress",
        "get_user_battery",
        "get_user_hourly_insights",
        "get_weekly_stress_average",
        "get_weekly_stress_change",
        "get_weekly_stress_index",
        "get_weekly_stressful_time",
        "get_weekly_quiet_time",
    ):
        calls[name] = functools.partial(getattr(handler, name), day, "+0200", user_id)
    for name in (
        "get_weekly_best_sleep",
        "get_weekly_worst_sleep",
        "get_calendar_stress_graph",
        "get_dates_of_last_6_month_without_stress",
        "get_dates_of_last_6_month_with_stress",
        "calculate_daily_stress_for_6_month",
    ):
        calls[name] = functools.partial(getattr(handler, name), day, user_id)
    published = {n for n in dir(Insight_User_Handler) if not n.startswith("_")}
    assert published - set(calls) == {"set_first_day_of_the_week"}
    for name, call in calls.items():
        assert isinstance(call(), dict | list), name


def test_insight_macros_for_a_customer_and_for_the_user(
    customer_auth: Auth_AS_Customer_handler, username: str
) -> None:
    user_auth = user_auth_of(username)
    answer = macros.set_first_day_of_the_week(customer_auth, "monday", username)
    assert answer == macros.get_first_day_of_the_week(user_auth)
    assert isinstance(answer, dict) and answer["first_day_of_week"] == "monday"
    by_customer = macros.get_user_battery(customer_auth, "2024-03-06", None, username)
    assert by_customer == published_macros.get_user_battery(user_auth, "2024-03-06")
    with pytest.raises(ValueError, match="username"):
        macros.get_user_insights(customer_auth)


def test_macros_raise_access_denied_instead_of_returning_none(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    other = start_sandbox(seed=two_customer_seed())
    auth = Auth_AS_Customer_handler(
        {"email": "other@sandbox.local", "password": "other-pass"}, other.base_url
    )
    auth.login()
    with pytest.raises(AccessDeniedError, match="insights"):
        macros.get_user_insights(auth, "user1")
    assert Customer_Account_Manager(auth).get_insight_access() is False
