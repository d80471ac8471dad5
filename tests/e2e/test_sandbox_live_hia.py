"""HIAs on /hia: connect and disconnect events, packets stored and relayed, ping and pong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from neurospeed_ext.sandbox import SandboxServer, Settings
from tests.e2e.conftest import start_recording
from tests.e2e.live_helpers import (
    CUSTOMER_ROOM,
    USER_AS_CUSTOMER,
    USER_AS_USER,
    Account,
    Peer,
    PeerFactory,
    connect_hia,
    fresh_account,
    peer_pool,
    pipeline,
    sensor,
    wait_until,
)

EDA = {"eda1": sensor("eda1")}
PAGE = {"pager": {"page_number": 1, "page_size": 10}, "filters": {}}


@pytest.fixture(scope="module")
def live() -> Iterator[SandboxServer]:
    """A sandbox that pings HIAs every 50 ms."""
    with SandboxServer(Settings(hia_ping_interval=0.05)) as server:
        yield server


@pytest.fixture
def peers() -> Iterator[PeerFactory]:
    with peer_pool() as make:
        yield make


def _rooms(make: PeerFactory, sandbox: SandboxServer, account: Account) -> list[Peer]:
    """User room as user, user room as customer, customer room; connected."""
    as_user, as_customer, customer_room = make(), make(), make()
    as_user.connect(sandbox, USER_AS_USER, query={"jwt_token": account.user_token})
    as_customer.connect(
        sandbox,
        USER_AS_CUSTOMER,
        query={"jwt_token": account.customer_token, "username": account.username},
    )
    customer_room.connect(sandbox, CUSTOMER_ROOM, headers={"jwt_token": account.customer_token})
    return [as_user, as_customer, customer_room]


def _mine(events: list[Any], hia_id: str) -> list[str]:
    return [e["type"] for e in events if e["hia_id"] == hia_id]


def test_rooms_hear_an_hia_connect_and_disconnect(live: SandboxServer, peers: PeerFactory) -> None:
    account = fresh_account(live)
    as_user, as_customer, customer_room = _rooms(peers, live, account)
    hia = connect_hia(peers, live, account, EDA, hia_id="ev1")
    expected = {"type": "connect", "username": account.username, "hia_id": "ev1", "sensors": EDA}
    for room in (as_user, as_customer):
        assert room.wait_for("events") == [expected]
    assert customer_room.wait_for("hia_events") == [expected]
    connected = account.customer.ok("GET", "/gateway/users/connected")
    assert {"id": account.user_id, "username": account.username} in connected

    hia.close()
    for room in (as_user, as_customer):
        assert room.wait_for("events", 2)[1] == {**expected, "type": "disconnect"}
    assert customer_room.wait_for("hia_events", 2)[1] == {**expected, "type": "disconnect"}
    assert account.customer.ok("POST", "/gateway/connections", json=PAGE)["pager"]["items"] == []


def test_a_second_hia_with_the_same_id_replaces_the_first(
    live: SandboxServer, peers: PeerFactory
) -> None:
    account = fresh_account(live)
    room = _rooms(peers, live, account)[0]
    first = connect_hia(peers, live, account, EDA, hia_id="twin")
    second = connect_hia(peers, live, account, EDA, hia_id="twin")
    wait_until(lambda: not first.client.connected)
    assert second.emit_acked("pipeline", pipeline("eda1", [[1.0]], hia_id="twin")) is True
    items = account.customer.ok("POST", "/gateway/connections", json=PAGE)["pager"]["items"]
    assert [(i["username"], i["hia_id"]) for i in items] == [(account.username, "twin")]
    assert _mine(room.wait_for("events", 2), "twin") == ["connect", "connect"]
    room.wait_for("data")
    assert _mine([args[0] for args in room.received("events")], "twin") == ["connect", "connect"]


def test_a_packet_is_stored_acked_and_relayed_to_both_user_rooms(
    live: SandboxServer, peers: PeerFactory
) -> None:
    account = fresh_account(live)
    recorder = start_recording(account.customer, account.username)
    as_user, as_customer, _ = _rooms(peers, live, account)
    gsr = {"gsr1": sensor("gsr1", "GSR", ("left", "right"))}
    hia = connect_hia(peers, live, account, gsr, hia_id="rec1")
    rows = [[0.5, 0.25, 1700000000.0], [0.75, 0.5, 1700000000.25]]
    packet = pipeline(
        "gsr1", rows, hia_id="rec1", device_type="EEG", labels=("stim",), onetime=("none",)
    )
    assert hia.emit_acked("pipeline", packet) is True

    stored = account.customer.ok("GET", f"/gateway/recorder/{recorder['id']}")
    assert stored["packets_count"] == 1
    assert stored["stream_ids"] == ["gsr1"]
    assert stored["columns"] == ["left", "right"]
    assert stored["experiment_labels"] == ["stim"]  # the "none" placeholder is not a label
    expected = {
        "stream_id": "gsr1",
        "device_type": "GSR",  # from sensors_info, not from the packet
        "hia_id": "rec1",
        "sensor_info": gsr["gsr1"],
        "data": {"sample": rows},
        "output": {},
    }
    assert as_user.wait_for("data") == [expected]
    assert as_customer.wait_for("data") == [expected]


def test_other_users_rooms_hear_nothing(live: SandboxServer, peers: PeerFactory) -> None:
    account, other = fresh_account(live), fresh_account(live)
    theirs = peers()
    theirs.connect(live, USER_AS_USER, query={"jwt_token": other.user_token})
    mine = _rooms(peers, live, account)[0]
    hia = connect_hia(peers, live, account, EDA, hia_id="iso1")
    assert hia.emit_acked("pipeline", pipeline("eda1", [[1.0]], hia_id="iso1")) is True
    mine.wait_for("data")
    assert theirs.received("data") == [] and theirs.received("events") == []


def test_the_server_pings_each_hia_with_no_argument_and_counts_pongs(
    live: SandboxServer, peers: PeerFactory
) -> None:
    account = fresh_account(live)
    hia = peers()
    pings: list[tuple[Any, ...]] = []

    def on_ping(*args: Any) -> None:
        pings.append(args)
        hia.client.emit("pong")

    hia.client.on("ping", on_ping)
    connect_hia(lambda: hia, live, account, EDA, hia_id="pinged")

    def pongs() -> int:
        connection = live.state.connections.get(account.user_id, "pinged")
        return 0 if connection is None else connection.pongs

    wait_until(lambda: live.call(pongs) >= 3)
    assert pings and all(args == () for args in pings)
    connection = live.call(lambda: live.state.connections.get(account.user_id, "pinged"))
    assert connection is not None and connection.pings >= 3 and connection.last_pong is not None
