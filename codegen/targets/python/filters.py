"""Jinja filters of the Python target: the only place spec text becomes Python source."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

_WIDTH = 92


def docstring(text: str | None, indent: int = 0) -> str:
    """A safe triple-quoted docstring for untrusted spec text (empty when there is none)."""
    if not text or not text.strip():
        return ""
    cleaned = "".join(_printable(ch) for ch in text.strip())
    escaped = cleaned.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    width = max(_WIDTH - indent, 40)
    lines: list[str] = []
    for paragraph in escaped.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False) or [""])
    pad = " " * indent
    if len(lines) == 1 and len(lines[0]) + 6 <= width:
        return f'"""{lines[0]}"""'
    body = "\n".join(f"{pad}{line}" if line else "" for line in lines)
    return f'"""\n{body}\n{pad}"""'


def _printable(ch: str) -> str:
    """Keep newlines; other whitespace becomes a space; other control characters go."""
    if ch == "\n" or ch.isprintable():
        return ch
    return " " if ch.isspace() else ""


def python_literal(value: str | int | float | bool | None) -> str:
    """A literal for untrusted scalar text (repr escapes quotes and control characters)."""
    return repr(value)


FILTERS: dict[str, Callable[..., Any]] = {"docstring": docstring, "pyliteral": python_literal}
