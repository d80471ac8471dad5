"""Bad `pipeline` packets: a pipeline_error each, nothing kept, and the socket stays usable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.live_helpers import (
    Account,
    Peer,
    connect_hia,
    fresh_account,
    peer_pool,
    pipeline,
    sensor,
)

SENSORS = {"acc": sensor("acc", "EDA", ("x", "y", "z"))}
GOOD = pipeline("acc", [[1.0, 2.0, 3.0, 1700000000.0]])


@pytest.fixture(scope="module")
def account(sandbox: SandboxServer) -> Account:
    return fresh_account(sandbox)


@pytest.fixture(scope="module")
def hia(sandbox: SandboxServer, account: Account) -> Iterator[Peer]:
    """One HIA for the whole module: every bad packet must leave it usable."""
    with peer_pool() as make:
        yield connect_hia(make, sandbox, account, SENSORS)


def _stored(sandbox: SandboxServer, account: Account) -> int:
    return sandbox.call(lambda: len(sandbox.state.users[account.user_id].history))


def _too_large() -> dict[str, Any]:
    rows = [[1.0, 2.0, 3.0, 1700000000.123456]] * 2000
    return pipeline("acc", rows)


def _with(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


BAD_PACKETS = [
    pytest.param(_too_large(), "acc", "bytes; at most 65535 allowed", id="too-large"),
    pytest.param(_with(data='{"sample": [[1, 2'), "acc", "data: invalid JSON text", id="bad-json"),
    pytest.param(_with(data=json.dumps({"sample": [[1, "x", 3]]})), "acc", "data.sample[0][1]",
                 id="wrong-type"),
    pytest.param(_with(experiment=None), "acc", "experiment", id="no-experiment"),
    pytest.param(pipeline("acc", [[1.0, 2.0]]), "acc", "samples[0]: expected 3 values",
                 id="too-narrow"),
    pytest.param(pipeline("acc", [[1.0, 2.0, 3.0, 4.0, 5.0]]), "acc", "got 5", id="too-wide"),
    pytest.param(pipeline("nope", [[1.0, 2.0, 3.0]]), "nope", "'nope' is not in this HIA's",
                 id="unknown-stream"),
    pytest.param(_with(data={"sample": [[1.0, float("nan"), 3.0]]}), "acc", "data.sample[0][1]",
                 id="nan"),
    pytest.param(_with(data={"sample": [[1.0, 2.0, float("inf")]]}), "acc", "data.sample[0][2]",
                 id="infinity"),
    pytest.param(pipeline("acc", [[1.0, 2.0, 3.0]], labels=("a,b",)), "acc", "comma",
                 id="comma-label"),
    pytest.param("just text", None, "expected one object", id="not-an-object"),
]  # fmt: skip


@pytest.mark.parametrize(("packet", "stream_id", "message"), BAD_PACKETS)
def test_a_bad_packet_gets_a_pipeline_error_and_a_false_ack(
    sandbox: SandboxServer,
    account: Account,
    hia: Peer,
    packet: Any,
    stream_id: str | None,
    message: str,
) -> None:
    before = _stored(sandbox, account)
    errors = len(hia.received("pipeline_error"))
    assert hia.emit_acked("pipeline", packet) is False
    error = hia.wait_for("pipeline_error", errors + 1)[-1]
    assert error["stream_id"] == stream_id
    assert message in error["message"]
    assert _stored(sandbox, account) == before
    assert hia.client.connected
    assert hia.emit_acked("pipeline", GOOD) is True
    assert _stored(sandbox, account) == before + 1


def test_the_size_limit_is_the_compact_utf8_json_of_the_payload(
    sandbox: SandboxServer, hia: Peer
) -> None:
    base = pipeline("acc", [[1.0, 2.0, 3.0]], labels=("x",))
    size = len(json.dumps(base, separators=(",", ":"), ensure_ascii=False).encode())
    fits = pipeline("acc", [[1.0, 2.0, 3.0]], labels=("é" * ((65535 - size + 1) // 2),))
    exact = len(json.dumps(fits, separators=(",", ":"), ensure_ascii=False).encode())
    assert exact in (65535, 65534)
    assert hia.emit_acked("pipeline", fits) is True
    over = pipeline("acc", [[1.0, 2.0, 3.0]], labels=("é" * ((65535 - size + 1) // 2 + 1),))
    assert hia.emit_acked("pipeline", over) is False
