"""Stage 5: render templates with a strict Jinja environment (logic stays in the targets)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.resources.abc import Traversable
from typing import Any

import attrs
import jinja2


@attrs.frozen
class OutputFile:
    """One generated file: its path below the output folder and its full text."""

    path: str
    text: str


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's own compiled-template cache (keyed by source checksum, so never stale)."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder to be had: compile each run
        return None


class Renderer:
    """Loads a target's templates; undefined names are errors, never empty strings."""

    def __init__(self, folder: Traversable, filters: Mapping[str, Callable[..., Any]]) -> None:
        self._folder = folder
        self.env = jinja2.Environment(
            loader=jinja2.FunctionLoader(self._source),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            bytecode_cache=_bytecode_cache(),
        )
        self.env.filters.update(filters)

    def _source(self, name: str) -> str:
        return self._folder.joinpath(name).read_text(encoding="utf-8")

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)
