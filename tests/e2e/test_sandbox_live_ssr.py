"""Server-side requests reaching HIA sockets, and `router` reaching downlink rooms."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.live_helpers import (
    DOWNLINK_AS_CUSTOMER,
    DOWNLINK_AS_USER,
    Account,
    Peer,
    PeerFactory,
    connect_hia,
    fresh_account,
    peer_pool,
    sensor,
)

SENSORS = {"eeg1": sensor("eeg1", "EEG", ("Fp1",), rate=256.0), "eda1": sensor("eda1")}


@pytest.fixture
def peers() -> Iterator[PeerFactory]:
    with peer_pool() as make:
        yield make


def _stream_state(account: Account, hia_id: str, stream_id: str, state: str) -> object:
    body = {
        "username": account.username,
        "hia_id": hia_id,
        "stream_id": stream_id,
        "stream_state": state,
    }
    return account.customer.ok("POST", "/gateway/ssr/stream_state", json=body)


def _downlink(account: Account, hia_id: str, payload: object) -> object:
    body = {"username": account.username, "hia_id": hia_id, "payload": payload}
    return account.customer.ok("POST", "/gateway/ssr/downlink", json=body)


def test_ssr_requests_reach_a_connected_hia_live(
    sandbox: SandboxServer, peers: PeerFactory
) -> None:
    account = fresh_account(sandbox)
    hia = connect_hia(peers, sandbox, account, SENSORS, hia_id="ssr1")
    answer = _stream_state(account, "ssr1", "eeg1", "disabled")
    assert answer == {"queued": True, "connected": True}
    assert hia.wait_for("ssr_stream_state") == [{"eeg1": "disabled"}]
    assert _downlink(account, "ssr1", json.dumps({"beep": 3})) == answer
    assert _downlink(account, "ssr1", {"led": [1, 2]}) == answer
    assert hia.wait_for("ssr_downlink", 2) == [{"beep": 3}, {"led": [1, 2]}]
    left = sandbox.call(lambda: sandbox.state.outbox.pending((account.user_id, "ssr1")))
    assert left == []  # delivered, not kept for the next connect


def test_ssr_requests_wait_for_the_hia_and_arrive_in_order(
    sandbox: SandboxServer, peers: PeerFactory
) -> None:
    account = fresh_account(sandbox)
    other = connect_hia(peers, sandbox, account, SENSORS, hia_id="elsewhere")
    assert _stream_state(account, "later", "eeg1", "disabled") == {
        "queued": True,
        "connected": False,
    }
    _downlink(account, "later", {"n": 1})
    _stream_state(account, "later", "eeg1", "enabled")
    hia = connect_hia(peers, sandbox, account, SENSORS, hia_id="later")
    assert hia.wait_for("ssr_downlink") == [{"n": 1}]
    assert hia.wait_for("ssr_stream_state", 2) == [{"eeg1": "disabled"}, {"eeg1": "enabled"}]
    ssr = [name for name in hia.event_names() if name.startswith("ssr_")]
    assert ssr == ["ssr_stream_state", "ssr_downlink", "ssr_stream_state"]
    assert other.received("ssr_downlink") == [] and other.received("ssr_stream_state") == []


def _downlink_peers(make: PeerFactory, sandbox: SandboxServer, account: Account) -> list[Peer]:
    listeners = [make(), make()]
    for peer in listeners:
        peer.connect(sandbox, DOWNLINK_AS_USER, headers={"jwt_token": account.user_token})
    return listeners


def test_router_reaches_every_downlink_socket_of_the_user(
    sandbox: SandboxServer, peers: PeerFactory
) -> None:
    account, stranger = fresh_account(sandbox), fresh_account(sandbox)
    listeners = _downlink_peers(peers, sandbox, account)
    theirs = _downlink_peers(peers, sandbox, stranger)
    sender = peers()
    sender.connect(
        sandbox,
        DOWNLINK_AS_CUSTOMER,
        headers={"jwt_token": account.customer_token, "username": account.username},
    )
    assert sender.emit_acked("router", {"from": "customer"}) is True
    assert listeners[0].emit_acked("router", {"from": "user"}) is True
    for listener in listeners:
        assert listener.wait_for("downlink", 2) == [{"from": "customer"}, {"from": "user"}]
    assert sender.received("downlink") == []
    assert all(peer.received("downlink") == [] for peer in theirs)
