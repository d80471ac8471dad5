"""The files `neurospeed stream` reads: CSV in chunks, .npy memory-mapped."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

from neurospeed_ext.commands.sample_files import InputError, open_samples, rate_of


def write(tmp_path: Path, text: str, name: str = "samples.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_and_timestamp_column(tmp_path: Path) -> None:
    rows = "".join(f"{i},{100 + i * 0.25},{-i}\n" for i in range(7))
    path = write(tmp_path, "a, Timestamp ,b\n\n" + rows)
    with open_samples(path, chunk=3) as source:
        assert (source.names, source.width, source.has_timestamps) == (["a", "b"], 2, True)
        assert source.timestamp_rate() == 4.0
        blocks = list(source.blocks())
    assert [len(b.samples) for b in blocks] == [3, 3, 1]
    assert blocks[0].samples[1] == [1.0, -1.0]
    assert blocks[2].timestamps == [101.5]


def test_csv_without_header(tmp_path: Path) -> None:
    path = write(tmp_path, "1,2\n3,4.5\n")
    with open_samples(path) as source:
        assert (source.names, source.width, source.has_timestamps) == (None, 2, False)
        assert source.timestamp_rate() is None
        assert [b.samples for b in source.blocks()] == [[[1.0, 2.0], [3.0, 4.5]]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no samples in the file"),
        ("a,b\n1,2\n3\n", r"samples.csv:3: 1 values; expected 2"),
        ("a,b\n1,2\n3,x\n", r"samples.csv:3: column 2: not a number: 'x'"),
        ("a,b\n1,nan\n", r"samples.csv:2: column 2: 'nan'"),
        ("timestamp\n1\n", "no channel columns"),
        ("timestamp,TIMESTAMP,a\n", "more than one timestamp column"),
    ],
)
def test_csv_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught, open_samples(path) as source:
        list(source.blocks())
    assert caught.value.exit_status == 2


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read .*nope\.csv"):
        open_samples(tmp_path / "nope.csv")


def test_npy_arrays(tmp_path: Path) -> None:
    path = tmp_path / "samples.npy"
    numpy.save(path, numpy.arange(10, dtype=numpy.float32).reshape(5, 2))
    with open_samples(path, chunk=2) as source:
        assert (source.width, source.total, source.names) == (2, 5, None)
        blocks = list(source.blocks())
    assert blocks[0].samples == [[0.0, 1.0], [2.0, 3.0]]
    assert sum(len(b.samples) for b in blocks) == 5
    assert all(b.timestamps is None for b in blocks)

    one = tmp_path / "one.npy"
    numpy.save(one, numpy.array([1, 2, 3]))
    with open_samples(one) as source:
        assert source.width == 1
        assert next(source.blocks()).samples == [[1], [2], [3]]


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (numpy.zeros((2, 2, 2)), "expected samples x channels"),
        (numpy.array([["a", "b"]]), "expected numbers"),
        (numpy.array([[1.0, numpy.inf]]), "sample 0: not a finite number"),
        (numpy.zeros((0, 3)), "no samples"),
    ],
)
def test_npy_errors(tmp_path: Path, array: numpy.ndarray, message: str) -> None:
    path = tmp_path / "bad.npy"
    numpy.save(path, array)
    with pytest.raises(InputError, match=message), open_samples(path) as source:
        list(source.blocks())


def test_npy_without_numpy_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(InputError, match=r"needs numpy, which is not installed"):
        open_samples(tmp_path / "x.npy")


def test_rate_of() -> None:
    assert rate_of([0.0, 0.5, 1.0, 1.5]) == 2.0
    assert rate_of([10.0, 10.0 + 1 / 256, 10.0 + 2 / 256]) == 256.0
    assert rate_of([1.0]) is None
    assert rate_of([2.0, 1.0, 0.0]) is None
