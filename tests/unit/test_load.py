"""Stage 1: YAML files to plain data with positions; every load error located."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import SpecError, SpecInvalid
from codegen.load import SpecFile, load_api, parse_file
from tests.helpers import api_yaml, write_spec


def parse(text: str | bytes) -> SpecFile:
    raw = text.encode() if isinstance(text, str) else text
    return parse_file(raw, "x.yaml", "spec/demo/x.yaml")


def load_errors(text: str | bytes) -> list[tuple[int, int, str]]:
    with pytest.raises(SpecInvalid) as caught:
        parse(text)
    return [(e.line, e.column, e.message) for e in caught.value.errors]


def test_values_and_keys_keep_their_positions() -> None:
    file = parse("schemas:\n  Sensor:\n    type: object\n    required: [id, name]\n")

    assert file.data == {"schemas": {"Sensor": {"type": "object", "required": ["id", "name"]}}}
    assert file.locate(("schemas", "Sensor", "type")) == (3, 11)
    assert file.locate(("schemas", "Sensor", "type"), key=True) == (3, 5)
    assert file.locate(("schemas", "Sensor", "required", 1)) == (4, 20)
    # a path that is not there points at its nearest ancestor
    assert file.locate(("schemas", "Sensor", "properties", "id")) == (3, 5)
    assert str(file.error(("schemas", "Sensor"), "boom", key=True)) == "x.yaml:2:3: boom"


def test_yaml_scalars_stay_json_like() -> None:
    file = parse("a: 2024-01-02\nb: !!binary aGk=\nc: 1.5\nd: ~\ne: yes\nf: '07'\n")

    assert file.data == {"a": "2024-01-02", "b": "aGk=", "c": 1.5, "d": None, "e": True, "f": "07"}


def test_shared_anchors_are_fine_but_a_looping_alias_is_an_error() -> None:
    shared = parse("a: &x {type: string}\nb: *x\n")
    assert shared.data == {"a": {"type": "string"}, "b": {"type": "string"}}

    assert load_errors("a: &x {items: *x}\n") == [
        (1, 4, "YAML: this node contains an alias to itself")
    ]


def test_every_key_problem_of_a_file_is_reported() -> None:
    errors = load_errors("a: 1\nb:\n  c: 1\n  c: 2\n  1: x\n  ~: y\n  [l]: z\na: 3\n")

    assert errors == [
        (4, 3, "duplicate key 'c'"),
        (5, 3, "key 1 is not a string"),
        (6, 3, "key None is not a string"),
        (7, 3, "a key must be a string, not a YAML collection"),
        (8, 1, "duplicate key 'a'"),
    ]


def test_tags_and_merge_keys_are_refused_where_they_are() -> None:
    assert load_errors("a: !custom {b: 1}\nc: !!python/tuple [1]\nd: !!float x\n") == [
        (1, 4, "YAML tag '!custom' is not supported"),
        (2, 4, "YAML tag 'tag:yaml.org,2002:python/tuple' is not supported"),
        (3, 4, "YAML: 'x' is not a valid float"),
    ]
    assert load_errors("base: &b {x: 1}\nthing:\n  <<: *b\n") == [
        (3, 3, "YAML merge keys ('<<') are not supported")
    ]


@pytest.mark.parametrize(
    ("raw", "where", "text"),
    [
        pytest.param(b"a: 1\nb: caf\xe9\n", (2, 7), "not UTF-8 (byte 0xe9)", id="latin-1"),
        pytest.param(b"a: \xff\n", (1, 4), "not UTF-8 (byte 0xff)", id="byte-ff"),
        # the column counts characters even though libyaml reports a byte offset
        pytest.param(
            "a: 1\nb: 'été \x07'\n".encode(), (2, 9), "character U+0007 is not allowed", id="ctrl"
        ),
        pytest.param(b"a: 1\nb: \x00\n", (2, 4), "character U+0000 is not allowed", id="nul"),
        pytest.param(b"a: [1, 2\n", (2, 1), "flow sequence at line 1, column 4", id="unclosed"),
        pytest.param(b"a: 'x\n", (2, 1), "quoted scalar at line 1, column 4", id="quote"),
        pytest.param(b"a: *nope\n", (1, 4), "found undefined alias", id="alias"),
        pytest.param(b"", (1, 1), "file is empty", id="empty"),
        pytest.param(b"\n# just a comment\n\n", (1, 1), "file is empty", id="comment"),
    ],
)
def test_unreadable_file_is_one_located_error(
    raw: bytes, where: tuple[int, int], text: str
) -> None:
    ((line, column, message),) = load_errors(raw)

    assert (line, column) == where
    assert text in message


def test_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_load_errors_of_all_files_come_together(tmp_path: Path) -> None:
    write_spec(
        tmp_path,
        {
            "api.yaml": api_yaml("demo_api"),
            "a.yaml": "schemas: {A: {type: string}\n",
            "b.yaml": b"schemas: {}\n# \xe9\n",
            "c.yml": "schemas: {}\n",
            "d/e.yaml": "",
        },
    )

    with pytest.raises(SpecInvalid) as caught:
        load_api(tmp_path / "spec" / "demo")

    found = [(Path(e.path).name, e.line, e.column) for e in caught.value.errors]
    assert found == [("a.yaml", 2, 1), ("b.yaml", 2, 3), ("c.yml", 1, 1), ("e.yaml", 1, 1)]
    assert all(isinstance(e, SpecError) for e in caught.value.errors)


def test_loaded_api_is_ordered_labelled_and_hashed(tmp_path: Path) -> None:
    write_spec(
        tmp_path,
        {
            "api.yaml": api_yaml("demo_api"),
            "schemas/b.yaml": "schemas: {B: {type: string}}\n",
            "schemas/a.yaml": "schemas: {A: {type: string}}\n",
        },
    )
    (tmp_path / "spec/demo/odd.yaml").mkdir()  # a folder named like a file is not a file
    folder = tmp_path / "spec" / "demo"

    first = load_api(folder)

    assert [f.label for f in first.files] == [
        "spec/demo/api.yaml",
        "spec/demo/schemas/a.yaml",
        "spec/demo/schemas/b.yaml",
    ]
    assert load_api(folder).sha256 == first.sha256
    (folder / "schemas/a.yaml").write_text("schemas: {A: {type: integer}}\n")
    assert load_api(folder).sha256 != first.sha256
