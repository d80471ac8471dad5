"""Decoding a 256 x 8 `data` packet: ns.loads vs orjson.loads alone vs pydantic v2.

Goal (issue 2): at most 1.3x `orjson.loads` alone, and faster than pydantic.
"""

from __future__ import annotations

from typing import Literal

import orjson
import pydantic

import neurospeed_api as ns
from tests.bench.conftest import interleaved
from tests.bench.payloads import data_packet_json


class PSensorInfo(pydantic.BaseModel):
    device_type: str
    channel_count: int
    channel_map: list[str]
    sampling_frequency: float
    buffer_length: float | None = None
    manufacturer_id: str
    sensor_id: str
    stream_id: str
    stream_state: Literal["enabled", "disabled"] | None = None


class PSampleBlock(pydantic.BaseModel):
    sample: list[list[float]]


class PBands(pydantic.BaseModel):
    alpha: list[float] | None = None
    beta: list[float] | None = None
    theta: list[float] | None = None
    gamma: list[float] | None = None
    smr: list[float] | None = None
    delta: list[float] | None = None
    mu: list[float] | None = None


class PBrainwavePower(pydantic.BaseModel):
    brainwave: PBands | None = None


class POutput(pydantic.BaseModel):
    brainwave_power: PBrainwavePower | None = None
    cognitive_analysis: list[object] | None = None


class PDataPacket(pydantic.BaseModel):
    stream_id: str
    device_type: str
    hia_id: str
    sensor_info: PSensorInfo
    data: PSampleBlock | None = None
    output: POutput | None = None


def test_decode_data_packet() -> None:
    raw = data_packet_json()
    assert ns.loads(raw, ns.DataPacket).data.sample == orjson.loads(raw)["data"]["sample"]
    assert PDataPacket.model_validate_json(raw).stream_id == "EEG_k3j9x2"
    runs = {
        "orjson.loads alone": lambda: orjson.loads(raw),
        "neurospeed_api.loads": lambda: ns.loads(raw, ns.DataPacket),
        "pydantic model_validate_json": lambda: PDataPacket.model_validate_json(raw),
        "pydantic model_validate(orjson)": lambda: PDataPacket.model_validate(orjson.loads(raw)),
    }
    timings = interleaved(runs, number=200, repeat=25)
    base = timings["orjson.loads alone"][0]
    print(f"\ndecode {len(raw)} bytes (256 x 8 samples + timestamps), best of 25 rounds x 200:")
    for name, (best, median) in timings.items():
        print(
            f"  {name:34s} {best * 1e6:8.1f} us  (median {median * 1e6:7.1f})  "
            f"{best / base:5.2f}x orjson"
        )
    ours = timings["neurospeed_api.loads"][0]
    pyd = min(
        timings["pydantic model_validate_json"][0], timings["pydantic model_validate(orjson)"][0]
    )
    print(f"  goal <= 1.30x orjson: {ours / base:.2f}x; vs fastest pydantic: {ours / pyd:.2f}x")
