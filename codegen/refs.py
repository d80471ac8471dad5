"""Where a `$ref` points, and the index of named schemas across an API's files."""

from __future__ import annotations

import posixpath
from typing import Any

import attrs

from codegen.load import LoadedApi, PointerPath, SpecFile

SCHEMAS = "schemas"


@attrs.frozen
class NamedSchema:
    """A schema declared under `schemas:` in one file."""

    name: str
    file: SpecFile
    body: Any

    @property
    def path(self) -> PointerPath:
        return (SCHEMAS, self.name)


def index_schemas(api: LoadedApi) -> dict[str, list[NamedSchema]]:
    """Every declaration of every schema name, in file order (more than one is an error)."""
    found: dict[str, list[NamedSchema]] = {}
    for file in api.files:
        schemas = file.data.get(SCHEMAS) if isinstance(file.data, dict) else None
        if isinstance(schemas, dict):
            for name, body in schemas.items():
                found.setdefault(name, []).append(NamedSchema(name, file, body))
    return found


def ref_target(ref: str, referrer: str) -> tuple[str, str]:
    """Split a `$ref` made in the file labelled `referrer` into (file label, schema name)."""
    file_part, _, pointer = ref.partition("#")
    name = pointer.rsplit("/", 1)[-1]
    if not file_part:
        return referrer, name
    folder = posixpath.dirname(referrer)
    return posixpath.normpath(posixpath.join(folder, file_part)), name
