"""A document as JSON or YAML text (by the file's suffix), written in one rename.

Readers of the output file (a docs site, a CI check) see the old document or the new
one, never half of one; equal documents give byte-identical files.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


class UnknownSuffix(ValueError):
    """The output file's name says neither JSON nor YAML."""


def output_format(path: Path) -> str:
    """`json` or `yaml`, from the suffix of `path`; UnknownSuffix for any other."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        names = ", ".join(sorted(SUFFIXES))
        raise UnknownSuffix(f"{path}: the file name must end in one of {names}")
    return kind


class _PlainDumper(yaml.SafeDumper):
    """Repeated parts are written out each time: anchors and aliases (`&id001`) are legal
    YAML but some OpenAPI and AsyncAPI tools refuse them, and they read badly."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(document: Any, kind: str) -> str:
    """The document's text; mappings keep their order, which the exporters made stable."""
    if kind == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text: str = yaml.dump(
        document,
        Dumper=_PlainDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return text


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to a temporary file beside `path`, then rename it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
