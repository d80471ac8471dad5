"""A realistic downstream `data` packet: 256 samples x 8 EEG channels (about 48 KB)."""

from __future__ import annotations

import json
import random

CHANNELS = ["Fp1", "Fp2", "F3", "F4", "C3", "C4", "O1", "O2"]


def data_packet_json(samples: int = 256, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    start = 1_700_000_000.0
    rows = [[rng.gauss(0.0, 40.0) for _ in CHANNELS] + [start + i / 256.0] for i in range(samples)]
    bands = {
        b: [rng.random() for _ in CHANNELS]
        for b in ("alpha", "beta", "theta", "gamma", "smr", "delta", "mu")
    }
    packet = {
        "stream_id": "EEG_k3j9x2",
        "device_type": "EEG",
        "hia_id": "k3j9x2",
        "sensor_info": {
            "device_type": "EEG",
            "channel_count": len(CHANNELS),
            "channel_map": CHANNELS,
            "sampling_frequency": 256.0,
            "buffer_length": 1.0,
            "manufacturer_id": "OpenBCI",
            "sensor_id": "EEG_k3j9x2",
            "stream_id": "EEG_k3j9x2",
            "stream_state": "enabled",
        },
        "data": {"sample": rows},
        "output": {"brainwave_power": {"brainwave": bands}, "cognitive_analysis": []},
    }
    return json.dumps(packet).encode()
