"""Where a download lands: a file path given as is, or a safe name inside a folder."""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from .errors import DownloadExistsError
from .names import filename_from_disposition, filename_from_url, safe_filename

PART_SUFFIX = ".part"


@attrs.frozen
class Target:
    folder: Path
    final: Path | None
    """None while the name waits for the answer's Content-Disposition."""


def resolve_target(destination: str | os.PathLike[str], filename: str | None) -> Target:
    """A folder (existing, or written with a trailing separator) or the file path itself.

    Folders named with a trailing separator and a file's parent folder are created.
    `filename` names the file inside a folder and is ignored for a file path.
    """
    raw = os.fspath(destination)
    path = Path(raw)
    separators = tuple(s for s in (os.sep, os.altsep, "/") if s)
    if raw.endswith(separators) or path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        final = None if filename is None else path / safe_filename(filename)
        return Target(folder=path, final=final)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Target(folder=path.parent, final=path)


def name_from_answer(url: str, content_disposition: str | None) -> str:
    """Content-Disposition's file name, else the URL's last path segment, made safe."""
    raw = filename_from_disposition(content_disposition) or filename_from_url(url)
    return safe_filename(raw or "")


def part_of(final: Path) -> Path:
    """The file the bytes go to until they are complete, in the same folder (same disk)."""
    return final.with_name(f"{final.name}{PART_SUFFIX}")


def refuse_existing(final: Path, overwrite: bool, url: str) -> None:
    """DownloadExistsError when `final` exists (a dangling link too) and overwrite is off."""
    if not overwrite and (final.exists() or final.is_symlink()):
        raise DownloadExistsError(url, final)
