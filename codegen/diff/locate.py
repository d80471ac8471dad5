"""Positions of things in a spec, for the IR does not keep them.

The IR names the file each schema, tag and channel came from; the loaded files know the
line and column of every key. A change points at the most precise key that exists (the
`type` of a field rather than the field), falling back to the nearest ancestor.
"""

from __future__ import annotations

from collections.abc import Iterable

from codegen.diff.change import SourceLocation
from codegen.load import LoadedApi, PointerPath, SpecFile


class Locator:
    """Finds `file:line:col` of key paths in the files of one side of a diff."""

    def __init__(self, loaded: Iterable[LoadedApi]) -> None:
        self._files: dict[str, SpecFile] = {f.label: f for api in loaded for f in api.files}

    def at(self, label: str, *paths: PointerPath) -> SourceLocation:
        """The first of `paths` present in the file (its key, else its value), else the
        nearest ancestor of the last one; line 1 of a file that is not there."""
        file = self._files.get(label)
        if file is None:
            return SourceLocation(label, 1, 1)
        for path in paths:
            found = file.key_positions.get(path) or file.positions.get(path)
            if found is not None:
                return SourceLocation(label, *found)
        path = paths[-1] if paths else ()
        while path:
            path = path[:-1]
            found = file.key_positions.get(path) or file.positions.get(path)
            if found is not None:
                return SourceLocation(label, *found)
        return SourceLocation(label, 1, 1)

    def item(self, label: str, list_path: PointerPath, value: object) -> PointerPath:
        """The path of `value` in the list at `list_path` (`required: [a, b]`), or the list's."""
        file = self._files.get(label)
        found: object = file.data if file is not None else None
        for step in list_path:
            if isinstance(found, dict) and isinstance(step, str):
                found = found.get(step)
            else:
                return list_path
        if isinstance(found, list) and value in found:
            return (*list_path, found.index(value))
        return list_path
