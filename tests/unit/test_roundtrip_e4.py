"""E4 Connect models survive the wire; the portal's numbers-as-text come back as text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import e4connect_api as e4
from tests.strategies import E4_MODELS, models

EXAMPLES: dict[str, list[Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "e4_wire_examples.json").read_text(
        "utf-8"
    )
)
CASES = [
    pytest.param(name, example, id=f"{name}-{i}")
    for name, examples in EXAMPLES.items()
    for i, example in enumerate(examples)
]


def test_the_strategies_cover_every_e4_model() -> None:
    assert [cls.__name__ for cls in E4_MODELS] == ["Credentials", "Device", "Session"]
    assert set(EXAMPLES) == {cls.__name__ for cls in E4_MODELS}


@pytest.mark.parametrize("cls", E4_MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_json_text_round_trip(cls: type, data: st.DataObject) -> None:
    value = data.draw(models(cls))
    assert e4.loads(e4.dumps(value), cls) == value


@pytest.mark.parametrize(("name", "example"), CASES)
def test_wire_example_structure_unstructure_is_exact(name: str, example: Any) -> None:
    """Numbers come back as text, as the portal sends them; nulls stay (every key is sent)."""
    cls = getattr(e4, name)
    as_text = {k: str(v) if isinstance(v, int) else v for k, v in example.items()}
    assert e4.unstructure(e4.structure(example, cls)) == as_text


def test_numbers_as_text_and_as_numbers_both_decode() -> None:
    text = EXAMPLES["Session"][0]
    numbers = {k: int(v) if k in NUMERIC else v for k, v in text.items()}
    assert e4.structure(text, e4.Session) == e4.structure(numbers, e4.Session)
    assert e4.structure(numbers, e4.Session).start_time == 1500000000


NUMERIC = {"id", "duration", "status", "start_time", "exit_code"}


def test_a_bad_number_names_its_field() -> None:
    with pytest.raises(e4.DecodeError, match=r"\[1\]\.duration"):
        e4.structure(
            [EXAMPLES["Session"][0], {**EXAMPLES["Session"][1], "duration": "1h"}], list[e4.Session]
        )


def test_the_password_is_not_in_the_repr() -> None:
    assert "s3cret" not in repr(e4.Credentials(username="a@b.c", password="s3cret"))
