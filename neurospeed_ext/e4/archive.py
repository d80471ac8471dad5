"""Unpacking a session ZIP safely: nothing outside its folder, nothing past the limits.

A ZIP from the network is untrusted: member names may climb out of the folder (`../`,
absolute paths, drive letters), be links, or inflate far beyond their declared size. The
members are written to a temporary folder beside the target, counted as they are written,
and the folder is renamed into place only once everything is out.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import UnsafeArchiveError

MAX_TOTAL_BYTES = 2 << 30
"""Unpacked bytes allowed per session (a week of E4 data is a few hundred MB)."""
MAX_MEMBERS = 256
_CHUNK = 1 << 20


def extract_session(
    archive: str | Path,
    folder: str | Path | None = None,
    *,
    overwrite: bool = False,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_members: int = MAX_MEMBERS,
) -> Path:
    """Unpack `archive` into `folder` (default: beside it, named after it); returns the folder."""
    archive = Path(archive)
    target = Path(folder) if folder is not None else archive.with_suffix("")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists already (pass overwrite=True to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zipped:
            _unpack(zipped, archive, staging, max_total_bytes, max_members)
        staging.chmod(0o755)  # mkdtemp makes it private; a session's data is not secret
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _unpack(
    zipped: zipfile.ZipFile, archive: Path, staging: Path, max_total: int, max_members: int
) -> None:
    members = zipped.infolist()
    if len(members) > max_members:
        raise UnsafeArchiveError(f"{archive}: {len(members)} members, more than {max_members}")
    written = 0
    files: set[PurePosixPath] = set()
    for member in members:
        relative = _safe_name(archive, member)
        if relative is None:
            continue  # a folder entry
        clash = relative in files or any(parent in files for parent in relative.parents)
        if clash or any(relative in f.parents for f in files):
            raise UnsafeArchiveError(f"{archive}: member {member.filename!r} is there twice")
        files.add(relative)
        destination = staging.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zipped.open(member) as source, destination.open("wb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > max_total:
                    raise UnsafeArchiveError(
                        f"{archive}: unpacks to more than {max_total} bytes (at {member.filename})"
                    )
                sink.write(chunk)


def _safe_name(archive: Path, member: zipfile.ZipInfo) -> PurePosixPath | None:
    """The member's path below the folder, None for folders; refuses anything that escapes."""
    name = member.filename
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeArchiveError(f"{archive}: member {name!r} is a symbolic link")
    if "\\" in name or ":" in name or "\x00" in name:
        raise UnsafeArchiveError(f"{archive}: member name {name!r} is not a plain relative path")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise UnsafeArchiveError(f"{archive}: member {name!r} would be written outside the folder")
    if member.is_dir() or not path.parts:
        return None
    return path
