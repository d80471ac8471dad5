"""The manual's surface without a server: configs, ids, URLs, samples, callbacks, names."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

import neurospeed_api as ns
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler
from neurospeed.constants import PROD_API_CONFIG
from neurospeed.hia_user_data.neurobrave_sensor_interface import HIA_Client, get_sensors_mockup
from neurospeed.utils.api_config_service import ApiConfig
from neurospeed.utils.helper_service import UtilService
from neurospeed_ext.compat.callbacks import call_fitting, call_with_context
from neurospeed_ext.compat.hia_client import _samples
from neurospeed_ext.compat.macros import _fresh_name
from neurospeed_ext.compat.sensors import get_stream_id_from_sensor_info
from neurospeed_ext.compat.wire import ExportedUrl, as_date, as_id
from neurospeed_ext.sandbox.live.sensor_info import parse_sensors_info

SECRET = "very-secret-pass"
USER = {"username": "subject01", "user_password": SECRET, "account_id": "acme"}


@pytest.fixture(autouse=True)
def _no_env_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEUROSPEED_SERVER", raising=False)
    monkeypatch.delenv("NEUROSPEED_ACCOUNT_ID", raising=False)


# -- configs and auth handlers (no request is made) ------------------------------------


def test_load_config_file_reads_json_and_names_the_file_on_errors(tmp_path: Path) -> None:
    good = tmp_path / "customer_config.json"
    good.write_text(json.dumps({"email": "a@b.c", "password": SECRET}), encoding="utf-8")
    assert UtilService.load_config_file(str(good)) == {"email": "a@b.c", "password": SECRET}

    missing = tmp_path / "nope.json"
    with pytest.raises(FileNotFoundError, match=r"nope\.json"):
        UtilService.load_config_file(missing)

    broken = tmp_path / "broken.json"
    broken.write_text('{"email": "a@b.c", "password": "' + SECRET, encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json") as caught:
        UtilService.load_config_file(broken)
    assert SECRET not in str(caught.value)

    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON object"):
        UtilService.load_config_file(listed)


def test_generate_id_has_the_asked_length_and_alphabet() -> None:
    ids = {UtilService.generateId(6) for _ in range(50)}
    assert len(ids) > 45
    assert all(len(i) == 6 and i.isalnum() and i.upper() == i for i in ids)
    with pytest.raises(ValueError):
        UtilService.generateId(0)


def test_api_config_and_the_production_constant() -> None:
    prod = ApiConfig(PROD_API_CONFIG)
    assert prod.get_http_url() == "https://api.neurospeed.io"
    assert prod.get_socket_url() == "wss://api.neurospeed.io"
    local = ApiConfig("http://127.0.0.1:3000")
    assert (local.get_http_url(), local.get_socket_url()) == (
        "http://127.0.0.1:3000",
        "ws://127.0.0.1:3000",
    )


@pytest.mark.parametrize("password_key", ["password", "user_password"])
def test_user_handler_takes_either_call_form_and_password_key(password_key: str) -> None:
    config = {"username": "subject01", password_key: SECRET, "account_id": "acme"}
    for auth in (Auth_AS_User_Handler(config), Auth_AS_User_Handler(dict=config)):
        assert auth.get_username() == "subject01"
        assert auth.get_account_id() == "acme"
        assert len(auth.get_hia_id()) == 6
        assert auth.is_logged_in() is False
        assert auth.get_access_token() is None
        assert SECRET not in repr(auth)
        assert auth.client.base_url == "https://api.neurospeed.io/api"
    assert "HIA_ID" not in config  # the caller's dict is not changed


def test_user_handler_account_id_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    older = {"username": "u", "password": SECRET, "customer_username": "old-acme"}
    assert Auth_AS_User_Handler(older).get_account_id() == "old-acme"
    bare = {"username": "u", "password": SECRET}
    with pytest.raises(ValueError, match="account_id") as caught:
        Auth_AS_User_Handler(bare)
    assert "NEUROSPEED_ACCOUNT_ID" in str(caught.value) and SECRET not in str(caught.value)
    monkeypatch.setenv("NEUROSPEED_ACCOUNT_ID", "env-acme")
    assert Auth_AS_User_Handler(bare).get_account_id() == "env-acme"
    assert Auth_AS_User_Handler({**bare, "HIA_ID": "ABC123"}).get_hia_id() == "ABC123"


def test_handlers_refuse_incomplete_or_doubled_configs() -> None:
    with pytest.raises(ValueError, match="'user_password' or 'password'"):
        Auth_AS_User_Handler({"username": "u", "account_id": "a"})
    with pytest.raises(ValueError, match="'username'"):
        Auth_AS_User_Handler({"password": SECRET, "account_id": "a"})
    with pytest.raises(TypeError, match="once"):
        Auth_AS_User_Handler(USER, dict=USER)
    with pytest.raises(TypeError, match="required"):
        Auth_AS_Customer_handler()
    with pytest.raises(ValueError, match="'email'"):
        Auth_AS_Customer_handler({"password": SECRET})


def test_env_server_and_api_config_choose_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEUROSPEED_SERVER", "http://127.0.0.1:3999")
    auth = Auth_AS_Customer_handler({"email": "c@d.e", "password": SECRET})
    assert auth.client.base_url == "http://127.0.0.1:3999/api"
    assert SECRET not in repr(auth)
    config = {"api_address": "http://127.0.0.1:4001", "pipeline_address": "ws://127.0.0.1:4002"}
    other = Auth_AS_Customer_handler({"email": "c@d.e", "password": SECRET}, config)
    assert other.server.socket == "ws://127.0.0.1:4002"


# -- HIA client pieces -----------------------------------------------------------------


def test_sensors_mockup_is_valid_sensor_info_the_sandbox_accepts() -> None:
    mockup = get_sensors_mockup()
    [(stream_id, info)] = mockup.items()
    assert stream_id.startswith("user_data")
    assert info["sensor_id"] == info["stream_id"] == stream_id
    assert info["channel_count"] == len(info["channel_map"])
    assert info["stream_state"] == "enabled"
    assert parse_sensors_info(json.dumps(mockup))[stream_id].device_type == ns.DeviceType.USER_DATA
    assert get_sensors_mockup().keys() != mockup.keys()


def test_hia_client_checks_sensor_info_locally_and_copies_it() -> None:
    auth = Auth_AS_User_Handler(USER, "http://127.0.0.1:3999")
    mockup = get_sensors_mockup()
    stream_id = next(iter(mockup))
    hia = HIA_Client(auth, mockup)
    assert hia.get_sensor_info() == mockup and hia.get_sensor_info() is not mockup
    assert hia.is_stream_enabled(stream_id) and not hia.is_connected()
    assert hia.get_hia_id() == auth.get_hia_id() and hia.get_username() == "subject01"
    hia.update_sensor_info(stream_id, {"channel_count": 2})  # checked at connect or send
    with pytest.raises(ValueError, match="channel_map"):
        hia.send_data([[1.0, 2.0]], stream_id)
    hia.update_sensor_info(stream_id, {"channel_map": ["a", "b"]})
    bad = {stream_id: {**mockup[stream_id], "channel_count": 5}}
    with pytest.raises(ValueError, match="channel"):
        HIA_Client(auth, bad)


def test_samples_accepts_a_list_of_samples_or_one_flat_sample() -> None:
    assert _samples([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
    assert _samples([1.5, 2.5]) == [[1.5, 2.5]]
    assert _samples(iter([(1, 2)])) == [(1, 2)]
    assert _samples([]) == []
    with pytest.raises(ValueError):
        _samples("1,2")


def test_stream_id_hint_by_prefix_then_by_device_type() -> None:
    sensors: dict[str, Any] = {
        "EEG_X1": {"device_type": "EEG"},
        "wrist": {"device_type": "PPG"},
    }
    assert get_stream_id_from_sensor_info(sensors) == "EEG_X1"
    assert get_stream_id_from_sensor_info(sensors, "ppg") == "wrist"
    with pytest.raises(ValueError, match="GSR"):
        get_stream_id_from_sensor_info(sensors, "GSR")


# -- small shared helpers --------------------------------------------------------------


def test_exported_url_is_a_str_and_answers_the_url_key() -> None:
    url = ExportedUrl("http://host/file.csv?sig=1")
    assert isinstance(url, str) and url == "http://host/file.csv?sig=1"
    assert url["url"] == url.url == str(url)
    assert url[0:4] == "http" and url[-1] == "1"
    with pytest.raises(KeyError):
        url["status"]


def test_ids_and_dates_in_either_form() -> None:
    assert as_id(7, "id") == as_id("7", "id") == as_id(" 7 ", "id") == 7
    for bad in ("x7", True, 7.0, None):
        with pytest.raises(ValueError, match="id"):
            as_id(bad, "id")
    day = datetime.date(2024, 3, 11)
    assert as_date("2024-03-11", "d") == as_date(day, "d") == day
    assert as_date(datetime.datetime(2024, 3, 11, 5), "d") == day
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        as_date("11/03/2024", "d")


def test_callbacks_get_the_context_only_when_they_take_it() -> None:
    got: list[tuple[Any, ...]] = []

    def two(room: Any, payload: Any) -> None:
        got.append((room, payload))

    def one(payload: Any) -> None:
        got.append((payload,))

    def none() -> None:
        got.append(())

    call_with_context(two, "room", {"a": 1})
    call_with_context(one, "room", {"a": 1})
    call_fitting(one, "hia")
    call_fitting(none, "hia")
    call_fitting(lambda *args: got.append(args), "hia", "reason")
    assert got == [("room", {"a": 1}), ({"a": 1},), ("hia",), (), ("hia", "reason")]


def test_download_names_are_safe_stamped_and_never_reused(tmp_path: Path) -> None:
    first = _fresh_name(tmp_path, "../my data:1.csv", 3)
    assert first.startswith("my data_1_") and first.endswith(".csv") and "/" not in first
    (tmp_path / first).write_text("x")
    second = _fresh_name(tmp_path, "../my data:1.csv", 3)
    assert second != first and second.endswith("-2.csv")
    assert _fresh_name(tmp_path, "", 9).startswith("recording-9_")


def test_hia_client_disconnect_never_drops_queued_samples_silently() -> None:
    auth = Auth_AS_User_Handler(USER, "http://127.0.0.1:9")
    mockup = get_sensors_mockup()
    hia = HIA_Client(auth, mockup)
    hia.send_data([1.0, 2.0, 3.0], next(iter(mockup)))  # queued: connect() would send it
    with pytest.raises(TimeoutError, match="1 samples still unsent"):
        hia.disconnect()  # not connected: says so at once instead of waiting
    hia.disconnect()  # nothing left
