"""Typed download failures. Messages name the URL without its query: signed export URLs
carry their secret there, and error messages end up in logs and bug reports."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class DownloadError(Exception):
    """A download that did not produce its file; `url` has no query string."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        self.message = f"download of {url} failed: {reason}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DownloadHTTPError(DownloadError):
    """The server answered a status other than 2xx; `body` is a short excerpt of its answer."""

    def __init__(self, url: str, status: int, body: str) -> None:
        self.status = status
        self.body = body
        detail = f": {body}" if body else ""
        super().__init__(url, f"HTTP {status}{detail}")


class IncompleteDownloadError(DownloadError):
    """Fewer bytes than announced after every resume; the `.part` file is kept to resume."""

    def __init__(
        self, url: str, received: int, expected: int | None, part: Path, reason: str
    ) -> None:
        self.received = received
        self.expected = expected
        self.part = part
        of = f" of {expected}" if expected is not None else ""
        super().__init__(url, f"{reason}; {received}{of} bytes kept in {part}")


class DownloadExistsError(DownloadError, FileExistsError):
    """The destination file exists and overwrite is off; nothing was requested or written."""

    def __init__(self, url: str, path: Path) -> None:
        self.path = path
        super().__init__(url, f"{path} exists (pass overwrite=True to replace it)")
        self.errno = errno.EEXIST
        self.strerror = os.strerror(errno.EEXIST)
        self.filename = os.fspath(path)
