"""Stage 7: write output into a staging folder, then swap whole packages into place.

Readers of `generated/` see the old package or the new one, never a mix; on any error
the staging folder is removed and `generated/` is left as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

import attrs

from codegen.format import format_tree
from codegen.render import OutputFile

_IGNORED_PARTS = {"__pycache__"}


@attrs.frozen
class Drift:
    """How an output folder differs from what the spec generates."""

    stale: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra)


def materialize(files: Iterable[OutputFile], folder: Path) -> None:
    """Write the files below `folder` and format them; bytes are exactly the text's UTF-8."""
    for file in files:
        path = folder / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.text.encode("utf-8"))
    format_tree(folder)


def packages_of(files: Iterable[OutputFile]) -> list[str]:
    return sorted({file.path.split("/", 1)[0] for file in files})


def write_atomically(files: list[OutputFile], out_dir: Path) -> None:
    """Render into `out_dir/.codegen-*`, then replace each package folder in one rename."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".codegen-{uuid.uuid4().hex[:12]}"
    try:
        materialize(files, staging / "new")
        for package in packages_of(files):
            _swap(staging / "new" / package, out_dir / package, staging / "old" / package)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path, backup: Path) -> None:
    backup.parent.mkdir(parents=True, exist_ok=True)
    had_old = target.exists()
    if had_old:
        target.rename(backup)
    try:
        new.rename(target)
    except OSError:
        if had_old:
            backup.rename(target)
        raise


def compare(files: list[OutputFile], out_dir: Path) -> Drift:
    """Render to a temporary folder and list stale, missing and extra files in `out_dir`."""
    with tempfile.TemporaryDirectory(prefix="codegen-check-") as tmp:
        fresh = Path(tmp)
        materialize(files, fresh)
        stale, missing, extra = [], [], []
        for package in packages_of(files):
            want = _tree(fresh / package)
            have = _tree(out_dir / package)
            for rel in sorted(want.keys() | have.keys()):
                name = f"{package}/{rel}"
                if rel not in have:
                    missing.append(name)
                elif rel not in want:
                    extra.append(name)
                elif want[rel] != have[rel]:
                    stale.append(name)
        return Drift(tuple(stale), tuple(missing), tuple(extra))


def _tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
        and not _IGNORED_PARTS.intersection(path.relative_to(folder).parts)
        and path.suffix != ".pyc"
    }
