"""HTTP transport of the generated clients.

One `requests.Session` with connect/read timeouts, urllib3 `Retry` (idempotent calls on
connection errors, 502/503/504 and 429 with Retry-After), bearer auth refreshed once on a
401 (one refresh however many threads hit the 401 together) or a cookie session, typed
errors, logging. Answers are JSON, text (optionally one value found by a pattern), or
binary, streamed to a file.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import attrs
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from . import jsoncodec
from .converter import ModelConverter
from .download import Progress, stream_to_file
from .errors import DecodeError
from .http_errors import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    ResponseDecodeError,
    body_excerpt,
    error_class,
    message_of,
    redact_url,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (5.0, 30.0)
"""Seconds to connect, and to wait for each read of the answer."""

Refresher = Callable[[str], tuple[str, str | None]]


@attrs.frozen
class Extract:
    """The value of a text answer: the first match of `pattern`'s one group."""

    pattern: str
    what: str

    def find(self, text: str) -> str | None:
        match = re.search(self.pattern, text)
        return None if match is None else match.group(1)


@attrs.frozen
class OperationSpec:
    """What the transport needs to know of an operation; written by the generator."""

    name: str
    method: str
    path: str
    auth: bool = True
    answer: Literal["json", "text", "binary"] = "json"
    extract: Extract | None = None
    starts_session: bool = False  # the login of a cookie session
    media_type: str | None = None  # a text or binary answer's required Content-Type


class CappedRetry(Retry):
    """urllib3's Retry; Retry-After may be fractional, and the wait it asks for is capped."""

    max_retry_after = 30.0

    def parse_retry_after(self, retry_after: str) -> float:
        try:
            return max(float(retry_after), 0.0)
        except ValueError:
            return float(super().parse_retry_after(retry_after))  # an HTTP date

    def get_retry_after(self, response: Any) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.max_retry_after)


