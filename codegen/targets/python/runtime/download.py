"""Streaming a binary answer to a file: `<name>.part` first, the final name once complete.

The byte count that is checked against Content-Length is what arrived on the wire (the
transport asks for no content encoding, so the two agree); a short or dropped answer
leaves nothing behind, and without `overwrite` a file that appears meanwhile is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from .http_errors import IncompleteAnswerError

Progress = Callable[[int, int | None], None]
"""Called with the bytes written so far and the expected total (None when unknown)."""

CHUNK_SIZE = 1 << 20
"""Bytes read and written at a time."""


def stream_to_file(
    response: requests.Response,
    target: Path,
    where: dict[str, Any],
    overwrite: bool,
    on_progress: Progress | None,
) -> Path:
    """Write the body to `<target>.part`, then give it the final name; returns `target`."""
    length = response.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    part = target.with_name(target.name + ".part")
    written = 0
    try:
        with part.open("wb") as file:
            for chunk in response.iter_content(CHUNK_SIZE):
                file.write(chunk)
                written += len(chunk)
                if on_progress is not None:
                    on_progress(written, total)
        received = response.raw.tell() or written
        if total is not None and received != total:
            raise IncompleteAnswerError(f"got {received} of {total} bytes", **where)
        _publish(part, target, overwrite)
    except requests.RequestException as exc:
        part.unlink(missing_ok=True)
        received = response.raw.tell() or written
        message = f"the connection dropped after {received} bytes ({type(exc).__name__})"
        raise IncompleteAnswerError(message, **where) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target


def _publish(part: Path, target: Path, overwrite: bool) -> None:
    """Rename; without `overwrite`, never over a file that appeared during the download."""
    if overwrite:
        os.replace(part, target)
        return
    try:
        os.link(part, target)  # fails if target exists, unlike a rename
    except FileExistsError:
        raise FileExistsError(f"{target} appeared during the download; it is kept") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(f"{target} appeared during the download; it is kept") from None
        os.replace(part, target)
        return
    part.unlink()
