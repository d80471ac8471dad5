"""Every model survives the wire, and every recorded wire example comes back byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import neurospeed_api as ns
from tests.strategies import MODELS, models

EXAMPLES: dict[str, list[Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "wire_examples.json").read_text("utf-8")
)
CASES = [
    pytest.param(name, example, id=f"{name}-{i}")
    for name, examples in EXAMPLES.items()
    for i, example in enumerate(examples)
]


def test_the_strategies_cover_every_model() -> None:
    assert len(MODELS) == 56
    assert {cls.__name__ for cls in MODELS} >= {"Token", "DataPacket", "PipelinePacket", "UserList"}


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_json_text_round_trip(cls: type, data: st.DataObject) -> None:
    value = data.draw(models(cls))
    text = ns.dumps(value)
    assert isinstance(text, str)
    assert ns.loads(text, cls) == value


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_unstructure_structure_round_trip(cls: type, data: st.DataObject) -> None:
    value = data.draw(models(cls))
    wire = ns.unstructure(value)
    assert isinstance(wire, dict)
    assert ns.structure(wire, cls) == value
    assert ns.unstructure(ns.structure(wire, cls)) == wire


def test_every_fixture_names_an_exported_schema() -> None:
    assert len(CASES) >= 70
    for name in EXAMPLES:
        assert hasattr(ns, name), name


@pytest.mark.parametrize(("name", "example"), CASES)
def test_wire_example_structure_unstructure_is_exact(name: str, example: Any) -> None:
    cls = getattr(ns, name)
    assert ns.unstructure(ns.structure(example, cls)) == example


@pytest.mark.parametrize(("name", "example"), CASES)
def test_wire_example_loads_dumps_is_exact(name: str, example: Any) -> None:
    cls = getattr(ns, name)
    text = ns.dumps(ns.loads(json.dumps(example), cls))
    assert json.loads(text) == example
    compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    assert text == compact


def test_recorder_with_an_unknown_status_keeps_it() -> None:
    example = EXAMPLES["Recorder"][1]
    assert example["status"] == "archived"
    recorder = ns.structure(example, ns.Recorder)
    assert recorder.status is not None
    assert recorder.status.is_known is False
    assert recorder.status == "archived"
    assert recorder.status.value == "archived"
    assert recorder.status.name == "UNKNOWN"
    assert isinstance(recorder.status, ns.RecorderStatus)
    assert recorder.request_status is ns.RecorderStatus.STOPPED
    assert recorder.request_status.is_known is True
    assert ns.unstructure(recorder)["status"] == "archived"
    assert json.loads(ns.dumps(recorder))["status"] == "archived"
