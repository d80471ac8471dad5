"""The published `neurospeed` 2.3.5 HIA_Client under load, against a sandbox (on demand).

Runs in the published package's own virtual environment (see tests/interop/conftest.py):

    python published_hia_load.py BASE_URL SECONDS STREAMS [SATURATED_PER_TICK]

Logs a customer in, creates a fresh user and logs it in, then connects ONE published
HIA_Client with STREAMS EEG streams (8 channels, 256 Hz) and one extra "saturated"
user_data stream (8 channels). For SECONDS seconds it offers 256 samples/s to every EEG
stream through send_data (one sample per call, as the published API takes them, paced
against the clock) and SATURATED_PER_TICK samples (default 2000) to the saturated stream
every 200 ms, the published sender's own period. A UserRoom_AS_User_Handler of the same
user, in this process, counts what the sandbox relays. After a short drain it prints one
JSON line: per stream the samples offered and received (loss), packets, packet sizes and
sample age on arrival; for the saturated stream also the packets the sandbox refused.

Packet sizes: a relayed `data` event carries the uplink's samples decoded; the JSON text
the HIA sent as `data` is rebuilt with json.dumps (the published sender's own call, and
floats round-trip exactly), and the whole uplink packet is rebuilt around it as the
published sender builds it, measured the way the sandbox measures its 65,535-byte limit
(compact UTF-8 JSON). Refused packets never reach the room: the sandbox answers them with
a `pipeline_error` event on the HIA's socket ({stream_id, message: "packet is N bytes;
..."}), which HIA_Client ignores, so this script listens for it on the client's private
socket (`hia._sio`); reading that private attribute is fine in a benchmark driver, and it
changes nothing the client sends.

The published clients start non-daemon threads that outlive a disconnect, so the script
ends with os._exit once its line is printed (a watchdog does the same if anything hangs).
Everything the published classes print goes to stderr; stdout holds the JSON line only.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from typing import Any

import neurospeed.constants as constants

BASE = sys.argv[1]
SECONDS = float(sys.argv[2])
STREAMS = int(sys.argv[3])
SATURATED_PER_TICK = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
API_CONFIG = {"api_address": BASE, "pipeline_address": BASE.replace("http", "ws", 1)}
# The handlers bind PROD_API_CONFIG as a default argument: replace its contents in place,
# before anything else runs, so no call can reach the real cloud.
constants.PROD_API_CONFIG.clear()
constants.PROD_API_CONFIG.update(API_CONFIG)

OUT = sys.stdout
sys.stdout = sys.stderr  # the published classes print; stdout is for the result only

from neurospeed.api_http_handlers.customer_account_manager import (  # noqa: E402
    Customer_Account_Manager,
)
from neurospeed.api_socket_handlers.user_room_as_user_handler import (  # noqa: E402
    UserRoom_AS_User_Handler,
)
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler  # noqa: E402
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler  # noqa: E402
from neurospeed.hia_user_data.neurobrave_sensor_interface import HIA_Client  # noqa: E402

EEG_RATE = 256
CHANNELS = 8
TICK = 0.2
"""The published queued sender's period, and the saturated stream's offering period."""
PACE = 0.002
"""Seconds the pacing loop sleeps between rounds."""
DRAIN = 3.0
"""Most seconds to wait, after offering stops, for the last packets to arrive."""
SETTLE = 0.5
"""Arrivals count as done once nothing new came for this long."""
MAX_PACKET = 65_535
WATCHDOG_SLACK = 60.0
NO_LABELS = {"packet_labels": ["none"], "onetime_labels": ["none"]}
"""What HIA_Client sends as `experiment` until set_label is called."""
REFUSED_SIZE = re.compile(r"packet is (\d+) bytes")


class StreamStats:
    """What arrived for one stream (handlers run on the room client's thread)."""

    def __init__(self) -> None:
        self.samples = 0
        self.packets = 0
        self.data_bytes: list[int] = []
        self.packet_bytes: list[int] = []
        self.newest_age: list[float] = []
        self.oldest_age: list[float] = []
        self.refused = 0
        self.refused_bytes: list[int] = []
        self.errors: list[str] = []


def summary(values: list[float], digits: int = 1) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {
        "max": round(ordered[-1], digits),
        "mean": round(statistics.fmean(ordered), digits),
        "p50": round(ordered[len(ordered) // 2], digits),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], digits),
    }


def sensor(stream_id: str, device_type: str, rate: float) -> dict[str, Any]:
    return {
        "device_type": device_type,
        "channel_count": CHANNELS,
        "channel_map": [f"ch_{i}" for i in range(CHANNELS)],
        "sampling_frequency": rate,
        "buffer_length": 5,
        "manufacturer_id": "bench",
        "sensor_id": stream_id,
        "stream_id": stream_id,
        "stream_state": "enabled",
    }


def emit_line(result: dict[str, Any], code: int) -> None:
    OUT.write(json.dumps(result) + "\n")
    OUT.flush()
    sys.stderr.flush()
    # os._exit, not sys.exit: the published clients' non-daemon threads would keep us alive.
    os._exit(code)


def main() -> dict[str, Any]:
    customer = Auth_AS_Customer_handler(
        {"email": "customer@sandbox.local", "password": "customer-pass"}, API_CONFIG
    )
    if customer.login() is not True:
        return {"error": "customer login failed"}
    username, password = "load_" + uuid.uuid4().hex[:8], "load-pass-123"
    Customer_Account_Manager(customer, API_CONFIG).create_new_user(username, password)
    user = Auth_AS_User_Handler(
        {"account_id": "sandbox", "username": username, "user_password": password}, API_CONFIG
    )
    if user.login() is not True:
        return {"error": f"user login failed for {username}"}

    eeg_ids = [f"eeg_{i}" for i in range(STREAMS)]
    saturated = "saturated"
    # EEG first: the published queued sender stamps every stream with the first one's type.
    sensors = {sid: sensor(sid, "EEG", EEG_RATE) for sid in eeg_ids}
    sensors[saturated] = sensor(saturated, "user_data", SATURATED_PER_TICK / TICK)
    first_type = next(iter(sensors.values()))["device_type"]
    stats = {sid: StreamStats() for sid in sensors}
    other_errors: list[Any] = []
    lock = threading.Lock()
    last_arrival = [time.monotonic()]

    def on_data(payload: dict[str, Any]) -> None:
        now = time.time()
        entry = stats.get(payload.get("stream_id", ""))
        if entry is None:
            return
        rows = payload["data"]["sample"]
        text = json.dumps(payload["data"])  # the HIA's `data` text, rebuilt
        uplink = {
            "stream_id": payload["stream_id"],
            "device_type": first_type,
            "hia_id": payload["hia_id"],
            "data": text,
            "experiment": NO_LABELS,
        }
        size = len(json.dumps(uplink, separators=(",", ":"), ensure_ascii=False).encode())
        with lock:
            entry.samples += len(rows)
            entry.packets += 1
            entry.data_bytes.append(len(text))
            entry.packet_bytes.append(size)
            if rows:
                entry.newest_age.append((now - rows[-1][-1]) * 1000)
                entry.oldest_age.append((now - rows[0][-1]) * 1000)
            last_arrival[0] = time.monotonic()

    def on_pipeline_error(payload: Any) -> None:
        entry = stats.get(payload.get("stream_id") or "") if isinstance(payload, dict) else None
        with lock:
            if entry is None:
                other_errors.append(payload)
                return
            entry.refused += 1
            message = str(payload.get("message"))
            found = REFUSED_SIZE.search(message)
            if found:
                entry.refused_bytes.append(int(found.group(1)))
            elif len(entry.errors) < 5:
                entry.errors.append(message)

    room = UserRoom_AS_User_Handler(user, API_CONFIG)
    room.set_data_external_handler(on_data)
    room.connect()

    hia = HIA_Client(user, sensors, API_CONFIG)
    # Private attribute: HIA_Client has no public way to hear the server's pipeline_error.
    hia._sio.on("pipeline_error", handler=on_pipeline_error)
    hia.connect()
    deadline = time.monotonic() + 10.0
    while not hia.is_connected() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not hia.is_connected():
        return {"error": "the published HIA did not connect"}

    rng = random.Random(7)
    pool = [[rng.gauss(0.0, 20.0) for _ in range(CHANNELS)] for _ in range(1024)]
    offered = dict.fromkeys(sensors, 0)
    target = round(SECONDS * EEG_RATE)
    started = time.monotonic()
    next_tick = started
    calls = 0
    while True:
        elapsed = time.monotonic() - started
        done = elapsed >= SECONDS
        due = target if done else min(target, int(elapsed * EEG_RATE))
        for sid in eeg_ids:
            while offered[sid] < due:
                # send_data appends the timestamp to the list it gets: always a fresh one
                hia.send_data(pool[offered[sid] % len(pool)].copy(), sid)
                offered[sid] += 1
                calls += 1
        if done:
            break
        if time.monotonic() >= next_tick:
            base = offered[saturated]
            for i in range(SATURATED_PER_TICK):
                hia.send_data(pool[(base + i) % len(pool)].copy(), saturated)
            offered[saturated] += SATURATED_PER_TICK
            calls += SATURATED_PER_TICK
            next_tick += TICK
        time.sleep(PACE)
    offering_took = time.monotonic() - started

    # Drain: until everything offered arrived, or nothing new came for SETTLE seconds.
    drain_end = time.monotonic() + DRAIN
    while time.monotonic() < drain_end:
        with lock:
            complete = all(stats[s].samples >= offered[s] for s in sensors)
            quiet = time.monotonic() - last_arrival[0] > SETTLE
        if complete or quiet:
            break
        time.sleep(0.05)
    still_connected = hia.is_connected()
    hia.disconnect()
    room.disconnect()

    with lock:
        streams: dict[str, Any] = {}
        for sid, entry in stats.items():
            streams[sid] = {
                "offered": offered[sid],
                "received": entry.samples,
                "loss": round(1 - entry.samples / offered[sid], 4) if offered[sid] else None,
                "packets": entry.packets,
                "packet_bytes": summary(entry.packet_bytes, 0),
                "data_text_bytes": summary(entry.data_bytes, 0),
                "newest_sample_age_ms": summary(entry.newest_age),
                "oldest_sample_age_ms": summary(entry.oldest_age),
                "refused_packets": entry.refused,
                "refused_packet_bytes": summary(entry.refused_bytes, 0),
                "other_errors": entry.errors,
            }
        sat = stats[saturated]
        sizes = sat.packet_bytes + sat.refused_bytes
        eeg_offered = sum(offered[s] for s in eeg_ids)
        eeg_received = sum(stats[s].samples for s in eeg_ids)
        return {
            "base_url": BASE,
            "seconds": SECONDS,
            "eeg_streams": STREAMS,
            "saturated_per_tick": SATURATED_PER_TICK,
            "offering_took_s": round(offering_took, 3),
            "send_data_calls_per_s": round(calls / offering_took),
            "hia_connected_at_end": still_connected,
            "eeg_total": {
                "offered": eeg_offered,
                "received": eeg_received,
                "loss": round(1 - eeg_received / eeg_offered, 4) if eeg_offered else None,
            },
            "saturated": {
                "offered": offered[saturated],
                "received": sat.samples,
                "packets_received": sat.packets,
                "packets_refused": sat.refused,
                "packet_bytes_max": max(sizes) if sizes else None,
                "received_packet_bytes_mean": round(statistics.fmean(sat.packet_bytes))
                if sat.packet_bytes
                else None,
                "any_packet_over_65535": any(s > MAX_PACKET for s in sizes),
            },
            "streams": streams,
            "unattributed_pipeline_errors": other_errors[:5],
        }


if __name__ == "__main__":

    def watchdog() -> None:
        emit_line({"error": "watchdog: the load run hung"}, 1)

    timer = threading.Timer(SECONDS + WATCHDOG_SLACK, watchdog)
    timer.daemon = True
    timer.start()
    try:
        result = main()
    except BaseException as exc:
        result = {"error": f"{type(exc).__name__}: {exc}"}
    emit_line(result, 1 if "error" in result else 0)
