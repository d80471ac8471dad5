"""The sessions and devices CSV files of `neurospeed e4 -l/-d`.

Written with the csv module (RFC 4180: quoted where a value holds a comma, a quote or a
line break; CRLF line ends), because labels are free text: the published client joined
values with bare commas and failed on anything that was not text. The header is the
model's wire names in the spec's field order, so an empty list still writes a header.
Bytes go to `<file>.part`, renamed once complete: a failure never leaves half a file
under the real name.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs


def columns(model: type) -> list[str]:
    """The CSV header of a generated model: its fields in the spec's order. The E4 models'
    attribute names are their wire names (a unit test holds the converter to that)."""
    return [item.name for item in attrs.fields(model)]


def cell(value: Any) -> str:
    """A value as CSV text: None is an empty cell, lists and objects are JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write `rows` (wire dicts; keys outside `header` are left out) to `path`; returns
    how many rows were written."""
    part = path.with_name(path.name + ".part")
    count = 0
    try:
        with part.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            for row in rows:
                writer.writerow([cell(row.get(name)) for name in header])
                count += 1
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count
