"""Injected faults: the next N requests matching method + path answer a chosen status,
or get their real answer cut off: the connection closes after `cut_after` body bytes.

Set through `POST /__sandbox__/faults` (see hooks.py) so that clients' retries,
backoff, Retry-After handling and download resumes can be tested against a real server.
"""

from __future__ import annotations

from typing import Any

import attrs


class FaultSpecError(ValueError):
    """A fault request that does not have the expected shape."""


@attrs.define(kw_only=True)
class FaultRule:
    method: str
    """Upper case; "*" matches any method."""
    path: str
    """The exact request path, e.g. "/api/gateway/recorder/1" (no query)."""
    status: int
    remaining: int
    retry_after: float | None = None
    message: str | None = None
    crash: bool = False
    """Raise inside the server instead, to exercise the 500 path."""
    cut_after: int | None = None
    """Serve the real answer, headers and full length announced, but close the connection
    after this many body bytes (`status` is then unused)."""

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method.upper()) and self.path == path


class FaultBook:
    """Pending faults, first added first used."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> None:
        self._rules.append(rule)

    def clear(self) -> None:
        self._rules.clear()

    def pending(self) -> list[FaultRule]:
        return list(self._rules)

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule matching the request, counted down; None when none matches."""
        for rule in self._rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._rules.remove(rule)
                return rule
        return None


def parse_fault(data: Any) -> FaultRule:
    """A FaultRule from `{method, path, status?, count?, retry_after?, message?, crash?,
    cut_after?}`."""
    if not isinstance(data, dict):
        raise FaultSpecError("expected a JSON object")
    method, path = data.get("method", "*"), data.get("path")
    status, count = data.get("status", 503), data.get("count", 1)
    retry_after, message = data.get("retry_after"), data.get("message")
    crash, cut_after = data.get("crash", False), data.get("cut_after")
    if not isinstance(method, str) or not method:
        raise FaultSpecError("method: expected a non-empty string")
    if not isinstance(path, str) or not path.startswith("/"):
        raise FaultSpecError("path: expected a string starting with /")
    if type(status) is not int or not 100 <= status <= 599:
        raise FaultSpecError("status: expected an HTTP status code")
    if type(count) is not int or count < 1:
        raise FaultSpecError("count: expected a positive integer")
    if retry_after is not None and (type(retry_after) not in (int, float) or retry_after < 0):
        raise FaultSpecError("retry_after: expected a non-negative number of seconds")
    if message is not None and not isinstance(message, str):
        raise FaultSpecError("message: expected a string")
    if not isinstance(crash, bool):
        raise FaultSpecError("crash: expected true or false")
    if cut_after is not None and (type(cut_after) is not int or cut_after < 0):
        raise FaultSpecError("cut_after: expected a non-negative number of bytes")
    if cut_after is not None and crash:
        raise FaultSpecError("cut_after and crash: expected one of them, not both")
    return FaultRule(
        method=method.upper(),
        path=path,
        status=status,
        remaining=count,
        retry_after=retry_after,
        message=message,
        crash=crash,
        cut_after=cut_after,
    )
