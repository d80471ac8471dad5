"""The generated Socket.IO channels and `Hia` against the sandbox, over real websockets."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator

import pytest

import neurospeed_api as ns
from neurospeed_ext.sandbox import Settings
from neurospeed_ext.sandbox.server import SandboxServer
from neurospeed_ext.upstream.hia import Hia
from tests.e2e.socket_helpers import Inbox, connected, eeg_sensor, samples_of, user_session

STREAM = "EEG_sock01"


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(Settings(hia_ping_interval=0.05)) as running:
        yield running


def _sine_rows(count: int, start: int = 0, hz: float = 10.0) -> list[list[float]]:
    """8 channels; channel 0 a sine at `hz` (256 Hz sampling), the others small ramps."""
    return [
        [math.sin(2 * math.pi * hz * (start + i) / 256.0)] + [0.001 * c for c in range(1, 8)]
        for i in range(count)
    ]


def test_hia_to_user_rooms_as_user_and_as_customer(server: SandboxServer) -> None:
    with user_session(server.api_url) as (customer, user, username):
        as_user = ns.UserRoomAsUserSocket(server.base_url, tokens=user.tokens)
        as_customer = ns.UserRoomAsCustomerSocket(server.base_url, tokens=customer.tokens)
        got_user: Inbox[ns.DataPacket] = Inbox()
        got_customer: Inbox[ns.DataPacket] = Inbox()
        as_user.on_data(got_user)
        as_customer.on_data(got_customer)
        with as_user, as_customer:
            as_user.connect()
            as_customer.connect(username=username)
            rows = _sine_rows(768)
            with Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user) as hia:
                hia.send(STREAM, rows)
                hia.flush(10)
            for inbox in (got_user, got_customer):
                packets = inbox.wait_until(lambda p: len(samples_of(p, STREAM)) >= len(rows))
                received = samples_of(packets, STREAM)
                assert [r[:8] for r in received] == rows  # each sample once, in order
                assert all(len(r) == 9 for r in received)  # a timestamp appended to each
                last = packets[-1]
                assert last.hia_id == hia.hia_id and last.device_type == "EEG"
                assert last.sensor_info.channel_count == 8
                assert last.output is not None and last.output.brainwave_power is not None
                bands = last.output.brainwave_power.brainwave
                assert bands is not None and bands.alpha is not None and bands.beta is not None
                assert bands.alpha[0] > bands.beta[0]  # 10 Hz lies in alpha


def test_customer_room_and_user_room_hear_hia_connect_and_disconnect(
    server: SandboxServer,
) -> None:
    with user_session(server.api_url) as (customer, user, username):
        room = ns.CustomerRoomSocket(server.base_url, tokens=customer.tokens)
        user_room = ns.UserRoomAsUserSocket(server.base_url, tokens=user.tokens)
        heard: Inbox[ns.DeviceEvent] = Inbox()
        heard_by_user: Inbox[ns.DeviceEvent] = Inbox()
        room.on_hia_events(heard)
        user_room.on_events(heard_by_user)
        with room, user_room:
            room.connect()
            user_room.connect()
            hia = Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user)
            hia.connect()
            hia.close()
            for inbox in (heard, heard_by_user):
                events = inbox.wait_until(
                    lambda e: (
                        [x.type for x in e if x.hia_id == hia.hia_id]
                        == [ns.DeviceEventType.CONNECT, ns.DeviceEventType.DISCONNECT]
                    )
                )
                mine = [e for e in events if e.hia_id == hia.hia_id]
                assert mine[0].username == username
                assert mine[0].sensors is not None and set(mine[0].sensors) == {STREAM}


def test_ssr_stream_state_flips_the_hia_and_downlink_reaches_it(server: SandboxServer) -> None:
    with user_session(server.api_url) as (customer, user, username):
        states: Inbox[dict[str, ns.StreamState]] = Inbox()
        payloads: Inbox[ns.JsonValue] = Inbox()
        with Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user) as hia:
            hia.on_stream_state(states)
            hia.on_downlink(payloads)
            assert hia.is_stream_enabled(STREAM)
            customer.ssr.stream_state(
                username=username,
                hia_id=hia.hia_id,
                stream_id=STREAM,
                stream_state=ns.StreamState.DISABLED,
            )
            states.wait_until(lambda s: len(s) == 1)
            assert states.items == [{STREAM: ns.StreamState.DISABLED}]
            assert not hia.is_stream_enabled(STREAM)
            assert hia.sensor_info[STREAM].stream_state == ns.StreamState.DISABLED
            customer.ssr.downlink(username=username, hia_id=hia.hia_id, payload={"led": [1, 2]})
            assert payloads.wait_until(lambda p: len(p) == 1) == [{"led": [1, 2]}]


def test_router_reaches_the_users_downlink_sockets(server: SandboxServer) -> None:
    with user_session(server.api_url) as (customer, user, username):
        listener = ns.DownlinkRoomAsUserSocket(server.base_url, tokens=user.tokens)
        sender = ns.DownlinkRoomAsCustomerSocket(server.base_url, tokens=customer.tokens)
        heard: Inbox[ns.JsonValue] = Inbox()
        listener.on_downlink(heard)
        with listener, sender:
            listener.connect()
            sender.connect(username=username)
            sender.emit_router({"from": "customer", "n": 1})
            listener.emit_router({"from": "user", "n": 2})
            got = heard.wait_until(lambda h: len(h) == 2)
            assert sorted(got, key=lambda m: m["n"]) == [  # type: ignore[index]
                {"from": "customer", "n": 1},
                {"from": "user", "n": 2},
            ]


def test_a_callback_that_raises_is_logged_and_the_channel_keeps_working(
    server: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    with user_session(server.api_url) as (_, user, _username):
        room = ns.UserRoomAsUserSocket(server.base_url, tokens=user.tokens)
        after: Inbox[ns.DataPacket] = Inbox()

        def broken(packet: ns.DataPacket) -> None:
            raise RuntimeError("a bug in the user's callback")

        room.on_data(broken)
        room.on_data(after)
        with room, Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user) as hia:
            room.connect()
            hia.send_direct(STREAM, _sine_rows(4))
            after.wait_until(lambda p: len(p) == 1)
            hia.send_direct(STREAM, _sine_rows(4, start=4))
            after.wait_until(lambda p: len(p) == 2)
            assert room.is_connected()
        assert "a bug in the user's callback" in caplog.text


def test_refused_connect_names_the_reason_and_not_the_token(server: SandboxServer) -> None:
    hia = ns.HiaSocket(server.base_url, access_token="not-a-token", reconnection=False)
    with pytest.raises(ns.SocketConnectError) as refused:
        hia.connect(
            hia_id="abc123",
            sensors_info={STREAM: eeg_sensor(STREAM)},
            current_local_time=0,
            local_timezone="+0000",
        )
    assert "/hia" in str(refused.value) and "not-a-token" not in str(refused.value)
    with pytest.raises(ns.SocketNotConnectedError):
        hia.emit_pong()


def test_the_hia_answers_ping_by_itself(server: SandboxServer) -> None:
    with user_session(server.api_url) as (_, user, _username):
        pings: Inbox[None] = Inbox()
        with Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user) as hia:
            hia.socket.on_ping(lambda: pings(None))
            pings.wait_until(lambda p: len(p) >= 3)
            connected(hia.socket)
            pongs = server.call(
                lambda: [c.pongs for c in server.state.connections.all() if c.hia_id == hia.hia_id]
            )
            assert pongs and pongs[0] >= 1


def test_callbacks_run_one_at_a_time_in_arrival_order(server: SandboxServer) -> None:
    with user_session(server.api_url) as (_, user, _username):
        room = ns.UserRoomAsUserSocket(server.base_url, tokens=user.tokens)
        order: Inbox[float] = Inbox()
        busy = threading.Lock()
        overlaps: list[int] = []

        def slow(packet: ns.DataPacket) -> None:
            if not busy.acquire(blocking=False):
                overlaps.append(1)
                return
            try:
                time.sleep(0.002)  # a callback that takes time must not reorder what follows
                assert packet.data is not None
                order(packet.data.sample[0][0])
            finally:
                busy.release()

        room.on_data(slow)
        with room, Hia({STREAM: eeg_sensor(STREAM)}, server=server.base_url, client=user) as hia:
            room.connect()
            for n in range(40):
                hia.send_direct(STREAM, [[float(n)] + [0.0] * 7])
            got = order.wait_until(lambda o: len(o) == 40)
        assert got == [float(n) for n in range(40)]
        assert not overlaps
