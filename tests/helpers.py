"""Helpers for tests that build small specs on disk and generate from them."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from codegen.pipeline import plan, targets
from codegen.write import write_atomically

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
GENERATED = ROOT / "generated"


def write_spec(root: Path, files: dict[str, str | bytes], api: str = "demo") -> Path:
    """Write `files` (path below the API folder -> YAML text) under root/spec/<api>/.

    Text is dedented so tests can write YAML inline; bytes are written as they are.
    Returns the spec root (root/spec).
    """
    spec = root / "spec"
    for rel, content in files.items():
        path = spec / api / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return spec


def api_yaml(package: str, name: str = "demo", extra: str = "") -> str:
    """A minimal api.yaml; `extra` is appended YAML (e.g. a `schemas:` section)."""
    head = f"api: {{name: {name}, title: Demo, version: '1.0', package: {package}}}\n"
    return head + textwrap.dedent(extra).lstrip("\n")


@contextmanager
def generated_package(
    root: Path, files: dict[str, str | bytes], package: str
) -> Iterator[ModuleType]:
    """Generate a spec fragment into root/out and import its package for the test's duration."""
    spec = write_spec(root, files)
    _, outputs = plan(spec, targets()["python"])
    out = root / "out"
    write_atomically(outputs, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]
