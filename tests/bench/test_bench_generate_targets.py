"""Generation of both targets, and how generation time grows with the spec's size.

(a) Whole-process `python -m codegen generate` (Python and TypeScript), median of 5; goal
    <= 0.7 s. Same-run baselines: the bare interpreter, and the Python target alone.
(b) A synthetic spec ten times ours (every API folder copied ten times under new names);
    goal: at most 10x the time of ours, whole process and in process.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import time
from pathlib import Path

from codegen.pipeline import plan
from codegen.write import materialize
from tests.bench.test_bench_generate import _median_seconds
from tests.helpers import SPEC

COPIES = 10


def synthetic_spec(root: Path, copies: int = COPIES) -> Path:
    """`copies` copies of every API of spec/, each with its own API and package name."""
    spec = root / "spec"
    for api_folder in sorted(p for p in SPEC.iterdir() if (p / "api.yaml").is_file()):
        for i in range(copies):
            name = f"{api_folder.name}{i}"
            shutil.copytree(api_folder, spec / name)
            entry = spec / name / "api.yaml"
            text = entry.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(\s*name:\s*)\S+", rf"\g<1>{name}", text, count=1)
            text = re.sub(r"(?m)^(\s*package:\s*)(\w+?)_api", rf"\g<1>\g<2>{i}_api", text, count=1)
            entry.write_text(text, encoding="utf-8")
    return spec


def _generate_command(spec: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "codegen",
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
        *extra,
    ]


def _in_process_seconds(spec: Path, out: Path, runs: int = 5) -> float:
    """Median of plan + render + write + format, in this process (no interpreter start)."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        _, files = plan(spec)
        materialize(files, out / str(i))
        if i:  # the first run warms Jinja's caches
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def test_generate_both_targets_whole_process(tmp_path: Path) -> None:
    both = _median_seconds(_generate_command(SPEC, tmp_path / "both"))
    python_only = _median_seconds(_generate_command(SPEC, tmp_path / "py", "--target", "python"))
    bare = _median_seconds([sys.executable, "-c", "pass"])
    print(
        f"\npython -m codegen generate, Python + TypeScript (whole process, median of 5): "
        f"{both:.3f} s (goal <= 0.7 s); Python target alone {python_only:.3f} s; "
        f"bare interpreter {bare:.3f} s"
    )
    assert (tmp_path / "both" / "typescript" / "neurospeed-api" / "src" / "models.ts").is_file()


def test_generation_grows_at_most_linearly(tmp_path: Path) -> None:
    big = synthetic_spec(tmp_path / "big")
    apis, files = plan(big)
    ours_apis, ours_files = plan(SPEC)
    assert len(apis) == COPIES * len(ours_apis)
    assert len(files) == COPIES * len(ours_files)
    small_whole = _median_seconds(_generate_command(SPEC, tmp_path / "out-small"))
    big_whole = _median_seconds(_generate_command(big, tmp_path / "out-big"))
    small_inside = _in_process_seconds(SPEC, tmp_path / "in-small")
    big_inside = _in_process_seconds(big, tmp_path / "in-big")
    print(
        f"\nsynthetic spec {COPIES}x ours ({len(apis)} APIs, {len(files)} files), median of 5:"
        f"\n  whole process: ours {small_whole:.3f} s, {COPIES}x {big_whole:.3f} s -> "
        f"{big_whole / small_whole:.2f}x (goal <= {COPIES}x)"
        f"\n  in process (plan, render, write, format): ours {small_inside:.3f} s, "
        f"{COPIES}x {big_inside:.3f} s -> {big_inside / small_inside:.2f}x (goal <= {COPIES}x)"
    )