def default_retry() -> Retry:
    """Three tries for idempotent calls; POSTs are repeated only when never sent."""
    return CappedRetry(
        total=3,
        connect=3,
        read=2,
        status=3,
        backoff_factor=0.2,
        status_forcelist=(429, 502, 503, 504),
        allowed_methods=frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


class TokenStore:
    """The current tokens; `generation` grows on every change so threads can tell."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.access: str | None = None
        self.refresh: str | None = None
        self.generation = 0

    def set(self, access: str | None, refresh: str | None) -> None:
        with self._lock:
            self.access, self.refresh = access, refresh
            self.generation += 1

    def snapshot(self) -> tuple[str | None, int]:
        with self._lock:
            return self.access, self.generation

    def __repr__(self) -> str:
        state = "set" if self.access else "empty"
        return f"TokenStore({state}, generation={self.generation})"


class HttpTransport:
    """Sends operations, decodes answers with the API's converter, raises typed errors."""

    def __init__(
        self,
        base_url: str,
        *,
        converter: ModelConverter,
        auth_kind: Literal["bearer", "cookie"] = "bearer",
        auth_header: str = "Authorization",
        auth_scheme: str = "Bearer",
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retry: Retry | int | None = None,
        session: requests.Session | None = None,
        user_agent: str = "neurospeed-sdk",
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base URL must start with http:// or https://, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.converter = converter
        self.timeout = timeout
        self.tokens = TokenStore()
        self.refresher: Refresher | None = None
        self.auth_kind = auth_kind
        self._auth_header = auth_header
        self._auth_scheme = auth_scheme
        self._refresh_lock = threading.Lock()
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=default_retry() if retry is None else retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.setdefault("User-Agent", user_agent)

    def close(self) -> None:
        self.session.close()

    @property
    def has_session(self) -> bool:
        """Whether a cookie session is kept (cookie auth)."""
        return len(self.session.cookies) > 0

    def call(
        self,
        operation: OperationSpec,
        *,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        body: Any = None,
        form: Any = None,
        response_type: Any = None,
    ) -> Any:
        """Send one operation; answer the decoded 2xx body (None when it carries nothing)."""
        url, request = self._request(operation, path, query, headers, body, form)
        if operation.starts_session:
            self.session.cookies.clear()  # a failed login must not leave the last account's
        response = self._exchange(operation, url, request)
        answer = self._answer(operation, url, response, response_type)
        if operation.starts_session and not self.has_session:
            raise AuthenticationError(
                "the login succeeded but set no session cookie",
                method=operation.method,
                url=url,
                status=response.status_code,
            )
        return answer

    def download(
        self,
        operation: OperationSpec,
        *,
        destination: str | os.PathLike[str],
        overwrite: bool = False,
        on_progress: Progress | None = None,
        path: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> Path:
        """Stream a binary answer to `destination` + '.part', renamed when complete."""
        target = Path(destination)
        if target.exists() and not overwrite:
            raise FileExistsError(f"{target} exists already (pass overwrite=True to replace it)")
        url, request = self._request(operation, path, query, headers, None, None)
        request["headers"]["Accept-Encoding"] = "identity"  # sizes are the bytes on the wire
        response = self._exchange(operation, url, request, stream=True)
        with response:
            self._answer(operation, url, response, None)
            self._check_media_type(operation, url, response)
            where = {"method": operation.method, "url": url, "status": response.status_code}
            return stream_to_file(response, target, where, overwrite, on_progress)

    def _request(
        self,
        operation: OperationSpec,
        path: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        body: Any,
        form: Any,
    ) -> tuple[str, dict[str, Any]]:
        url = self.base_url + _fill_path(operation.path, path or {})
        request: dict[str, Any] = {"params": _query_values(query or {}), "headers": {}}
        for name, value in (headers or {}).items():
            if value is not None:
                request["headers"][name] = _text(value)
        if body is not None:
            request["data"] = jsoncodec.dumps(self.converter.unstructure(body)).encode("utf-8")
            request["headers"]["Content-Type"] = "application/json"
        elif form is not None:
            request["data"] = _query_values(self.converter.unstructure(form))
        return url, request

    def _exchange(
        self, operation: OperationSpec, url: str, request: dict[str, Any], stream: bool = False
    ) -> requests.Response:
        """Send; with bearer auth, refresh once after a 401 and send again."""
        if operation.auth and self.auth_kind == "cookie" and not self.has_session:
            raise AuthenticationError(
                "not logged in: no session cookie (log in first)",
                method=operation.method,
                url=url,
                status=None,
            )
        access, generation = self.tokens.snapshot()
        response = self._send(operation, url, request, access, stream)
        if response.status_code == 401 and operation.auth and self.auth_kind == "bearer":
            response.close()
            self._refresh_after_401(operation, url, response, generation)
            access, _ = self.tokens.snapshot()
            response = self._send(operation, url, request, access, stream)
        return response

    def _send(
        self,
        operation: OperationSpec,
        url: str,
        request: dict[str, Any],
        access: str | None,
        stream: bool = False,
    ) -> requests.Response:
        headers = dict(request["headers"])
        if operation.auth and access:
            headers[self._auth_header] = f"{self._auth_scheme} {access}"
        started = time.perf_counter()
        try:
            response = self.session.request(
                operation.method,
                url,
                params=request["params"],
                data=request.get("data"),
                headers=headers,
                timeout=self.timeout,
                stream=stream,
            )
        except requests.RequestException as exc:
            reason = type(exc).__name__
            raise ApiConnectionError(
                f"no answer ({reason})", method=operation.method, url=url, status=None
            ) from None
        log.debug(
            "%s %s -> %s in %.1f ms",
            operation.method,
            redact_url(response.url),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    def _refresh_after_401(
        self, operation: OperationSpec, url: str, response: requests.Response, generation: int
    ) -> None:
        """Refresh once; threads that saw the same 401 wait and reuse the new token."""
        where: dict[str, Any] = {"method": operation.method, "url": url, "status": 401}
        with self._refresh_lock:
            if self.tokens.generation != generation:
                return  # another thread refreshed while this one waited
            refresh = self.tokens.refresh
            if self.refresher is None or not refresh:
                raise AuthenticationError(
                    "unauthorized, and no refresh token to renew the access token",
                    body=body_excerpt(response.content),
                    **where,
                )
            log.info("access token refused (401): refreshing it once")
            try:
                access, new_refresh = self.refresher(refresh)
            except ApiError as exc:
                raise AuthenticationError(
                    f"unauthorized, and refreshing the token failed: {exc.message}", **where
                ) from None
            self.tokens.set(access, new_refresh or refresh)

    def _answer(
        self, operation: OperationSpec, url: str, response: requests.Response, response_type: Any
    ) -> Any:
        where: dict[str, Any] = {
            "method": operation.method,
            "url": url,
            "status": response.status_code,
        }
        if not 200 <= response.status_code < 300:
            message = message_of(response.content) or response.reason or "request failed"
            if response.status_code == 401 and operation.auth:
                message = (
                    f"still unauthorized after refreshing the token: {message}"
                    if self.auth_kind == "bearer"
                    else f"the session cookie was refused (expired?): log in again: {message}"
                )
            error = error_class(response.status_code)
            raise error(message, body=body_excerpt(response.content), **where)
        if response_type is None:
            return None
        if operation.answer == "text":
            self._check_media_type(operation, url, response)
            return self._text_answer(operation, response, response_type, where)
        try:
            data = jsoncodec.loads(response.content) if response.content else None
            return self.converter.structure(data, response_type)
        except DecodeError as exc:
            raise ResponseDecodeError(
                f"the answer does not match the spec: {exc}",
                problems=exc.problems,
                body=body_excerpt(response.content),
                **where,
            ) from None
        except ValueError as exc:
            raise ResponseDecodeError(
                f"the answer is not JSON: {exc}", body=body_excerpt(response.content), **where
            ) from None

    def _text_answer(
        self,
        operation: OperationSpec,
        response: requests.Response,
        response_type: Any,
        where: dict[str, Any],
    ) -> Any:
        text = response.text
        if operation.extract is not None:
            found = operation.extract.find(text)
            if found is None:
                raise ResponseDecodeError(
                    f"the answer does not carry {operation.extract.what}"
                    f" (no match for /{operation.extract.pattern}/)",
                    body=body_excerpt(response.content),
                    **where,
                )
            text = found
        if response_type is not int:
            return text
        try:
            return int(text)
        except ValueError:
            what = operation.extract.what if operation.extract else "the answer"
            raise ResponseDecodeError(
                f"{what} is not a whole number: {text[:40]!r}",
                body=body_excerpt(response.content),
                **where,
            ) from None

    def _check_media_type(
        self, operation: OperationSpec, url: str, response: requests.Response
    ) -> None:
        """A text or binary answer of another Content-Type (a login page instead of a
        file, say) is refused before anything is kept."""
        if operation.media_type is None:
            return
        received = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if received != operation.media_type:
            raise ResponseDecodeError(
                f"expected {operation.media_type}, got {received or 'no Content-Type'}",
                body=body_excerpt(response.raw.read(300, decode_content=True)),
                method=operation.method,
                url=url,
                status=response.status_code,
            )


def _fill_path(template: str, values: Mapping[str, Any]) -> str:
    path = template
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(_text(value), safe=""))
    return path


def _query_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Query and form values as text; None is left out (as the cloud's clients do)."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        result[name] = [_text(v) for v in value] if isinstance(value, list) else _text(value)
    return result


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value.value if hasattr(value, "value") and not isinstance(value, str) else value)
