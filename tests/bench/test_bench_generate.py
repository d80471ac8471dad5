"""Whole-process `python -m codegen generate`, median of 5 (goal: <= 0.5 s).

Baselines measured in the same run: the bare interpreter start, and, when it is installed
(`pip install openapi-python-client`), openapi-python-client generating models for the same
schemas written as an OpenAPI 3 document.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from codegen.ir.model import (
    AliasSchema,
    Api,
    ArrayOf,
    EnumSchema,
    MapOf,
    Named,
    Nullable,
    ObjectSchema,
    Primitive,
    TypeRef,
)
from codegen.pipeline import build_apis, targets
from tests.helpers import ROOT, SPEC

# As on a developer's machine: bytecode caches on (some sandboxes set this variable, which
# makes every run recompile jsonschema, Jinja2 and the rest from source).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _median_seconds(command: list[str], runs: int = 5) -> float:
    """Median wall time of `runs` runs, after one untimed run that warms the caches."""
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=_ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=_ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_generate_whole_process(tmp_path: Path) -> None:
    ours = _median_seconds(
        [
            sys.executable,
            "-m",
            "codegen",
            "generate",
            "--spec",
            str(SPEC),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    bare = _median_seconds([sys.executable, "-c", "pass"])
    print(
        f"\npython -m codegen generate (whole process, median of 5): {ours:.3f} s "
        f"(goal <= 0.5 s); bare interpreter {bare:.3f} s"
    )
    beside = Path(sys.executable).parent / "openapi-python-client"
    opc = str(beside) if beside.exists() else shutil.which("openapi-python-client")
    if opc is None:
        print("openapi-python-client not installed: no same-run baseline for it")
        return
    # The baseline generates the NeuroSpeed schemas only; ours above also does E4 Connect.
    (api,) = [a for a in build_apis(SPEC, targets()["python"]) if a.name == "neurospeed"]
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(openapi_document(api)))
    theirs = _median_seconds(
        [
            opc,
            "generate",
            "--path",
            str(document),
            "--overwrite",
            "--output-path",
            str(tmp_path / "opc"),
        ]
    )
    print(f"openapi-python-client, same schemas: {theirs:.3f} s -> ours is {ours / theirs:.2f}x")


def openapi_document(api: Api) -> dict[str, Any]:
    """The API's schemas as OpenAPI 3.0 components (no paths: models only)."""
    schemas: dict[str, Any] = {}
    for schema in api.schemas:
        if isinstance(schema, ObjectSchema):
            schemas[schema.name] = {
                "type": "object",
                "properties": {f.wire_name: _openapi_type(f.type) for f in schema.fields},
                "required": [f.wire_name for f in schema.fields if f.required],
            }
        elif isinstance(schema, EnumSchema):
            schemas[schema.name] = {"type": schema.base, "enum": list(schema.values)}
        elif isinstance(schema, AliasSchema):
            schemas[schema.name] = _openapi_type(schema.type)
    info = {"title": api.title, "version": api.version}
    return {"openapi": "3.0.3", "info": info, "paths": {}, "components": {"schemas": schemas}}


def _openapi_type(ref: TypeRef) -> dict[str, Any]:
    if isinstance(ref, Named):
        return {"$ref": f"#/components/schemas/{ref.name}"}
    if isinstance(ref, Nullable):
        return {**_openapi_type(ref.inner), "nullable": True}
    if isinstance(ref, ArrayOf):
        return {"type": "array", "items": _openapi_type(ref.items)}
    if isinstance(ref, MapOf):
        return {"type": "object", "additionalProperties": _openapi_type(ref.values)}
    assert isinstance(ref, Primitive)
    formats = {"date": ("string", "date"), "date-time": ("string", "date-time")}
    if ref.kind in formats:
        kind, fmt = formats[ref.kind]
        return {"type": kind, "format": fmt}
    return {} if ref.kind == "any" else {"type": ref.kind}
