"""Signed export URLs carry their secret in the query: keep it out of messages and logs."""

from __future__ import annotations

from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

MIN_SECRET_LENGTH = 4
"""Shorter query values are not searched for: replacing "1" everywhere would garble text."""


def redact_url(url: str) -> str:
    """The URL without user info, query and fragment: `scheme://host[:port]/path`."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return "<invalid URL>"
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def scrub(text: str, url: str) -> str:
    """`text` with the URL's query and password replaced by `***`, wherever they appear."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _secrets(url: str) -> set[str]:
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return {url}
    found = {parts.query} if parts.query else set()
    for pair in parts.query.split("&"):
        value = pair.partition("=")[2]
        found.update(v for v in (value, unquote(value), unquote_plus(value)))
    if password:
        found.update((password, unquote(password)))
    return {s for s in found if len(s) >= MIN_SECRET_LENGTH}
