"""The converter's compiled fast path agrees with cattrs' detailed converter.

Valid data must be decided by the fast path alone (that is what the decode benchmark
measures); whatever the fast path accepts, the detailed converter must accept as the same
value; and whatever the fast path refuses falls back to the detailed converter.
"""

from __future__ import annotations

import linecache
import threading
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import e4connect_api as e4
import neurospeed_api as ns
from neurospeed_api import DecodeError
from neurospeed_api._runtime.converter import FieldSpec, ModelConverter
from neurospeed_api._runtime.enums import OpenIntEnum
from tests.strategies import E4_MODELS, MODELS, damaged, models

CASES = [(ns.CONVERTER, cls) for cls in MODELS] + [(e4.CONVERTER, cls) for cls in E4_MODELS]
IDS = [cls.__name__ for _, cls in CASES]


def fast(converter: ModelConverter, data: Any, cls: type) -> Any:
    return converter.cattrs.get_structure_hook(cls)(data, cls)


@pytest.mark.parametrize(("converter", "cls"), CASES, ids=IDS)
@given(data=st.data())
def test_valid_data_is_decided_by_the_fast_path(
    converter: ModelConverter, cls: type, data: st.DataObject
) -> None:
    value = data.draw(models(cls))
    assert fast(converter, converter.unstructure(value), cls) == value


@pytest.mark.parametrize(("converter", "cls"), CASES, ids=IDS)
@given(data=st.data())
def test_what_the_fast_path_accepts_the_detailed_converter_accepts_alike(
    converter: ModelConverter, cls: type, data: st.DataObject
) -> None:
    wire = data.draw(damaged(cls, converter))
    try:
        quick = fast(converter, wire, cls)
    except Exception:
        return  # refused: `structure` asks the detailed converter, tested below
    assert converter._detailed.structure(wire, cls) == quick


def test_every_generated_model_gets_a_compiled_function() -> None:
    for converter, cls in CASES:
        hook = converter.cattrs.get_structure_hook(cls)
        assert hook.__name__ == f"structure_{cls.__name__}"
        source = "".join(linecache.getlines(hook.__code__.co_filename))
        assert source.startswith(f"def structure_{cls.__name__}(o, _):"), cls


def test_generated_models_are_built_without_their_keyword_init() -> None:
    hook = ns.CONVERTER.cattrs.get_structure_hook(ns.SensorInfo)
    source = "".join(linecache.getlines(hook.__code__.co_filename))
    assert "instance = _new(_cls)" in source
    assert "instance.channel_map = " in source


def test_a_refusal_of_the_fast_path_is_decided_by_the_detailed_converter() -> None:
    # `sum` cannot add 10**400 to a float: the inline test raises, the hook accepts.
    wire = {"alpha": [1e308, 10**400]}
    with pytest.raises(OverflowError):
        fast(ns.CONVERTER, wire, ns.BrainwaveBands)
    assert ns.structure(wire, ns.BrainwaveBands).alpha == [1e308, 10**400]


def test_a_type_without_a_hook_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        ns.structure({"accessToken": "x"}, ns.Token | int)


def test_decoded_models_share_no_list_or_dict_of_the_caller() -> None:
    wire = _sensor_info()
    info = ns.structure(wire, ns.SensorInfo)
    assert info.channel_map == wire["channel_map"]
    assert info.channel_map is not wire["channel_map"]
    output = ns.structure({"cognitive_analysis": [{"a": 1}]}, ns.ProcessedOutput)
    assert output.cognitive_analysis == [{"a": 1}]


def test_known_enum_values_become_members_inline() -> None:
    info = ns.structure(
        {**_sensor_info(), "device_type": "EEG", "stream_state": "enabled"}, ns.SensorInfo
    )
    assert info.device_type is ns.DeviceType.EEG
    assert info.stream_state is ns.StreamState.ENABLED


def test_unknown_enum_values_still_reach_the_enum_hook() -> None:
    info = ns.structure({**_sensor_info(), "device_type": "fNIRS"}, ns.SensorInfo)
    assert info.device_type == "fNIRS"
    assert info.device_type.is_known is False


