"""`--git REF`: the spec folder as it was at a revision, copied into a temporary folder.

The files are read with `git ls-tree` and `git cat-file --batch` (no shell, nothing in the
repository or its working tree changes) and written at the same path below the temporary
folder as the spec folder has below the repository's top, so the spec reads as it did then.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import attrs

from codegen.load import display_path

log = logging.getLogger(__name__)

GIT_TIMEOUT = 60.0  # seconds per git command; a spec is a few dozen small files


class GitRefError(Exception):
    """The spec cannot be read at the revision (no repository, unknown revision, no folder)."""


class _GitFailed(Exception):
    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


@attrs.frozen
class Snapshot:
    """A spec folder as it was at `ref`: `folder` is its copy, at the same path below `root`
    as the spec folder has below the repository's top."""

    ref: str
    root: Path
    folder: Path

    @property
    def label(self) -> str:
        """The spec folder's path below the repository's top: `spec`."""
        return self.folder.relative_to(self.root).as_posix()

    def name(self, copied: str) -> str:
        """`REF:spec/api/file` for a path (as displayed) inside the copy; else unchanged."""
        prefix = display_path(self.root)
        if not copied.startswith(prefix + os.sep):
            return copied
        return f"{self.ref}:{copied[len(prefix) + 1 :].replace(os.sep, '/')}"


@contextmanager
def spec_at(ref: str, spec_dir: Path) -> Iterator[Snapshot]:
    """The folder `spec_dir` of the working tree as it was at `ref`, while the block runs."""
    top, rel = _locate(spec_dir)
    commit = _commit(top, ref)
    files = _files(top, commit, ref, rel)
    with tempfile.TemporaryDirectory(prefix="codegen-diff-") as tmp:
        root = Path(tmp)
        target = root.joinpath(*rel.parts)
        target.mkdir(parents=True, exist_ok=True)
        _write(top, files, root)
        log.debug("%s at %s (%s) copied to %s: %d files", rel, ref, commit, target, len(files))
        yield Snapshot(ref, root, target)


def _locate(spec_dir: Path) -> tuple[Path, PurePosixPath]:
    """The repository's top folder, and the spec folder's path below it."""
    absolute = spec_dir.absolute()
    existing = next((p for p in (absolute, *absolute.parents) if p.is_dir()), Path("/"))
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], existing).decode().strip())
    except _GitFailed as exc:
        raise GitRefError(f"{existing} is not in a git repository ({exc.stderr})") from None
    try:
        rel = absolute.resolve().relative_to(top.resolve())
    except ValueError:
        raise GitRefError(f"{spec_dir} is not inside the git repository {top}") from None
    return top, PurePosixPath(rel.as_posix())


def _commit(top: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise GitRefError(f"unknown revision '{ref}'")
    try:
        found = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except _GitFailed:
        raise GitRefError(f"unknown revision '{ref}'") from None
    return found.decode().strip()


def _files(top: Path, commit: str, ref: str, rel: PurePosixPath) -> list[tuple[str, str]]:
    """(object id, path below the top) of every file of the folder at the commit."""
    spec = "" if rel == PurePosixPath(".") else rel.as_posix()
    try:
        kind = _git(["cat-file", "-t", f"{commit}:{spec}"], top).decode().strip()
    except _GitFailed:
        kind = "missing"
    if kind != "tree":
        raise GitRefError(f"the spec folder {spec or '.'} did not exist at {ref}")
    listing = _git(["ls-tree", "-r", "-z", commit, "--", spec or "."], top)
    files: list[tuple[str, str]] = []
    for entry in filter(None, listing.split(b"\0")):
        head, _, name = entry.partition(b"\t")
        mode, kind, oid = head.decode().split()
        path = name.decode("utf-8", errors="surrogateescape")
        if kind == "blob" and mode != "120000":
            files.append((oid, path))
        else:
            log.warning("%s at %s is skipped: a %s, not a file", path, ref, kind)
    return files


def _write(top: Path, files: list[tuple[str, str]], root: Path) -> None:
    """Fetch every file's bytes in one `git cat-file --batch` and write them below `root`."""
    if not files:
        return
    request = "".join(f"{oid}\n" for oid, _ in files).encode()
    answer = _git(["cat-file", "--batch"], top, stdin=request)
    offset = 0
    for oid, path in files:
        header_end = answer.index(b"\n", offset)
        header = answer[offset:header_end].decode().split()
        if len(header) != 3 or header[0] != oid:
            raise GitRefError(f"git cat-file answered {' '.join(header)!r} for {path}")
        size = int(header[2])
        content = answer[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1  # the contents end with a newline
        parts = PurePosixPath(path).parts
        if PurePosixPath(path).is_absolute() or ".." in parts:
            raise GitRefError(f"refusing the path {path!r} from git")
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run git (never a shell); its output, or _GitFailed with its message."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitRefError("git is not installed (needed by --git)") from None
    except subprocess.TimeoutExpired:
        raise GitRefError(f"git {args[0]} did not answer within {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return done.stdout
