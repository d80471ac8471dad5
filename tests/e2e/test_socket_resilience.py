"""Streams that survive the server: a restart mid-stream, and a token that expired meanwhile."""

from __future__ import annotations

import time

from neurospeed_ext.sandbox.server import SandboxServer
from neurospeed_ext.upstream.hia import Hia
from tests.e2e.socket_helpers import connected, eeg_sensor, user_session

STREAM = "EEG_resil1"


def _stored_samples(server: SandboxServer, username: str, hia_id: str) -> list[list[float]]:
    """The samples the sandbox kept for the user's HIA, in arrival order."""

    def read() -> list[list[float]]:
        user = next(u for u in server.state.users.values() if u.username == username)
        rows: list[list[float]] = []
        for packet in user.history:
            if packet.hia_id == hia_id:
                rows.extend(packet.samples)
        return rows

    return server.call(read)


def _wait_connected_again(hia: Hia, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not hia.is_connected():
        assert time.monotonic() < deadline, "the HIA did not reconnect"
        time.sleep(0.02)


def test_a_restart_mid_stream_loses_no_sample_and_keeps_their_order() -> None:
    with (
        SandboxServer() as server,
        user_session(server.api_url) as (_, user, username),
        Hia(
            {STREAM: eeg_sensor(STREAM, channels=4)},
            server=server.base_url,
            client=user,
            acknowledge=True,
            reconnection_delay=0.1,
            reconnection_delay_max=0.3,
        ) as hia,
    ):
        counter = 0
        for batch in range(30):  # 30 batches of 32 samples, 20 ms apart: a 0.6 s stream
            rows = [[float(counter + i), 0.0, 0.0, 0.0] for i in range(32)]
            counter += len(rows)
            hia.send(STREAM, rows)
            if batch == 10:
                server.restart(down_for=0.4)  # HIA sockets dropped; the queue keeps filling
            time.sleep(0.02)
        _wait_connected_again(hia)
        hia.flush(15)
        stored = _stored_samples(server, username, hia.hia_id)
        assert [row[0] for row in stored] == [float(i) for i in range(counter)]


def test_a_reconnect_after_the_token_expired_refreshes_it_first() -> None:
    with (
        SandboxServer() as server,
        user_session(server.api_url) as (_, user, username),
        Hia(
            {STREAM: eeg_sensor(STREAM, channels=4)},
            server=server.base_url,
            client=user,
            reconnection_delay=0.1,
            reconnection_delay_max=0.3,
        ) as hia,
    ):
        connected(hia.socket)

        def expired_token() -> str:
            record = next(u for u in server.state.users.values() if u.username == username)
            return server.state.tokens.issue("user", record.id, record.customer_id, "access", -1)

        expired = server.call(expired_token)
        user.tokens.set(expired, user.tokens.refresh)  # as if it had aged while connected
        server.restart(down_for=0.1)
        _wait_connected_again(hia)
        assert user.tokens.access not in (expired, None)
        hia.send_direct(STREAM, [[1.0, 2.0, 3.0, 4.0]])
