"""One side of a diff: a spec folder as validated IR, plus where each key of it is."""

from __future__ import annotations

from pathlib import Path

import attrs

from codegen.diff.change import Change
from codegen.diff.compare import diff_apis
from codegen.diff.locate import Locator
from codegen.ir.model import Api
from codegen.load import load_spec_root
from codegen.pipeline import build_apis


@attrs.frozen
class SpecSide:
    apis: list[Api]
    files: Locator


def read_side(spec_dir: Path) -> SpecSide:
    """Validate and build every API under `spec_dir`; raises SpecInvalid like `generate`.

    The files are read a second time for their positions, which the IR does not keep
    (a spec is a few dozen small files).
    """
    apis = build_apis(spec_dir)
    return SpecSide(apis, Locator(load_spec_root(spec_dir)))


def diff_specs(old_dir: Path, new_dir: Path) -> list[Change]:
    """Every change from the spec under `old_dir` to the one under `new_dir`, in order."""
    old, new = read_side(old_dir), read_side(new_dir)
    return diff_apis(old.apis, new.apis, old.files, new.files)
