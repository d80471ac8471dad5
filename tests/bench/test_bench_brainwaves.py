"""Brainwave power in the sandbox: the cost of ~250 EEG packets/s across 50 streams.

Each stream: 8 channels at 256 Hz, a packet every 200 ms (51 samples + timestamp), the
published client's pace; 50 streams make 250 packets/s. Goal: well under one core, so the
sandbox keeps up with the relay on a 2-core machine (printed as the share of one core).
"""

from __future__ import annotations

import json
import time

import numpy as np

import neurospeed_api as ns
from neurospeed_ext.sandbox.live.brainwaves import BrainwaveWindow
from neurospeed_ext.sandbox.live.uplink import accept

STREAMS = 50
CHANNELS = 8
FS = 256.0
ROWS = 51
PACKETS_PER_SECOND = 250


def _sensor(stream_id: str) -> ns.SensorInfo:
    return ns.SensorInfo(
        device_type=ns.DeviceType.EEG,
        channel_count=CHANNELS,
        channel_map=[f"ch{i}" for i in range(CHANNELS)],
        sampling_frequency=FS,
        manufacturer_id="bench",
        sensor_id=stream_id,
        stream_id=stream_id,
    )


def test_brainwave_power_for_250_packets_per_second() -> None:
    rng = np.random.default_rng(7)
    sensors = {f"eeg{i}": _sensor(f"eeg{i}") for i in range(STREAMS)}
    windows = {sid: BrainwaveWindow(FS, CHANNELS, 2.0) for sid in sensors}
    payloads = []
    for sid in sensors:
        rows = np.column_stack([rng.standard_normal((ROWS, CHANNELS)), np.full(ROWS, 1.7e9)])
        payloads.append(
            {
                "stream_id": sid,
                "device_type": "EEG",
                "hia_id": "bench",
                "data": json.dumps({"sample": rows.tolist()}),
                "experiment": {"packet_labels": ["none"], "onetime_labels": ["none"]},
            }
        )
    for payload in payloads * 10:  # fill every window (2 s) first
        windows[payload["stream_id"]].push(json.loads(payload["data"])["sample"])

    rounds = 4
    spent = {"check packet (uplink.accept)": 0.0, "window + Welch band power": 0.0}
    for _ in range(rounds):
        for payload in payloads * (PACKETS_PER_SECOND // STREAMS):
            start = time.perf_counter()
            uplink = accept(payload, sensors=sensors, hia_id="bench", max_bytes=65535)
            middle = time.perf_counter()
            window = windows[uplink.packet.stream_id]
            window.push(uplink.packet.samples)
            assert window.band_power() is not None
            end = time.perf_counter()
            spent["check packet (uplink.accept)"] += middle - start
            spent["window + Welch band power"] += end - middle
    print(f"\n{PACKETS_PER_SECOND} EEG packets/s across {STREAMS} streams ({CHANNELS} ch, 256 Hz):")
    for name, seconds in spent.items():
        per_packet = seconds / (rounds * PACKETS_PER_SECOND)
        share = per_packet * PACKETS_PER_SECOND
        print(f"  {name:32s} {per_packet * 1e3:6.3f} ms/packet = {share:5.1%} of one core")
    total = sum(spent.values()) / rounds
    print(f"  total {total:.1%} of one core")
    assert total < 0.5
