"""A recorder GET through the generated client vs a bare requests.Session call (same URL).

Goal (issue 3): at most 1.2x the bare call's time. Both talk to one sandbox on loopback
over keep-alive connections, interleaved round by round.
"""

from __future__ import annotations

import requests

from neurospeed_ext.sandbox.server import SandboxServer
from tests.bench.conftest import interleaved
from tests.e2e.client_helpers import customer_client


def test_recorder_get_round_trip() -> None:
    with SandboxServer() as server, customer_client(server.api_url) as client:
        recorder = client.recorder.create(username="user1", recorder_name="bench")
        access, _ = client.transport.tokens.snapshot()
        bare = requests.Session()
        url = f"{server.api_url}/gateway/recorder/{recorder.id}"
        headers = {"Authorization": f"Bearer {access}"}
        assert bare.get(url, headers=headers, timeout=5).json()["id"] == recorder.id
        runs = {
            "bare requests.Session().get + .json()": lambda: bare.get(
                url, headers=headers, timeout=5
            ).json(),
            "Client.recorder.get -> Recorder": lambda: client.recorder.get(recorder.id),
        }
        timings = interleaved(runs, number=50, repeat=15)
        bare.close()
    base = timings["bare requests.Session().get + .json()"][0]
    print("\nrecorder GET round trip on loopback, best of 15 rounds x 50:")
    for name, (best, median) in timings.items():
        print(f"  {name:40s} {best * 1e3:7.3f} ms (median {median * 1e3:7.3f})  {best / base:.2f}x")
    ours = timings["Client.recorder.get -> Recorder"][0]
    print(f"  goal <= 1.20x the bare call: {ours / base:.2f}x")
