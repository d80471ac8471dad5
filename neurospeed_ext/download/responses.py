"""What a download needs from an HTTP answer's headers: where its bytes go, how many
there are in all, how to ask for the rest, and a short, secret-free excerpt of errors."""

from __future__ import annotations

import re

import attrs
import requests

from .urls import scrub

EXCERPT_BYTES = 2048
EXCERPT_CHARS = 300
MAX_RETRY_AFTER = 30.0

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)
_UNSATISFIED_RANGE = re.compile(r"^\s*bytes\s+\*/(\d+)\s*$", re.IGNORECASE)


@attrs.frozen
class Placement:
    """Where an answer's body goes in the file, and the file's full size when known."""

    start: int
    length: int | None
    total: int | None


def placement(response: requests.Response) -> Placement | None:
    """The body's place from a 206's Content-Range or a 200's Content-Length.

    None for a 206 whose Content-Range is missing or not one byte range. A Content-Length
    is not trusted when the body is content-encoded: requests decodes it, so the bytes
    written would not add up to the bytes announced.
    """
    if response.status_code == 206:
        match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
        if match is None:
            return None
        first, last, total = match.groups()
        return Placement(
            start=int(first),
            length=int(last) - int(first) + 1,
            total=None if total == "*" else int(total),
        )
    length = None if is_encoded(response) else _content_length(response)
    return Placement(start=0, length=length, total=length)


def unsatisfied_total(response: requests.Response) -> int | None:
    """The full size a 416 names in `Content-Range: bytes */<size>`, if it names one."""
    match = _UNSATISFIED_RANGE.match(response.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None


def allow_short_body(response: requests.Response) -> None:
    """Let a body that ends early end like a complete one: the caller checks the sizes.

    urllib3 otherwise raises on a short body from inside a read that already holds the
    bytes received before the drop, and they are lost: up to a chunk per drop, all of
    them when drops come sooner than that, so a resume could never move forward.
    """
    if hasattr(response.raw, "enforce_content_length"):
        response.raw.enforce_content_length = False


def is_encoded(response: requests.Response) -> bool:
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    return encoding not in ("", "identity")


def validator(response: requests.Response) -> str | None:
    """What to send as If-Range: a strong ETag, else Last-Modified (weak ETags may not)."""
    etag = response.headers.get("ETag")
    if etag and not etag.startswith("W/"):
        return etag
    return response.headers.get("Last-Modified") or None


def retry_after(response: requests.Response) -> float | None:
    """Retry-After in seconds (capped), when given as a number."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def body_excerpt(response: requests.Response, url: str) -> str:
    """The start of an error answer's body on one line, with the URL's secrets removed.

    Some stores echo the signature they were given in their error body, so the excerpt is
    scrubbed like the message it goes into.
    """
    try:
        raw = next(response.iter_content(EXCERPT_BYTES), b"")
    except (requests.RequestException, OSError):
        return ""
    text = " ".join(raw[:EXCERPT_BYTES].decode("utf-8", "replace").split())
    text = scrub(text, url)
    return text if len(text) <= EXCERPT_CHARS else f"{text[: EXCERPT_CHARS - 3]}..."


def _content_length(response: requests.Response) -> int | None:
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None
