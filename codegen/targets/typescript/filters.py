"""Jinja filters of the TypeScript target: the only place spec text becomes TypeScript."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

_WIDTH = 96


def jsdoc(text: str | None, indent: int = 0) -> str:
    """A safe `/** ... */` comment for untrusted spec text (empty when there is none).

    `*/` cannot end the comment early, and control characters are dropped.
    """
    if not text or not text.strip():
        return ""
    cleaned = "".join(_printable(ch) for ch in text.strip()).replace("*/", "*\\/")
    pad = " " * indent
    width = max(_WIDTH - indent - 3, 40)
    lines: list[str] = []
    for paragraph in cleaned.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False) or [""])
    if len(lines) == 1 and len(lines[0]) + indent + 7 <= _WIDTH:
        return f"/** {lines[0]} */\n{pad}"
    body = "\n".join(f"{pad} * {line}".rstrip() for line in lines)
    return f"/**\n{body}\n{pad} */\n{pad}"


def _printable(ch: str) -> str:
    if ch == "\n" or ch.isprintable():
        return ch
    return " " if ch.isspace() else ""


FILTERS: dict[str, Callable[..., Any]] = {"jsdoc": jsdoc}
