"""Which download a leftover `.part` belongs to, so that only its own bytes are resumed.

Beside `<name>.part` lies `<name>.part.json`: the URL's path (not its query: a fresh
signed URL for the same file has a new signature), the validator (ETag or
Last-Modified) and the size announced. A `.part` without it, or of another path, is
started over, never spliced onto another file's bytes.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

log = logging.getLogger(__name__)


@attrs.frozen
class PartOrigin:
    path: str
    validator: str | None
    total: int | None


def origin_file(part: Path) -> Path:
    return part.with_name(f"{part.name}.json")


def url_path(url: str) -> str:
    return urlsplit(url).path


def read_origin(part: Path) -> PartOrigin | None:
    """The recorded origin of `part`; None when missing or unreadable."""
    try:
        data: Any = json.loads(origin_file(part).read_text(encoding="utf-8"))
        return PartOrigin(
            path=str(data["path"]),
            validator=data.get("validator"),
            total=data.get("total"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_origin(part: Path, origin: PartOrigin) -> None:
    origin_file(part).write_text(json.dumps(attrs.asdict(origin)), encoding="utf-8")


def forget_origin(part: Path) -> None:
    origin_file(part).unlink(missing_ok=True)
