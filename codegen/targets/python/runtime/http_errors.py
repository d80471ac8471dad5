"""Typed HTTP errors; what they show of URLs and bodies is redacted of secrets."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET_KEY = re.compile(r"token|password|secret|signature|^sig$|authorization|jwt", re.IGNORECASE)
_JWT_LIKE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
_EXCERPT = 300


class ApiError(Exception):
    """A call that did not succeed: method, URL, HTTP status (None: no answer) and body excerpt."""

    def __init__(
        self, message: str, *, method: str, url: str, status: int | None, body: str = ""
    ) -> None:
        self.message = message
        self.method = method
        self.url = redact_url(url)
        self.status = status
        self.body = body
        super().__init__(str(self))

    def __str__(self) -> str:
        status = f" -> {self.status}" if self.status is not None else ""
        body = f" (body: {self.body})" if self.body else ""
        return f"{self.method} {self.url}{status}: {self.message}{body}"


class ApiConnectionError(ApiError):
    """No answer: connection refused, timed out or dropped (after the retries)."""


class IncompleteAnswerError(ApiConnectionError):
    """A streamed answer ended before its Content-Length (nothing is left on disk)."""


class BadRequestError(ApiError):
    """400: the server refused the request's content."""


class AuthenticationError(ApiError):
    """401 that a token refresh could not cure, or no token to refresh with."""


class PermissionDeniedError(ApiError):
    """403: the token may not do this."""


class NotFoundError(ApiError):
    """404: no such resource (or not visible to this token)."""


class ConflictError(ApiError):
    """409: the request conflicts with the resource's state."""


class RequestTooLargeError(ApiError):
    """413: the body is larger than the server accepts."""


class RateLimitError(ApiError):
    """429 after the retries."""


class ServerError(ApiError):
    """5xx after the retries."""


class ResponseDecodeError(ApiError):
    """A 2xx answer that does not match the spec; `problems` names the fields."""

    def __init__(self, message: str, *, problems: tuple[Any, ...] = (), **where: Any) -> None:
        self.problems = problems
        super().__init__(message, **where)


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: RequestTooLargeError,
    429: RateLimitError,
}


def error_class(status: int) -> type[ApiError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


def redact_url(url: str) -> str:
    """The URL with user:password and the values of secret-looking query parameters
    replaced by ***."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2])
        url = urlunsplit(parts)
    if not parts.query:
        return url
    pairs = [(k, "***" if _SECRET_KEY.search(k) else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="*")))


def body_excerpt(content: bytes) -> str:
    """At most 300 characters of an answer body, secret-looking values replaced by ***."""
    text = content.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):
        text = json.dumps(_redact(json.loads(text)), ensure_ascii=False)
    text = _JWT_LIKE.sub("***", text)
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "..."


def message_of(content: bytes) -> str | None:
    """The server's own `{"message": ...}` text, when the body has one."""
    try:
        data = json.loads(content)
    except ValueError:
        return None
    message = data.get("message") if isinstance(data, dict) else None
    return _JWT_LIKE.sub("***", str(message)) if message is not None else None


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "***" if _SECRET_KEY.search(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value
