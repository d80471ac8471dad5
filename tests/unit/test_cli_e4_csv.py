"""The CSV files of `neurospeed e4 -l/-d`: the spec's columns, quoting, atomic writes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import e4connect_api as e4
from neurospeed_ext.commands.e4_csv import cell, columns, write_csv

SESSION = {
    "id": "102",
    "device_id": "A01A3C",
    "duration": "180",
    "status": "0",
    "start_time": "1500003600",
    "label": "walk, then run",
    "device": "E4 3.2",
    "exit_code": None,
}
DEVICE = {
    "device_id": "A01A3C",
    "label": None,
    "model": "E4",
    "hardware_code": "HW",
    "purchase_code": "PC",
    "purchase_id": "5001",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize(("model", "wire"), [(e4.Session, SESSION), (e4.Device, DEVICE)])
def test_columns_are_the_wire_names_in_field_order(model: type, wire: dict[str, Any]) -> None:
    assert columns(model) == list(wire)
    assert list(e4.unstructure(e4.structure(wire, model))) == columns(model)


def test_values_of_any_type_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    header = ["text", "comma", "quote", "lines", "none", "int", "float", "bool", "json"]
    row: dict[str, Any] = {
        "text": "plain",
        "comma": "walk, then run",
        "quote": 'say "hi"',
        "lines": "one\ntwo\r\nthree\rfour",
        "none": None,
        "int": 7,
        "float": 1.5,
        "bool": True,
        "json": {"a": [1, "b"]},
        "ignored": "not a column",
    }
    assert write_csv(path, header, [row, {}]) == 2
    first, empty = read(path)
    assert first == {
        "text": "plain",
        "comma": "walk, then run",
        "quote": 'say "hi"',
        "lines": "one\ntwo\r\nthree\rfour",
        "none": "",
        "int": "7",
        "float": "1.5",
        "bool": "True",
        "json": '{"a": [1, "b"]}',
    }
    assert set(empty.values()) == {""}
    assert path.read_bytes().startswith(b"text,comma,quote,lines,none,int,float,bool,json\r\n")
    assert not (tmp_path / "out.csv.part").exists()


def test_an_empty_list_writes_the_header_only(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    assert write_csv(path, columns(e4.Session), []) == 0
    assert path.read_bytes() == (",".join(SESSION) + "\r\n").encode()


def test_a_failure_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text("old\n", encoding="utf-8")

    def rows() -> Iterator[dict[str, Any]]:
        yield SESSION
        raise RuntimeError("portal went away")

    with pytest.raises(RuntimeError):
        write_csv(path, columns(e4.Session), rows())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [path]


def test_cell() -> None:
    assert cell(None) == "" and cell("") == "" and cell(0) == "0" and cell([1, 2]) == "[1, 2]"
