"""The generated TypeScript clients under Node against a real sandbox (tests/typescript/flow.ts).

The generated packages are copied out of the repository with the flow script beside them,
compiled with the pinned tsc and run with node. The script prints one JSON line of what it
saw and the tests below judge it, so a script that does nothing cannot pass. While it runs,
the sandbox's own count of the HIA's `pong` answers is watched (the script cannot see it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from neurospeed_ext.sandbox import SandboxServer, Settings
from tests.node_tools import node_or_skip
from tests.typescript_build import copy_package, tools, tsc

FLOW = Path(__file__).resolve().parent.parent / "typescript" / "flow.ts"
PACKAGES = ("neurospeed-api", "e4connect-api")
RUN_TIMEOUT = 60.0
"""Seconds the compiled flow may run before the test fails (it must exit by itself)."""
HIA_ID = "tsflw1"  # as in flow.ts
STREAM = f"EEG_{HIA_ID}"
CUSTOMER = {"email": "customer@sandbox.local", "password": "customer-pass"}
ACCOUNT = "sandbox"
USER = {"username": "ts_flow_user", "password": "ts-flow-pass-1"}
E4_USER = {"email": "e4user@sandbox.local", "password": "e4user-pass"}

FLOW_TSCONFIG = {
    "extends": "../neurospeed-api/tsconfig.json",
    "compilerOptions": {
        "rootDir": "..",
        "outDir": "../build",
        "types": ["node"],
        "declaration": False,
        "sourceMap": False,
    },
    "include": ["../neurospeed-api/src", "../e4connect-api/src", "flow.ts"],
}


@pytest.fixture(scope="module")
def flow_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled flow: <work>/build/flow/flow.js, the packages' sources compiled beside."""
    node_or_skip()
    work = tmp_path_factory.mktemp("ts-flow")
    for name in PACKAGES:
        copy_package(name, work)
    (work / "package.json").write_text('{"private": true, "type": "module"}\n', encoding="utf-8")
    (work / "node_modules").symlink_to(tools() / "node_modules", target_is_directory=True)
    folder = work / "flow"
    folder.mkdir()
    shutil.copyfile(FLOW, folder / "flow.ts")
    (folder / "tsconfig.json").write_text(json.dumps(FLOW_TSCONFIG, indent=2), encoding="utf-8")
    done = tsc(folder, "-p", "tsconfig.json")
    if done.returncode != 0:
        pytest.fail(f"tsc failed on the flow:\n{done.stdout}{done.stderr}")
    return work / "build" / "flow" / "flow.js"


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(Settings(hia_ping_interval=0.05)) as running:
        yield running


