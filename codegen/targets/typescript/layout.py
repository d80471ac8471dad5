"""Line layout for generated TypeScript: one line when it fits, else one item per line.

There is no formatter in the pipeline for TypeScript, so the target lays out the few
constructs that can grow long (calls, object literals, unions) the way prettier would.
"""

from __future__ import annotations

import re

WIDTH = 100
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def key(name: str) -> str:
    """An object literal key: bare when it is an identifier, quoted otherwise."""
    return name if _IDENTIFIER.fullmatch(name) else f'"{name}"'


def call(prefix: str, callee: str, args: list[str], indent: int, end: str = ";") -> str:
    """`prefix callee(args)end`, with the arguments one per line when it is too long."""
    line = f"{prefix}{callee}({', '.join(args)}){end}"
    if indent + len(line) <= WIDTH:
        return line
    pad = " " * (indent + 2)
    items = "".join(f"\n{pad}{arg}," for arg in args)
    return f"{prefix}{callee}({items}\n{' ' * indent}){end}"


def obj(items: list[str], indent: int, column: int | None = None) -> str:
    """An object literal on one line (starting at `column`, by default `indent`), or one
    item per line, indented from `indent`, when too long."""
    if not items:
        return "{}"
    line = "{ " + ", ".join(items) + " }"
    if (indent if column is None else column) + len(line) <= WIDTH:
        return line
    pad = " " * (indent + 2)
    return "{" + "".join(f"\n{pad}{item}," for item in items) + f"\n{' ' * indent}}}"


def union(prefix: str, members: list[str]) -> str:
    """`prefix A | B;` or, when too long, one `| member` per line."""
    line = f"{prefix} {' | '.join(members)};"
    if len(line) <= WIDTH:
        return line
    return prefix + "".join(f"\n  | {member}" for member in members) + ";"


def members(items: list[str], indent: int, column: int) -> str:
    """An object type `{ a: T; b?: U }`, or one member per line when too long."""
    line = "{ " + "; ".join(items) + " }"
    if column + len(line) <= WIDTH:
        return line
    pad = " " * (indent + 2)
    return "{" + "".join(f"\n{pad}{item};" for item in items) + f"\n{' ' * indent}}}"


def signature(prefix: str, params: list[str], suffix: str, indent: int = 0) -> str:
    """`prefix(a, b)suffix`, or one parameter per line when too long."""
    line = f"{prefix}({', '.join(params)}){suffix}"
    if indent + len(line) <= WIDTH:
        return line
    pad = " " * (indent + 2)
    return f"{prefix}(" + "".join(f"\n{pad}{p}," for p in params) + f"\n{' ' * indent}){suffix}"


def statement(line: str, indent: int) -> str:
    """A statement too long for one line: an `if` gets a block, an assignment breaks
    after `=`; others are left as they are."""
    if indent + len(line) <= WIDTH:
        return line
    pad = " " * indent
    if line.startswith("if (") and ") " in line:
        condition, _, rest = line.partition(") ")
        return f"{condition}) {{\n{pad}  {rest}\n{pad}}}"
    target, sep, value = line.partition(" = ")
    if sep:
        return f"{target} =\n{pad}  {value}"
    return line
