"""Whole-process `python -m codegen generate`, median of 5 (goal: <= 0.5 s).

Baselines measured in the same run: the bare interpreter start, and, when it is installed
(`pip install openapi-python-client`), openapi-python-client generating a client from the
OpenAPI document `python -m codegen export openapi` writes of the same API: its models and
its REST calls.
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

from codegen.export.jsonschema import SchemaMapper
from codegen.export.openapi import openapi_document
from codegen.ir.model import Api
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
    # The baseline generates the NeuroSpeed API only; ours above also does E4 Connect.
    (api,) = [a for a in build_apis(SPEC, targets()["python"]) if a.name == "neurospeed"]
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(baseline_document(api)))
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
    print(
        f"openapi-python-client, same schemas and REST calls: {theirs:.3f} s "
        f"-> ours is {ours / theirs:.2f}x"
    )


def baseline_document(api: Api) -> dict[str, Any]:
    """The exported OpenAPI document, with every named schema in its components (also
    those only the Socket.IO channels use), so that the baseline makes models for all the
    schemas ours does."""
    document = openapi_document(api)
    every = SchemaMapper(api).components(schema.name for schema in api.schemas)
    document["components"]["schemas"] = every
    return document
