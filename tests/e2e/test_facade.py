"""The facade end to end against a sandbox: sessions, recordings, HIAs and rooms."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import neurospeed_api as ns
from neurospeed_ext import NeuroSpeed
from neurospeed_ext.facade import RoomClosed
from neurospeed_ext.recording import MacroError
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import ACCOUNT_ID, CUSTOMER, login_customer, new_user, wait_for

CHANNELS = ["a", "b", "c"]


def sensors(stream_id: str) -> dict[str, ns.SensorInfo]:
    return {
        stream_id: ns.SensorInfo(
            device_type=ns.DeviceType.USER_DATA,
            channel_count=len(CHANNELS),
            channel_map=CHANNELS,
            sampling_frequency=100,
            manufacturer_id="tests",
            sensor_id=stream_id,
            stream_id=stream_id,
        )
    }


@pytest.fixture
def cloud(sandbox: SandboxServer) -> NeuroSpeed:
    return NeuroSpeed(sandbox.base_url)


@pytest.fixture
def subject(sandbox: SandboxServer) -> dict[str, str]:
    user = new_user(login_customer(sandbox), password="subject-pass")
    return {"username": user["username"], "password": "subject-pass"}


def test_server_forms_resolve_to_the_same_endpoints(sandbox: SandboxServer) -> None:
    by_url = NeuroSpeed(sandbox.base_url).server
    by_api_url = NeuroSpeed(sandbox.api_url).server
    by_config = NeuroSpeed({"api_address": sandbox.base_url}).server
    assert by_url.http == by_api_url.http == by_config.http == sandbox.api_url
    assert by_url.socket == sandbox.base_url.replace("http://", "ws://")


def test_env_names_the_default_server(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEUROSPEED_SERVER", sandbox.base_url)
    with NeuroSpeed().customer(**CUSTOMER) as customer:
        assert customer.client.customers.current().email == CUSTOMER["email"]


def test_bad_password_raises_authentication_error_without_the_password(cloud: NeuroSpeed) -> None:
    with pytest.raises(ns.AuthenticationError) as caught:
        cloud.customer(CUSTOMER["email"], "not-the-password-42")
    assert "not-the-password-42" not in str(caught.value)


def test_recording_streamed_samples_download_as_csv_rows(
    cloud: NeuroSpeed, subject: dict[str, str], tmp_path: Path
) -> None:
    rows = [[float(i), i + 0.5, -i / 4] for i in range(300)]
    stamps = [1_700_000_000 + i / 100 for i in range(300)]
    with (
        cloud.customer(**CUSTOMER) as customer,
        cloud.user(ACCOUNT_ID, subject["username"], subject["password"]) as user,
    ):
        recording = customer.start_recording(subject["username"], "facade")
        assert recording.status == ns.RecorderStatus.RECORDING
        with user.hia(sensors("s1")) as hia:
            hia.send("s1", rows, stamps)
            hia.flush(timeout=10)
        recording.stop()
        assert recording.status == ns.RecorderStatus.STOPPED
        assert [r.id for r in customer.recordings(subject["username"])] == [recording.id]
        path = recording.download(tmp_path, {"custom_name": "facade.csv"}, progress=False)
    assert path == tmp_path / "facade.csv"
    with path.open(newline="") as handle:
        found = [
            ([float(r[c]) for c in CHANNELS], float(r["timestamp"])) for r in csv.DictReader(handle)
        ]
    assert found == list(zip(rows, stamps, strict=True))


def test_start_recording_stops_the_leftover_one(cloud: NeuroSpeed, subject: dict[str, str]) -> None:
    with cloud.customer(**CUSTOMER) as customer:
        first = customer.start_recording(subject["username"], "first")
        second = customer.start_recording(subject["username"], "second")
        assert first.refresh().status == ns.RecorderStatus.STOPPED
        assert second.status == ns.RecorderStatus.RECORDING
        second.stop()


def test_macro_failure_names_the_step(cloud: NeuroSpeed) -> None:
    with cloud.customer(**CUSTOMER) as customer, pytest.raises(MacroError) as caught:
        customer.start_recording("nobody-by-this-name", "x")
    # The first step that touches the user fails: listing the user's leftover recorders.
    assert caught.value.step == "list recorders"
    assert isinstance(caught.value.__cause__, ns.NotFoundError)
    assert str(caught.value).startswith("list recorders: ")


def test_room_iterates_packets_an_hia_sends(cloud: NeuroSpeed, subject: dict[str, str]) -> None:
    with (
        cloud.user(ACCOUNT_ID, subject["username"], subject["password"]) as user,
        user.room() as room,
        user.hia(sensors("s2")) as hia,
    ):
        hia.send("s2", [[1.0, 2.0, 3.0]] * 5)
        packets = list(room.packets(timeout=5, limit=1))
        assert packets[0].stream_id == "s2"
        assert packets[0].data.sample[0][:3] == [1.0, 2.0, 3.0]
    with pytest.raises(RoomClosed):
        room.get(timeout=1)


def test_customer_room_of_a_user_and_a_slow_reader_drops_oldest(
    cloud: NeuroSpeed, subject: dict[str, str]
) -> None:
    with (
        cloud.customer(**CUSTOMER) as customer,
        cloud.user(ACCOUNT_ID, subject["username"], subject["password"]) as user,
        customer.room(subject["username"], max_buffered=2) as room,
        user.hia(sensors("s3")) as hia,
    ):
        for value in range(4):
            hia.send_direct("s3", [[float(value)] * 3])
        wait_for(lambda: room.received == 4, timeout=5)
        got = list(room.packets(timeout=0.2))
    assert room.received == 4
    assert room.dropped == 2
    assert [p.data.sample[0][0] for p in got] == [2.0, 3.0]
