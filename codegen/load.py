"""Stage 1: read an API folder's YAML files into plain data plus source positions.

PyYAML's composer keeps a mark on every node; we build plain JSON-like values from the
nodes ourselves so that each value and each mapping key keeps its line and column, and so
that duplicate keys (which PyYAML silently overwrites) are reported.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import attrs
import yaml

from codegen.errors import SpecError, SpecInvalid

PointerPath = tuple[str | int, ...]
Position = tuple[int, int]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STRING_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_MERGE_TAG = "tag:yaml.org,2002:merge"


@attrs.frozen
class SpecFile:
    """One parsed YAML file: its data, and where each value and key came from."""

    display: str  # a path the maintainer can open (relative to the working directory)
    label: str  # stable name written into generated headers: spec/<api>/<file>
    data: Any
    positions: dict[PointerPath, Position] = attrs.field(eq=False, repr=False)
    key_positions: dict[PointerPath, Position] = attrs.field(eq=False, repr=False)

    def locate(self, path: PointerPath, *, key: bool = False) -> Position:
        """The position of the value (or its key) at `path`, or of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: PointerPath, message: str, *, key: bool = False) -> SpecError:
        line, column = self.locate(path, key=key)
        return SpecError(self.display, line, column, message)


@attrs.frozen
class LoadedApi:
    """All YAML files of one API folder, in a stable order, and the hash of their bytes."""

    name: str
    display: str
    files: tuple[SpecFile, ...]
    sha256: str

    def file(self, label: str) -> SpecFile | None:
        return next((f for f in self.files if f.label == label), None)


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else absolute."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_spec_root(spec_dir: Path) -> tuple[LoadedApi, ...]:
    """Load every API folder under `spec_dir`; raise SpecInvalid with all load errors."""
    if not spec_dir.is_dir():
        raise SpecInvalid([SpecError(display_path(spec_dir), 1, 1, "spec folder not found")])
    folders = sorted(p for p in spec_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        message = "spec folder holds no API folder (expected e.g. spec/neurospeed/api.yaml)"
        raise SpecInvalid([SpecError(display_path(spec_dir), 1, 1, message)])
    errors: list[SpecError] = []
    apis: list[LoadedApi] = []
    for folder in folders:
        try:
            apis.append(load_api(folder))
        except SpecInvalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise SpecInvalid(errors)
    return tuple(apis)


def load_api(folder: Path) -> LoadedApi:
    """Load one API folder (`api.yaml` plus every other `*.yaml` below it)."""
    errors: list[SpecError] = []
    paths = sorted(
        (p for p in folder.rglob("*.y*ml") if p.is_file()),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    for path in paths:
        if path.suffix == ".yml":
            errors.append(SpecError(display_path(path), 1, 1, "spec files end in .yaml"))
    paths = [p for p in paths if p.suffix == ".yaml"]
    if not (folder / "api.yaml").is_file():
        errors.append(SpecError(display_path(folder), 1, 1, "API folder has no api.yaml"))
    digest = hashlib.sha256()
    files: list[SpecFile] = []
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        raw = path.read_bytes()
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        try:
            files.append(parse_file(raw, display_path(path), f"spec/{folder.name}/{rel}"))
        except SpecInvalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise SpecInvalid(errors)
    return LoadedApi(folder.name, display_path(folder), tuple(files), digest.hexdigest())


def parse_file(raw: bytes, display: str, label: str) -> SpecFile:
    """Decode and parse one file's bytes; raise SpecInvalid with a located error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise SpecInvalid([SpecError(display, line, column, message)]) from None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise SpecInvalid([_yaml_error(display, exc)]) from None
    except yaml.reader.ReaderError as exc:
        raise SpecInvalid([_reader_error(display, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise SpecInvalid([SpecError(display, 1, 1, f"YAML: {exc}")]) from None
    if root is None:
        raise SpecInvalid([SpecError(display, 1, 1, "file is empty")])
    builder = _Builder(display)
    data = builder.build(root, ())
    if builder.errors:
        raise SpecInvalid(builder.errors)
    return SpecFile(display, label, data, builder.positions, builder.key_positions)


def _yaml_error(display: str, exc: yaml.MarkedYAMLError) -> SpecError:
    """At the problem, naming the construct it interrupted when that started elsewhere."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML: {exc.problem or exc.context or 'invalid YAML'}"
    start = (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else None
    if exc.problem and exc.context and start and start != (line, column):
        message += f" ({exc.context} at line {start[0]}, column {start[1]})"
    return SpecError(display, line, column, message)


def _reader_error(display: str, text: str, exc: yaml.reader.ReaderError) -> SpecError:
    """ReaderError has no mark, and libyaml counts bytes where PyYAML counts characters:
    find the character itself (the reader stops at the first one it refuses)."""
    bad = chr(exc.character) if isinstance(exc.character, int) else ""
    index = text.find(bad) if bad else -1
    if index < 0:
        return SpecError(display, 1, 1, f"YAML: {exc.reason}")
    line, column = _line_column(text, index)
    message = f"YAML: character U+{ord(bad):04X} is not allowed ({exc.reason})"
    return SpecError(display, line, column, message)


def _line_column(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# A spec is a few thousand values; aliases can make a small file expand exponentially.
_MAX_VALUES = 200_000


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions on the way."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[PointerPath, Position] = {}
        self.key_positions: dict[PointerPath, Position] = {}
        self.errors: list[SpecError] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._open: set[int] = set()  # the nodes being built: an alias to one is a loop
        self._budget = _MAX_VALUES

    def build(self, node: yaml.Node, path: PointerPath) -> Any:
        self._budget -= 1
        if self._budget < 0:
            if self._budget == -1:
                message = f"YAML: more than {_MAX_VALUES:,} values (aliases expanding too far?)"
                self._fail(node, message)
            return None
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self._open:
            self._fail(node, "YAML: this node contains an alias to itself")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in _COLLECTION_TAGS:
            self._fail(node, f"YAML tag {node.tag!r} is not supported")
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self._open.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag in _STRING_TAGS:
            return node.value  # dates stay text, as they would in JSON
        if node.tag == _MERGE_TAG:
            self._fail(node, "YAML merge keys ('<<') are not supported")
            return None
        try:
            return self._constructor.construct_object(node)
        except yaml.constructor.ConstructorError:
            self._fail(node, f"YAML tag {node.tag!r} is not supported")
        except (ValueError, KeyError, TypeError):  # e.g. `!!float x`, `!!bool maybe`
            self._fail(node, f"YAML: {node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]}")
        return None

    def _fail(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.errors.append(SpecError(self.display, mark.line + 1, mark.column + 1, message))

    def _mapping(self, node: yaml.MappingNode, path: PointerPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, "a key must be a string, not a YAML collection")
                continue
            failed = len(self.errors)
            key = self._scalar(key_node)
            if len(self.errors) > failed:
                continue
            if not isinstance(key, str):
                self.errors.append(SpecError(self.display, *where, f"key {key!r} is not a string"))
                continue
            if key in result:
                self.errors.append(SpecError(self.display, *where, f"duplicate key '{key}'"))
                continue
            self.key_positions[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result
