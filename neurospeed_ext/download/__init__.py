"""Streaming, resumable, constant-memory downloads of exported files (pre-signed URLs).

>>> from neurospeed_ext.download import download
>>> path = download(url, "exports/", progress=True)   # named by Content-Disposition

Bytes go to `<name>.part` and reach the final name only when complete; a dropped
connection resumes with a Range request; TLS verification stays on and no
Authorization header is sent (the URL is its own credential).
"""

from __future__ import annotations

from .errors import (
    DownloadError,
    DownloadExistsError,
    DownloadHTTPError,
    IncompleteDownloadError,
)
from .names import safe_filename
from .transfer import download

__all__ = [
    "DownloadError",
    "DownloadExistsError",
    "DownloadHTTPError",
    "IncompleteDownloadError",
    "download",
    "safe_filename",
]
