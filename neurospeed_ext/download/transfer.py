"""Streaming, resumable downloads of pre-signed URLs, in constant memory.

The body goes to `<name>.part` chunk by chunk and is renamed to its final name only once
its size matches what the server announced, so a crash never leaves a half file under
the final name. A dropped connection resumes with a Range request; a `.part` left by
an earlier failure is resumed too when the server answers ranges (206).

No HEAD request is made first: pre-signed URLs are often signed for GET only.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import requests
import urllib3.exceptions
from requests.auth import AuthBase

from .errors import DownloadError, DownloadHTTPError, IncompleteDownloadError
from .leftovers import PartOrigin, forget_origin, read_origin, url_path, write_origin
from .progress import ProgressBar, wants_bar
from .responses import (
    Placement,
    allow_short_body,
    body_excerpt,
    placement,
    retry_after,
    unsatisfied_total,
    validator,
)
from .target import name_from_answer, part_of, refuse_existing, resolve_target
from .urls import redact_url, scrub

log = logging.getLogger(__name__)

BACKOFF_FIRST = 0.2
BACKOFF_MAX = 3.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers of an overloaded or restarting server: worth another try, like a drop."""
DESCRIBE_CHARS = 300

_DROPPED = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    urllib3.exceptions.ProtocolError,
    urllib3.exceptions.ReadTimeoutError,
)
"""What iter_content raises when the connection drops or stalls mid-body."""


class _NoAuthorization(AuthBase):
    """Drops any Authorization header: pre-signed URLs carry their own credentials, and
    a stray token (session headers, ~/.netrc) makes object stores refuse the request."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.pop("Authorization", None)
        return request


class _Retry(Exception):
    """A failure worth another attempt; `error` is raised once attempts run out."""

    def __init__(
        self, reason: str, error: DownloadError, *, wait: float | None = None, restart: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.wait = wait
        self.restart = restart


def download(
    url: str,
    destination: str | os.PathLike[str],
    *,
    filename: str | None = None,
    overwrite: bool = False,
    progress: bool | None = None,
    session: requests.Session | None = None,
    chunk_size: int = 1 << 20,
    max_resumes: int = 5,
    timeout: float | tuple[float, float] = (5.0, 30.0),
) -> Path:
    """Download `url` to `destination`; returns the path of the complete file.

    `destination` is the file itself, or a folder (existing, or ending with a separator)
    in which the file is named `filename`, else by the answer's Content-Disposition, else
    by the URL's last path segment; every such name goes through `safe_filename`.
    A dropped or stalled transfer is resumed up to `max_resumes` times (429/502/503/504
    answers are retried the same way). `progress` shows a tqdm bar on stderr (None: only
    when stderr is a terminal). `timeout` is (connect, read) seconds, per network read.

    Raises DownloadExistsError (before any request when the name is known) if the file
    exists and `overwrite` is off, DownloadHTTPError on a non-2xx answer,
    IncompleteDownloadError when the bytes never add up, DownloadError otherwise; on
    failure the `.part` file stays so that a later call resumes it.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if max_resumes < 0:
        raise ValueError("max_resumes must not be negative")
    try:
        target = resolve_target(destination, filename)
    except OSError as exc:
        raise DownloadError(redact_url(url), f"cannot create the destination: {exc}") from None
    if target.final is not None:
        refuse_existing(target.final, overwrite, redact_url(url))
    http = session if session is not None else requests.Session()
    transfer = _Transfer(
        url,
        http,
        folder=target.folder,
        final=target.final,
        overwrite=overwrite,
        bar=ProgressBar(wants_bar(progress), target.final.name if target.final else ""),
        chunk_size=chunk_size,
        max_resumes=max_resumes,
        timeout=timeout,
    )
    try:
        return transfer.run()
    except DownloadError:
        raise
    except OSError as exc:
        raise DownloadError(redact_url(url), f"cannot write the file: {exc}") from None
    finally:
        transfer.bar.close()
        if session is None:
            http.close()