def _sensor_info() -> dict[str, Any]:
    return {
        "device_type": "EEG",
        "channel_count": 2,
        "channel_map": ["C3", "C4"],
        "sampling_frequency": 256,
        "manufacturer_id": "OpenBCI",
        "sensor_id": "EEG_a1",
        "stream_id": "EEG_a1",
    }


# -- classes the generator does not write: their own __init__ must run ---------------


class Level(OpenIntEnum):
    LOW = 1
    HIGH = 2


def _positive(instance: Any, attribute: Any, value: int) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive")


@attrs.define(kw_only=True)
class Checked:
    count: int = attrs.field(validator=_positive)
    level: Level | None = None


@attrs.define(kw_only=True)
class WithDefaults:
    tags: list[str] = attrs.Factory(list)
    label: str = "none"
    seen: bool = attrs.field(default=False, init=False)

    def __attrs_post_init__(self) -> None:
        self.seen = True


@attrs.define(kw_only=True)
class Tree:
    name: str
    children: list[Tree] | None = None


@attrs.frozen(kw_only=True)
class Frozen:
    name: str


@attrs.define(kw_only=True)
class Private:
    _secret_name: str


for _model in (Checked, WithDefaults, Tree, Frozen, Private):
    attrs.resolve_types(_model)  # as the generated models/__init__.py does


def _converter() -> ModelConverter:
    converter = ModelConverter("test")
    converter.register_model(Checked, (FieldSpec("count", "count"), FieldSpec("level", "level")))
    converter.register_model(WithDefaults, (FieldSpec("tags", "tags"), FieldSpec("label", "label")))
    converter.register_model(
        Tree, (FieldSpec("name", "name"), FieldSpec("children", "kids", omit_none=True))
    )
    converter.register_model(Frozen, (FieldSpec("name", "name"),))
    converter.register_model(Private, (FieldSpec("_secret_name", "name"),))
    return converter


def test_validators_run() -> None:
    converter = _converter()
    assert converter.structure({"count": 3, "level": 2}, Checked) == Checked(
        count=3, level=Level.HIGH
    )
    with pytest.raises(DecodeError, match="count"):
        converter.structure({"count": 0}, Checked)


def test_a_boolean_is_not_taken_for_an_int_enum_member() -> None:
    with pytest.raises(DecodeError, match="level: expected int, got True"):
        _converter().structure({"count": 1, "level": True}, Checked)


def test_defaults_and_post_init_apply() -> None:
    value = _converter().structure({}, WithDefaults)
    assert value.tags == []
    assert value.label == "none"
    assert value.seen is True
    other = _converter().structure({"tags": ["a"]}, WithDefaults)
    assert other.tags == ["a"]
    assert other.tags is not value.tags


def test_a_model_inside_itself() -> None:
    converter = _converter()
    tree = converter.structure({"name": "a", "kids": [{"name": "b", "kids": []}]}, Tree)
    assert tree == Tree(name="a", children=[Tree(name="b", children=[])])
    with pytest.raises(DecodeError, match=r"kids\[0\]\.name: expected str, got 5"):
        converter.structure({"name": "a", "kids": [{"name": 5}]}, Tree)


def test_frozen_models_are_built_through_init() -> None:
    assert _converter().structure({"name": "x"}, Frozen) == Frozen(name="x")


def test_an_attribute_with_an_alias_is_passed_by_its_keyword() -> None:
    converter = _converter()
    assert fast(converter, {"name": "x"}, Private) == Private(secret_name="x")


def test_threads_that_race_to_the_first_decode_all_take_the_fast_path() -> None:
    converter = _converter()
    start = threading.Barrier(8)
    hooks: list[Any] = []
    trees: list[Tree] = []

    def first_decode() -> None:
        start.wait(timeout=10)
        hooks.append(converter.cattrs.get_structure_hook(Tree))
        trees.append(converter.structure({"name": "a", "kids": []}, Tree))

    threads = [threading.Thread(target=first_decode) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(hooks) == 8
    assert trees == [Tree(name="a", children=[])] * 8
    assert {hook.__name__ for hook in hooks} == {"structure_Tree"}
    assert len(set(hooks)) == 1