@pytest.fixture(scope="module")
def outcome(
    flow_script: Path, server: SandboxServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The flow's JSON summary, plus `pongs`: the most pongs the sandbox counted meanwhile."""
    logs = tmp_path_factory.mktemp("ts-flow-logs")
    env = {
        **os.environ,
        "NS_SANDBOX_URL": server.base_url,
        "NS_API_URL": server.api_url,
        "NS_SOCKET_URL": server.base_url,
        "NS_E4_URL": server.e4_url,
        "NS_CUSTOMER_EMAIL": CUSTOMER["email"],
        "NS_CUSTOMER_PASSWORD": CUSTOMER["password"],
        "NS_ACCOUNT_ID": ACCOUNT,
        "NS_USERNAME": USER["username"],
        "NS_USER_PASSWORD": USER["password"],
        "NS_E4_EMAIL": E4_USER["email"],
        "NS_E4_PASSWORD": E4_USER["password"],
        "NS_CLOSED_URL": f"http://127.0.0.1:{_closed_port()}/api",
    }
    pongs = 0
    with (logs / "stdout").open("w") as out, (logs / "stderr").open("w") as err:
        process = subprocess.Popen(
            ["node", str(flow_script)], stdout=out, stderr=err, env=env, cwd=flow_script.parent
        )
        deadline = time.monotonic() + RUN_TIMEOUT
        try:
            while process.poll() is None:
                if time.monotonic() > deadline:
                    pytest.fail(f"the flow did not exit within {RUN_TIMEOUT} s")
                pongs = max(pongs, server.call(lambda: _pongs_of(server)))
                time.sleep(0.01)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(5)
    stdout = (logs / "stdout").read_text(encoding="utf-8")
    stderr = (logs / "stderr").read_text(encoding="utf-8")
    assert process.returncode == 0, f"the flow failed:\n{stderr}"
    lines = stdout.strip().splitlines()
    assert lines, f"the flow printed nothing:\n{stderr}"
    summary: dict[str, Any] = json.loads(lines[-1])
    summary["pongs"] = pongs
    return summary


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _pongs_of(server: SandboxServer) -> int:
    return sum(c.pongs for c in server.state.connections.all() if c.hia_id == HIA_ID)


def test_rest_calls_log_in_create_a_user_and_run_a_recorder(outcome: dict[str, Any]) -> None:
    assert outcome["customer"] == {"accountId": ACCOUNT, "email": CUSTOMER["email"]}
    user = outcome["user"]
    assert isinstance(user["id"], int) and user["username"] == USER["username"]
    assert user["hasToken"] is True
    recorder = outcome["recorder"]
    assert recorder["created"] in ("resource_pending", "pending")
    assert recorder["recording"] == "recording"
    assert recorder["stopped"] == recorder["after"] == "stopped"
    assert recorder["packetsCount"] == 1  # the one pipeline packet, sent while recording
    assert recorder["streamIds"] == [STREAM]


def test_a_pipeline_packet_reaches_the_user_room_unchanged(outcome: dict[str, Any]) -> None:
    stream = outcome["stream"]
    assert stream["connected"] == stream["stillConnected"] == {"room": True, "hia": True}
    assert stream["received"] == stream["sent"] and len(stream["sent"]) == 3
    assert stream["deviceType"] == "EEG" and stream["channelCount"] == 2
    assert "connect" in stream["events"]
    # The throwing callback was reported, once, and did not stop the others or the room.
    assert stream["problems"] == [
        "user_room_as_user: the data callback threw: a bug in the user's callback"
    ]


def test_the_hia_answers_the_servers_pings_by_itself(outcome: dict[str, Any]) -> None:
    assert outcome["stream"]["pings"] >= 3
    assert outcome["pongs"] >= 1


def test_socket_refusal_and_emit_while_disconnected(outcome: dict[str, Any]) -> None:
    sockets = outcome["sockets"]
    refused = sockets["refused"]
    assert refused["name"] == "SocketConnectError" and refused["isConnectError"] is True
    assert "/hia" in refused["message"] and "jwt_token" in refused["message"]
    assert "not-a-token" not in refused["message"]
    assert sockets["notConnected"] == "SocketNotConnectedError"
    assert sockets["connectedAfter"] is False


def test_api_errors_carry_their_status_and_decode_errors_their_path(
    outcome: dict[str, Any],
) -> None:
    missing = outcome["notFound"]
    assert missing["name"] == "NotFoundError" and missing["isNotFound"] is True
    assert missing["isApiError"] is True and missing["status"] == 404
    assert missing["method"] == "GET" and missing["url"].endswith("/gateway/recorder/987654321")
    assert missing["message"].startswith("GET ") and "-> 404" in missing["message"]
    decode = outcome["decode"]
    assert decode["name"] == "DecodeError" and decode["paths"] == ["data.sample[1][1]"]
    assert "data.sample[1][1]" in decode["message"]


def test_retries_refresh_and_redaction(outcome: dict[str, Any]) -> None:
    resilience = outcome["resilience"]
    retried = resilience["retried"]
    assert retried["accountId"] == ACCOUNT and len(retried["lines"]) == 2  # two 503s, then 200
    post = resilience["post"]
    assert post["status"] == 503 and post["isServerError"] is True
    assert resilience["pending"] == []  # the POST was sent once, not repeated
    refreshed = resilience["refreshed"]
    assert refreshed["refreshes"] == 1 and refreshed["generations"] == 1  # shared by 4 calls
    assert refreshed["emails"] == [CUSTOMER["email"]] * 4 and refreshed["changed"] is True
    wrong = resilience["wrongLogin"]
    assert wrong["name"] == "AuthenticationError" and wrong["isAuthError"] is True
    assert wrong["status"] == 401
    assert wrong["leaks"] is False
    assert resilience["tokensHidden"] is True


def test_e4_cookie_session_text_answer_and_download(outcome: dict[str, Any]) -> None:
    e4 = outcome["e4"]
    assert e4["beforeIsAuthError"] is True and e4["before"]["status"] is None
    assert "not logged in" in e4["before"]["message"]
    assert 400 <= e4["wrong"]["status"] < 500 and e4["wrong"]["leaks"] is False
    assert e4["afterWrong"] is False and e4["loggedIn"] is True
    assert e4["userId"] == "1001"
    assert e4["sessions"] >= 1 and e4["devices"] == ["A01A3C", "A02B7F"]
    zip_file = e4["zip"]
    assert zip_file["magic"] == [0x50, 0x4B]  # "PK"
    assert zip_file["lastProgress"] == [zip_file["size"], zip_file["size"]]
    assert e4["cut"]["name"] == "IncompleteAnswerError" and e4["cut"]["status"] == 200
    assert "dropped after" in e4["cut"]["message"] or " of " in e4["cut"]["message"]
    assert e4["afterClear"] is False


def test_refused_connections_and_timeouts(outcome: dict[str, Any]) -> None:
    network = outcome["network"]
    refused = network["refusedGet"]
    assert refused["name"] == "ApiConnectionError" and refused["isConnectionError"] is True
    assert refused["status"] is None and "ECONNREFUSED" in refused["message"]
    assert network["getAttempts"] == 4  # the first try and three retries
    assert network["refusedPost"]["name"] == "ApiConnectionError"
    assert network["postAttempts"] == 4  # never sent, so a POST is tried again too
    timed_out = network["timedOut"]
    assert timed_out["name"] == "ApiConnectionError" and timed_out["status"] is None
    assert "no answer within 200 ms" in timed_out["message"]
    assert network["timeoutAttempts"] == 2
    assert 400 <= timed_out["ms"] < 5000