class _Transfer:
    """The state of one download across its attempts."""

    def __init__(
        self,
        url: str,
        session: requests.Session,
        *,
        folder: Path,
        final: Path | None,
        overwrite: bool,
        bar: ProgressBar,
        chunk_size: int,
        max_resumes: int,
        timeout: float | tuple[float, float],
    ) -> None:
        self.url = url
        self.shown = redact_url(url)
        self.session = session
        self.verify: bool | str = session.verify if isinstance(session.verify, str) else True
        self.folder = folder
        self.final = final
        self.part = part_of(final) if final is not None else None
        self.overwrite = overwrite
        self.bar = bar
        self.chunk_size = chunk_size
        self.max_resumes = max_resumes
        self.timeout = timeout
        self.have = _size(self.part)
        """Bytes in the .part file that belong to the download."""
        self.total: int | None = None
        self.validator: str | None = None
        self.fetched = 0
        """Bytes received by this call (resumed bytes excluded), for the throughput."""
        self._adopt_leftover()

    def _adopt_leftover(self) -> None:
        """Resume a leftover .part only when it is recorded as this URL's file."""
        if self.part is None or not self.have:
            return
        origin = read_origin(self.part)
        if origin is None or origin.path != url_path(self.url):
            log.info("%s was left by another download; starting from zero", self.part)
            self._restart()
            return
        log.info("%s holds %d bytes of an earlier attempt; resuming", self.part, self.have)
        self.validator = origin.validator
        self.total = origin.total

    def run(self) -> Path:
        started = time.monotonic()
        log.info("downloading %s to %s", self.shown, self.final or f"{self.folder}{os.sep}")
        failures = 0
        while True:
            try:
                if self._attempt():
                    return self._finish(started, failures)
            except _Retry as retry:
                if retry.restart:
                    self._restart()
                if failures >= self.max_resumes:
                    log.info("%s: %s; giving up after %d resumes", self.shown, retry, failures)
                    error = self._gave_up(retry.reason) if retry.restart else retry.error
                    raise error from None
                failures += 1
                wait = retry.wait if retry.wait is not None else _backoff(failures)
                log.info(
                    "%s: %s; resuming from byte %d in %.1f s (%d of %d)",
                    self.shown,
                    retry.reason,
                    self.have,
                    wait,
                    failures,
                    self.max_resumes,
                )
                time.sleep(wait)

    def _attempt(self) -> bool:
        """One request; True once the .part file is complete, False to ask again now."""
        headers = {"Accept-Encoding": "identity"}
        if self.have:
            headers["Range"] = f"bytes={self.have}-"
            if self.validator:
                headers["If-Range"] = self.validator
        try:
            response = self.session.get(
                self.url,
                headers=headers,
                stream=True,
                timeout=self.timeout,
                verify=self.verify,
                auth=_NoAuthorization(),
            )
        except requests.exceptions.SSLError as exc:
            raise DownloadError(self.shown, f"TLS failure: {self._describe(exc)}") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            reason = f"no answer ({self._describe(exc)})"
            raise _Retry(reason, self._gave_up(reason)) from None
        except requests.exceptions.RequestException as exc:
            raise DownloadError(self.shown, self._describe(exc)) from None
        with response:
            return self._receive(response)

    def _receive(self, response: requests.Response) -> bool:
        status = response.status_code
        asked = response.request.headers.get("Range") or "the whole file"
        log.debug("%s: answer %d to %s", self.shown, status, asked)
        if status in RETRY_STATUSES:
            error = DownloadHTTPError(self.shown, status, body_excerpt(response, self.url))
            raise _Retry(f"HTTP {status}", error, wait=retry_after(response))
        if status == 416 and self.have:
            return self._unsatisfiable(response)
        if not 200 <= status < 300:
            raise DownloadHTTPError(self.shown, status, body_excerpt(response, self.url))
        if self.final is None and self._name_from(response):
            return False
        place = placement(response)
        if place is None or place.start > self.have:
            reason = f"a partial answer that does not continue at byte {self.have}"
            raise _Retry(reason, self._gave_up(reason), restart=True)
        if status == 206 and self._changed(response):
            reason = "the file changed on the server"
            raise _Retry(reason, self._gave_up(reason), restart=True)
        if status != 206 and self.have:
            log.info(
                "%s: the whole file came back instead of bytes %d- (no range support, or a"
                " changed file); restarting from zero",
                self.shown,
                self.have,
            )
        if status != 206 or self.validator is None:
            self.validator = validator(response)
        if place.total is not None or status != 206:
            self.total = place.total
        return self._write_body(response, place)

    def _write_body(self, response: requests.Response, place: Placement) -> bool:
        assert self.part is not None
        self.have = place.start
        self.bar.at(self.have, self.total)
        end = None if place.length is None else place.start + place.length
        allow_short_body(response)
        write_origin(self.part, PartOrigin(url_path(self.url), self.validator, self.total))
        with self.part.open("r+b" if self.part.exists() else "wb") as out:
            if out.seek(0, os.SEEK_END) > self.have:
                # Only when there is something to cut: ext4 (auto_da_alloc) writes out a
                # truncated file when it is closed; 300 MB took 0.27 s instead of 0.19 s.
                out.truncate(self.have)
            out.seek(self.have)
            try:
                for chunk in response.iter_content(self.chunk_size):
                    out.write(chunk)
                    self.have += len(chunk)
                    self.fetched += len(chunk)
                    self.bar.advance(len(chunk))
            except _DROPPED as exc:
                reason = f"connection lost at byte {self.have} ({self._describe(exc)})"
                raise _Retry(reason, self._gave_up(reason)) from None
        if end is not None and self.have != end:
            reason = f"the answer ended at byte {self.have} instead of {end}"
            raise _Retry(reason, self._gave_up(reason), restart=self.have > end)
        if self.total is not None and self.have < self.total:
            reason = f"the server sent bytes up to {self.have} of {self.total}"
            raise _Retry(reason, self._gave_up(reason))
        if self.total is None:
            log.debug("%s: no size announced; %d bytes taken as complete", self.shown, self.have)
        return True

    def _name_from(self, response: requests.Response) -> bool:
        """Name the file from the answer; True when a leftover .part should be resumed."""
        name = name_from_answer(self.url, response.headers.get("Content-Disposition"))
        self.final = self.folder / name
        self.part = part_of(self.final)
        refuse_existing(self.final, self.overwrite, self.shown)
        self.bar.label(name)
        self.have = _size(self.part)
        self._adopt_leftover()
        return bool(self.have)

    def _unsatisfiable(self, response: requests.Response) -> bool:
        """416 to `bytes=<have>-`: complete when the server's size is what is here."""
        size = unsatisfied_total(response)
        if size is None:
            size = self.total
        if size == self.have:
            log.info("%s: all %d bytes were already here", self.shown, self.have)
            self.total = size
            return True
        log.info(
            "%s: %d bytes here do not fit a file of %s bytes; restarting from zero",
            self.shown,
            self.have,
            size if size is not None else "unknown",
        )
        self._restart()
        return False

    def _changed(self, response: requests.Response) -> bool:
        """A 206 whose ETag differs from the first answer's (the server ignored If-Range)."""
        etag = response.headers.get("ETag")
        return bool(
            etag and self.validator and self.validator.startswith('"') and etag != self.validator
        )

    def _restart(self) -> None:
        self.have = 0
        self.validator = None
        if self.part is not None and self.part.exists():
            os.truncate(self.part, 0)

    def _finish(self, started: float, resumes: int) -> Path:
        assert self.final is not None and self.part is not None
        refuse_existing(self.final, self.overwrite, self.shown)
        os.replace(self.part, self.final)
        forget_origin(self.part)
        seconds = max(time.monotonic() - started, 1e-9)
        log.info(
            "downloaded %s to %s: %d bytes, %d fetched in %.2f s (%.1f MB/s, %d resumes)",
            self.shown,
            self.final,
            self.have,
            self.fetched,
            seconds,
            self.fetched / seconds / 1e6,
            resumes,
        )
        return self.final

    def _gave_up(self, reason: str) -> DownloadError:
        """The error to raise when no attempt is left after `reason`."""
        if self.part is not None and (self.have or self.total is not None):
            return IncompleteDownloadError(self.shown, self.have, self.total, self.part, reason)
        return DownloadError(self.shown, reason)

    def _describe(self, exc: BaseException) -> str:
        text = scrub(f"{type(exc).__name__}: {exc}", self.url)
        return text if len(text) <= DESCRIBE_CHARS else f"{text[: DESCRIBE_CHARS - 3]}..."


def _backoff(failures: int) -> float:
    return float(min(BACKOFF_FIRST * 2 ** (failures - 1), BACKOFF_MAX))


def _size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except FileNotFoundError:
        return 0
