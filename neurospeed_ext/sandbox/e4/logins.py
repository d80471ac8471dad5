"""Portal logins: the PHPSESSID cookie a successful authenticate.php hands out.

Only a SHA-256 digest of each cookie value is kept, so the server's memory (and anything
that dumps it) holds no usable session; values are never logged.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

COOKIE = "PHPSESSID"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


class Logins:
    """Open cookie sessions: digest -> (user id, expiry on `clock`, which tests may move)."""

    def __init__(self, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.lifetime = lifetime
        self.clock = clock
        self._open: dict[str, tuple[int, float]] = {}

    def open(self, user_id: int) -> str:
        """A new cookie value for `user_id`."""
        now = self.clock()
        self._open = {k: v for k, v in self._open.items() if v[1] > now}
        value = secrets.token_hex(16)
        self._open[_digest(value)] = (user_id, now + self.lifetime)
        return value

    def user_of(self, value: str | None) -> int | None:
        """The user id of a cookie value still valid; None otherwise."""
        if not value:
            return None
        entry = self._open.get(_digest(value))
        if entry is None or entry[1] <= self.clock():
            return None
        return entry[0]
