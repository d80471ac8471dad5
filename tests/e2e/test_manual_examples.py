"""Every code example of the NeuroSpeed manual (API 2.1.7), run against a real sandbox.

Each example's code is copied from the manual between `# --- manual X.Y` and `# ---`;
only credentials, paths and obvious typos are changed, each change named in a comment.
`NEUROSPEED_SERVER` points the examples at the sandbox (and `NEUROSPEED_ACCOUNT_ID`
supplies the account id where an example omits it). Around each example, the asserts
check real effects: tokens that work, packets an HIA sent arriving in the room, recorder
states, the rows of downloaded CSV files. Every wait is bounded.
"""

from __future__ import annotations

import csv
import math
import os
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import neurospeed_api as ns
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler
from neurospeed.hia_user_data.neurobrave_sensor_interface import HIA_Client, get_sensors_mockup
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import ACCOUNT_ID, CUSTOMER, login_customer, new_user

PASSWORD = "secret-pass"
"""The password `new_user` gives the fresh users."""
WAIT = 5.0
ROWS = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.5, 8.5, 9.5]]


@pytest.fixture
def env(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> SandboxServer:
    """The manual's code, unchanged, talks to this sandbox."""
    monkeypatch.setenv("NEUROSPEED_SERVER", sandbox.base_url)
    monkeypatch.delenv("NEUROSPEED_ACCOUNT_ID", raising=False)
    return sandbox


@pytest.fixture
def username(sandbox: SandboxServer) -> str:
    """A fresh user, so tests sharing the module's sandbox never share recorders."""
    name: str = new_user(login_customer(sandbox), PASSWORD)["username"]
    return name


def wait_until(check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.02)
    return result


class Collected:
    """What a callback received, from socket threads."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._lock = threading.Lock()

    def append(self, item: Any) -> None:
        with self._lock:
            self.items.append(item)

    def snapshot(self) -> list[Any]:
        with self._lock:
            return list(self.items)


def samples_in(payloads: list[dict[str, Any]], stream_id: str, width: int) -> list[list[float]]:
    """The channel values (timestamps cut off) of every packet of one stream."""
    return [
        row[:width]
        for payload in payloads
        if payload["stream_id"] == stream_id
        for row in payload["data"]["sample"]
    ]


def user_config(name: str) -> dict[str, str]:
    return {"account_id": ACCOUNT_ID, "username": name, "user_password": PASSWORD}


def logged_in_user(name: str) -> Auth_AS_User_Handler:
    auth = Auth_AS_User_Handler(user_config(name))
    auth.login()
    return auth


def logged_in_customer() -> Auth_AS_Customer_handler:
    auth = Auth_AS_Customer_handler(dict(CUSTOMER))
    auth.login()
    return auth


def csv_rows(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def assert_recorded_rows(rows: list[dict[str, str]], stream_id: str) -> None:
    mine = [row for row in rows if row["stream_id"] == stream_id]
    assert [[float(row[c]) for c in ("X", "Y", "Z")] for row in mine] == ROWS
    assert {row["label"] for row in mine} == {"phase one"}
    assert all(row["device_type"] == "user_data" for row in mine)


# -- 3. Authentication -----------------------------------------------------------------


def test_3_3_1_user_level_login(env: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEUROSPEED_ACCOUNT_ID", ACCOUNT_ID)  # the example gives no account_id
    # --- manual 3.3.1 (changed: the credentials are the sandbox's user1)
    from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler

    user_auth = Auth_AS_User_Handler(dict={"username": "user1", "password": "user1-pass"})
    user_auth.login()
    # ---
    assert user_auth.is_logged_in() and user_auth.get_username() == "user1"
    with ns.Client(env.api_url, access_token=user_auth.get_access_token()) as raw:
        assert raw.customers.raw_data_access() is True  # the token works on its own
        with pytest.raises(ns.PermissionDeniedError):
            raw.customers.current()  # and it is a user's token, not the customer's


def test_3_4_customer_level_login(env: SandboxServer) -> None:
    # --- manual 3.4.2.1 (changed: the credentials are the sandbox customer's)
    from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler

    customer_config = {
        "email": "customer@sandbox.local",
        "password": "customer-pass",
    }

    customer_auth = Auth_AS_Customer_handler(customer_config)
    customer_auth.login()
    # ---
    assert customer_auth.is_logged_in()
    assert customer_auth.get_customer_email() == "customer@sandbox.local"
    with ns.Client(env.api_url, access_token=customer_auth.get_access_token()) as raw:
        assert raw.customers.current().account_id == ACCOUNT_ID


def test_3_5_1_load_config_file(
    env: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "neurospeed" / "config"
    folder.mkdir(parents=True)
    (folder / "customer_config.json").write_text(
        '{"email": "customer@sandbox.local", "password": "customer-pass"}', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    # --- manual 3.5.1 (changed: "neurospeed\\config" is a Windows path; split for any OS)
    from neurospeed.utils.helper_service import UtilService

    customer_config_path = os.path.join(
        str(Path().absolute()), "neurospeed", "config", "customer_config.json"
    )
    customer_config = UtilService.load_config_file(customer_config_path)
    # ---
    assert customer_config == {"email": "customer@sandbox.local", "password": "customer-pass"}
    assert Auth_AS_Customer_handler(customer_config).login() is True


# -- 4. Downstream: the user's room ----------------------------------------------------


def test_4_2_3_subscribing_to_the_data_stream(env: SandboxServer, username: str) -> None:
    user_auth = logged_in_user(username)
    received = Collected()
    events = Collected()
    # --- manual 4.2.3 (added: the payload is kept for the asserts below)
    from neurospeed.api_socket_handlers.user_room_as_user_handler import (
        UserRoom_AS_User_Handler,
    )

    userRoom = UserRoom_AS_User_Handler(user_auth)  # manual 4.2.1

    def user_data_external_handler(payload: dict[str, Any]) -> None:
        username = user_auth.get_username()
        stream_id = payload["stream_id"]  # noqa: F841 - the manual's line
        device_type = payload["device_type"]
        hia_id = payload["hia_id"]  # noqa: F841 - the manual's line
        sensor_info = payload["sensor_info"]  # noqa: F841 - the manual's line
        print("received data for %s form device %s" % (username, device_type))  # noqa: UP031
        received.append(payload)  # added

    userRoom.set_data_external_handler(user_data_external_handler)
    userRoom.set_device_events_external_handler(events.append)  # manual 4.2.2.2
    userRoom.connect()  # manual 4.2.2.3
    # ---
    try:
        sensors = get_sensors_mockup()
        eeg_id = "EEG_" + next(iter(sensors))[-6:]
        sensors[eeg_id] = {
            "device_type": "EEG",
            "channel_count": 2,
            "channel_map": ["Fp1", "Fp2"],
            "sampling_frequency": 256,
            "manufacturer_id": "OpenBCI",
            "sensor_id": eeg_id,
            "stream_id": eeg_id,
            "stream_state": "enabled",
        }
        user_stream = next(iter(sensors))
        hia = HIA_Client(user_auth, sensors)
        hia.connect()
        hia.send_data(ROWS, user_stream)
        wave = [[math.sin(2 * math.pi * 10 * i / 256), 0.5] for i in range(256)]
        hia.send_data(wave, eeg_id)
        hia.disconnect()

        def all_arrived() -> bool:
            payloads = received.snapshot()
            return (
                samples_in(payloads, user_stream, 3) == ROWS
                and len(samples_in(payloads, eeg_id, 2)) == len(wave)
                and len(events.snapshot()) >= 2
            )

        wait_until(all_arrived, "packets and events in the room")
        payloads = received.snapshot()
        first = next(p for p in payloads if p["stream_id"] == user_stream)
        assert first["device_type"] == "user_data" and first["hia_id"] == user_auth.get_hia_id()
        assert first["sensor_info"]["channel_map"] == ["X", "Y", "Z"]
        assert first["sensor_info"]["sampling_frequency"] == 10
        brainwaves = [
            p["output"]["brainwave_power"]["brainwave"]
            for p in payloads
            if p["stream_id"] == eeg_id and p.get("output", {}).get("brainwave_power")
        ]
        assert brainwaves, "no EEG packet carried brainwave power"
        bands = brainwaves[-1]
        assert set(bands) == {"alpha", "beta", "theta", "gamma", "smr", "delta", "mu"}
        assert len(bands["alpha"]) == 2 and bands["alpha"][0] > bands["delta"][0]
        kinds = [(e["type"], e["hia_id"]) for e in events.snapshot()]
        assert kinds[:2] == [("connect", hia.get_hia_id()), ("disconnect", hia.get_hia_id())]
    finally:
        userRoom.disconnect()


# -- 5. Upstream: the HIA client -------------------------------------------------------


def listen(user_auth: Auth_AS_User_Handler) -> tuple[Any, Collected]:
    from neurospeed.api_socket_handlers.user_room_as_user_handler import (
        UserRoom_AS_User_Handler,
    )

    room = UserRoom_AS_User_Handler(user_auth)
    received = Collected()
    room.set_data_external_handler(received.append)
    room.connect()
    return room, received


def test_5_2_custom_sensor_type(env: SandboxServer, username: str) -> None:
    user1_auth = logged_in_user(username)
    room, received = listen(user1_auth)
    # --- manual 5.2
    from neurospeed.utils.helper_service import UtilService

    sensor_info = dict()
    user_data_stream_id = "my_sensor_name_" + UtilService.generateId(6)

    sensor_info[user_data_stream_id] = {
        "device_type": "user_data",
        "channel_count": 3,
        "sampling_frequency": 600,
        "buffer_length": 1.0,
        "manufacturer_id": "AnalogDevices",
        "sensor_id": user_data_stream_id,
        "stream_id": user_data_stream_id,
        "stream_state": "enabled",
        "channel_map": ["X", "Y", "Z"],
    }
    # ---
    try:
        hia = HIA_Client(user1_auth, sensor_info)
        hia.connect()
        hia.send_data(ROWS, user_data_stream_id)
        hia.disconnect()
        wait_until(
            lambda: samples_in(received.snapshot(), user_data_stream_id, 3) == ROWS,
            "the custom sensor's samples in the room",
        )
        assert received.snapshot()[0]["sensor_info"]["manufacturer_id"] == "AnalogDevices"
    finally:
        room.disconnect()


def test_5_3_hia_client_with_the_mockup(env: SandboxServer, username: str) -> None:
    user1_auth = logged_in_user(username)
    room, received = listen(user1_auth)
    connected = Collected()
    disconnected = Collected()

    def connection_external_handler(hia_client: HIA_Client) -> None:
        connected.append(hia_client)

    def disconnect_external_handler(hia_client: HIA_Client) -> None:
        disconnected.append(hia_client)

    try:
        # --- manual 5.3.1, 5.3.2 (changed: the call's "dict: " annotation is not Python)
        from neurospeed.hia_user_data.neurobrave_sensor_interface import (
            HIA_Client,
            get_sensors_mockup,
        )

        hia_sensor_info_user1 = get_sensors_mockup()
        hia_user1 = HIA_Client(user1_auth, hia_sensor_info_user1)
        # --- manual 5.3.3.1
        my_custom_sensor_info = {
            "sensor_type": "vehicle speed",
            "channel_count": 2,
            "manufacturer_id": "toyota",
        }
        # ---
        first_stream_id = next(iter(hia_sensor_info_user1))
        hia_user1.update_sensor_info(first_stream_id, my_custom_sensor_info)
        # added: two channels need a two-name channel map, or the cloud refuses the HIA
        hia_user1.update_sensor_info(first_stream_id, {"channel_map": ["speed", "rpm"]})
        # --- manual 5.3.3.2 to 5.3.3.6, 5.3.3.8 to 5.3.3.11
        hia_user1.set_socket_connection_external_handler(connection_external_handler)
        hia_user1.set_socket_disconnect_external_handler(disconnect_external_handler)
        hia_user1.set_label("experiment_phase one")
        hia_user1.connect()
        assert hia_user1.is_connected()
        hia_user1.send_data([[50.0, 2000.0], [51.0, 2100.0]], first_stream_id)
        with pytest.raises(ValueError, match="while connected"):
            hia_user1.update_sensor_info(first_stream_id, {"manufacturer_id": "honda"})
        hia_user1.disconnect()
        sensor_info = hia_user1.get_sensor_info()
        # ---
        assert not hia_user1.is_connected()
        assert hia_user1.get_username() == username
        assert sensor_info[first_stream_id]["manufacturer_id"] == "toyota"
        assert sensor_info[first_stream_id]["channel_count"] == 2
        wait_until(
            lambda: (
                samples_in(received.snapshot(), first_stream_id, 2)
                == [[50.0, 2000.0], [51.0, 2100.0]]
            ),
            "the updated stream's samples in the room",
        )
        relayed = received.snapshot()[0]["sensor_info"]
        assert relayed["channel_map"] == ["speed", "rpm"] and relayed["manufacturer_id"] == "toyota"
        wait_until(lambda: connected.snapshot() and disconnected.snapshot(), "both handlers")
        assert connected.snapshot()[0] is hia_user1 and disconnected.snapshot()[0] is hia_user1

        hia_user1.connect()  # the manual: disconnect, change, connect again
        hia_user1.send_data([52.0, 2200.0], first_stream_id)  # one flat sample (published)
        hia_user1.disconnect()
        wait_until(
            lambda: len(samples_in(received.snapshot(), first_stream_id, 2)) == 3,
            "the sample sent after reconnecting",
        )
    finally:
        room.disconnect()


def test_5_3_3_7_send_data_direct_with_the_stream_id_hint(
    env: SandboxServer, username: str
) -> None:
    user1_auth = logged_in_user(username)
    room, received = listen(user1_auth)
    try:
        hia_sensor_info = get_sensors_mockup()
        hia_client = HIA_Client(user1_auth, hia_sensor_info)
        hia_client.connect()
        # --- manual 5.3.3.7 (the hint)
        datatype = "user_data"
        stream_id = list(filter(lambda x: x.startswith(datatype), list(hia_sensor_info.keys())))[0]  # noqa: RUF015
        # ---
        stamps = [1700000000.0, 1700000000.1, 1700000000.2]
        hia_client.send_data_direct(ROWS, stream_id, timestamp=stamps)
        hia_client.send_data_direct([[0.0, 0.0, 0.0]], stream_id, send_without_timestamp=True)
        hia_client.send_data_direct([[1.0, 1.0, 1.0]], stream_id, device_type="EEG")  # logged
        hia_client.disconnect()
        payloads = wait_until(
            lambda: len(samples_in(got := received.snapshot(), stream_id, 3)) == 5 and got,
            "three direct packets in the room",
        )
        rows = [row for p in payloads for row in p["data"]["sample"]]
        assert rows[:3] == [[*row, stamp] for row, stamp in zip(ROWS, stamps, strict=True)]
        assert rows[3] == [0.0, 0.0, 0.0]  # no timestamp: the cloud stamps it
        assert len(rows[4]) == 4 and all(p["device_type"] == "user_data" for p in payloads)
    finally:
        room.disconnect()


# -- 6. The recorder -------------------------------------------------------------------


def test_6_2_recorder_macros(env: SandboxServer, username: str) -> None:
    customer_auth = logged_in_customer()
    hia_config = user_config(username)
    # --- manual 6.2, 6.2.1.1, 6.2.1.2 (the recorder name is ours)
    from neurospeed import macros

    recorder_id = macros.start_recording(customer_auth, hia_config, "my first recording")
    # ---
    assert isinstance(recorder_id, int)
    recorders = customer_auth.client.recorder
    assert recorders.get(recorder_id).status == ns.RecorderStatus.RECORDING
    hia = HIA_Client(logged_in_user(username), get_sensors_mockup())
    hia.connect()
    hia.send_data(ROWS, next(iter(hia.get_sensor_info())))
    hia.disconnect()
    wait_until(lambda: recorders.get(recorder_id).packets_count, "a packet in the recorder")
    # --- manual 6.2.1.2
    macros.stop_recording(recorder_id)
    # ---
    stopped = recorders.get(recorder_id)
    assert stopped.status == ns.RecorderStatus.STOPPED and stopped.recorder_name == (
        "my first recording"
    )


def test_6_3_recorder_handler_methods(env: SandboxServer, username: str) -> None:
    customer_auth = logged_in_customer()
    # --- manual 6.3.1, 6.3.2.1 to 6.3.2.5
    from neurospeed.api_http_handlers.recorder_http_handler import UserRoom_Recorder_Handler

    recorder_handler = UserRoom_Recorder_Handler(customer_auth)
    created = recorder_handler.create_recorder(username)
    recorders = recorder_handler.list_recorders(username)
    recorder = recorder_handler.get_recorder(str(created["id"]))
    status = recorder["status"]
    # ---
    assert [r["id"] for r in recorders] == [created["id"]]
    assert status in ("resource_pending", "pending", "recording")
    recorder_id = str(created["id"])
    wait_until(
        lambda: recorder_handler.get_recorder(recorder_id)["status"] == "recording",
        "recording",
    )
    assert recorder_handler.update_recorder(recorder_id, "paused")["status"] == "paused"
    recorder_handler.update_recorder(recorder_id, "pending")
    wait_until(
        lambda: recorder_handler.get_recorder(recorder_id)["status"] == "recording",
        "recording again after the pause",
    )
    recorder_handler.update_recorder(recorder_id, "stopped")
    wait_until(lambda: recorder_handler.get_recorder(recorder_id)["status"] == "stopped", "stopped")
    recorder_handler.delete_recorder(recorder_id)
    assert recorder_handler.list_recorders(username) == []
    with pytest.raises(ns.NotFoundError):
        recorder_handler.get_recorder(recorder_id)


# -- 7. The exporter -------------------------------------------------------------------


@attrs.frozen
class Recorded:
    customer_auth: Auth_AS_Customer_handler
    hia_config: dict[str, str]
    recorder_id: int
    stream_id: str


@pytest.fixture(scope="module")
def recorded(sandbox: SandboxServer) -> Iterator[Recorded]:
    """A stopped recorder holding ROWS, labelled, sent by an HIA of a fresh user."""
    from neurospeed import macros

    api = sandbox.base_url
    name: str = new_user(login_customer(sandbox), PASSWORD)["username"]
    customer_auth = Auth_AS_Customer_handler(dict(CUSTOMER), api)
    customer_auth.login()
    hia_config = user_config(name)
    user_auth = Auth_AS_User_Handler(hia_config, api)
    user_auth.login()
    recorder_id = macros.start_recording(customer_auth, hia_config, "exported", api_config=api)
    sensors = get_sensors_mockup()
    stream_id = next(iter(sensors))
    hia = HIA_Client(user_auth, sensors, api)
    hia.connect()
    hia.set_label("phase one")
    hia.send_data(ROWS, stream_id)
    hia.disconnect()
    recorders = customer_auth.client.recorder
    wait_until(lambda: recorders.get(recorder_id).packets_count, "the HIA's packet recorded")
    macros.stop_recording(customer_auth, recorder_id, api_config=api)
    yield Recorded(customer_auth, hia_config, recorder_id, stream_id)


def test_7_1_1_1_download_data_macro(
    env: SandboxServer, recorded: Recorded, tmp_path: Path
) -> None:
    customer_auth, hia_config, recorder_id = (
        recorded.customer_auth,
        recorded.hia_config,
        recorded.recorder_id,
    )
    save_folder = str(tmp_path / "data")  # changed: the manual's C:\neurobrave\data
    # --- manual 7.1, 7.1.1.1 (the config's comments turned into values)
    from neurospeed import macros

    exporter_config = {
        "stream_ids": [],
        "is_all_columns": True,
        "is_all_streams": True,
        "selected_columns": [],
        "custom_name": "my_datafile",
        "start_timestamp_mode": "start",
        "end_timestamp_mode": "end",
    }
    exported_filename = macros.download_data(
        customer_auth, recorder_id, exporter_config, hia_config, save_folder
    )
    # ---
    path = Path(exported_filename)
    assert path.is_absolute() and path.parent == Path(save_folder).resolve()
    assert path.name.startswith("my_datafile_") and path.suffix == ".csv"
    assert_recorded_rows(csv_rows(path), recorded.stream_id)
    again = macros.download_data(
        customer_auth, recorder_id, exporter_config, hia_config, save_folder
    )
    assert again != exported_filename and path.exists()  # a rerun never overwrites


def test_7_2_downloading_with_urllib(
    env: SandboxServer, recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neurospeed.api_http_handlers.exporter_http_handler import (
        UserRoom_Recorder_Exporter_Handler,
    )

    handler = UserRoom_Recorder_Exporter_Handler(recorded.customer_auth)
    exporter = handler.create_exporter(recorded.recorder_id, {"custom_name": "urllib.csv"})
    wait_until(lambda: handler.get_exporter(exporter["id"])["status"] == "exported", "exported")
    url = handler.get_exported_url(exporter["id"])
    monkeypatch.chdir(tmp_path)
    # --- manual 7.2
    import urllib.request

    urllib.request.urlretrieve(url, "filename.csv")
    # ---
    assert_recorded_rows(csv_rows(tmp_path / "filename.csv"), recorded.stream_id)


def test_7_3_3_exporter_operation_example(
    env: SandboxServer, recorded: Recorded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neurospeed.api_http_handlers.exporter_http_handler import (
        UserRoom_Recorder_Exporter_Handler,
    )

    customer_auth, my_recorder_id = recorded.customer_auth, recorded.recorder_id
    monkeypatch.chdir(tmp_path)
    deadline = time.monotonic() + WAIT
    # --- manual 7.3.3 (changed: the missing colon, My_exporter_handler ->
    # my_exporter_handler, time.sleep(5) -> 0.05, and a deadline on the loop)
    exporter_config = {
        "custom_name": "my_datafile.csv",
        "start_timestamp_mode": "start",
        "end_timestamp_mode": "end",
    }
    my_exporter_handler = UserRoom_Recorder_Exporter_Handler(customer_auth)
    exporter = my_exporter_handler.create_exporter(my_recorder_id, exporter_config)
    my_exporter_id = str(exporter["id"])

    while not my_exporter_handler.get_exporter(my_exporter_id)["status"] == "exported":  # noqa: SIM201
        print("data not ready")
        time.sleep(0.05)
        assert time.monotonic() < deadline, "not exported in time"  # added
    urllib.request.urlretrieve(my_exporter_handler.get_exporter_url(my_exporter_id), "filename.csv")
    my_exporter_handler.delete_exporter(my_exporter_id)
    # ---
    assert exporter["exporter_name"] == "my_datafile.csv" and exporter["recorder"]["id"] == (
        my_recorder_id
    )
    assert_recorded_rows(csv_rows(tmp_path / "filename.csv"), recorded.stream_id)
    with pytest.raises(ns.NotFoundError):
        my_exporter_handler.get_exporter(my_exporter_id)
