"""File names from untrusted places (a server's Content-Disposition, a URL, a caller's
argument) made safe to create inside a chosen folder on any common file system."""

from __future__ import annotations

import email.message
import email.utils
import re
import unicodedata
from urllib.parse import unquote, urlsplit

MAX_CHARS = 200
MAX_BYTES = 240
"""UTF-8 bytes: most file systems allow 255, and `.part` is appended while downloading."""
MAX_SUFFIX_CHARS = 16
"""A longer "suffix" is part of the name, not an extension worth keeping."""

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{n}" for kind in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
"""Control, format (e.g. right-to-left overrides that disguise a suffix), surrogate,
private-use and unassigned characters, and line or paragraph separators."""


def safe_filename(name: str, *, default: str = "download") -> str:
    """A single path component made from `name`: never a path, never empty.

    Keeps only the last component of `name` (forward or back slashes), drops invisible
    characters, replaces characters Windows forbids with "_", strips leading dots and
    spaces (no hidden files, no "..") and trailing dots and spaces (Windows drops them),
    prefixes Windows device names (CON, NUL, COM1...) with "_", and shortens the name to
    MAX_CHARS characters and MAX_BYTES UTF-8 bytes, keeping its suffix. An empty result
    gives `default`, cleaned the same way.
    """
    return _clean(name) or _clean(default) or "download"


def filename_from_disposition(header: str | None) -> str | None:
    """The raw file name of a Content-Disposition header, if any.

    `filename*` (RFC 6266, percent-encoded with a charset) wins over `filename`, as in
    browsers: servers send both so that old clients get an ASCII fallback.
    """
    if not header:
        return None
    message = email.message.Message()
    message["Content-Disposition"] = header
    plain: str | None = None
    for key, value in message.get_params(header="content-disposition", failobj=[]):
        if key.lower() != "filename":
            continue
        if isinstance(value, tuple):
            try:
                return email.utils.collapse_rfc2231_value(value) or None
            except (LookupError, ValueError):
                continue
        plain = plain or value or None
    return plain


def filename_from_url(url: str) -> str | None:
    """The last non-empty segment of the URL's path, percent-decoded, if any."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    segment = unquote(path.rstrip("/").rpartition("/")[2])
    return segment or None


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rpartition("/")[2]
    name = "".join(c for c in name if unicodedata.category(c) not in _INVISIBLE)
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    name = name.lstrip(". ").rstrip(". ")
    if name.partition(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return _shorten(name)


def _shorten(name: str) -> str:
    if len(name) <= MAX_CHARS and len(name.encode()) <= MAX_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > MAX_SUFFIX_CHARS:
        stem, suffix = name, ""
    else:
        suffix = f".{suffix}"
    room_chars = MAX_CHARS - len(suffix)
    room_bytes = MAX_BYTES - len(suffix.encode())
    stem = stem[:room_chars]
    while len(stem.encode()) > room_bytes:
        stem = stem[:-1]
    return f"{stem.rstrip('. ')}{suffix}"
