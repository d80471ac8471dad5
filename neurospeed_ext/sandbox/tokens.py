"""Signed, expiring tokens shaped like JWTs (HS256), with a secret made per server start.

Clients treat tokens as opaque; the sandbox only needs them to be unforgeable and to
expire, so that refresh-on-401 can be exercised for real. Starting a new server
invalidates every token, as a real deployment's key rotation would; SandboxServer.restart
keeps the state and so the secret, as a redeploy does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from typing import Any, Literal

import attrs

Scope = Literal["user", "customer"]
Kind = Literal["access", "refresh"]

_HEADER = {"alg": "HS256", "typ": "JWT"}


class InvalidToken(Exception):
    """Bad signature, bad shape, wrong kind or expired; never says which to the client."""


@attrs.frozen(kw_only=True)
class Claims:
    """What a token says: who (scope, subject, customer), which kind, until when."""

    scope: Scope
    subject: int
    """The user id for a user token, the customer id for a customer token."""
    customer_id: int
    kind: Kind
    expires: float
    """Epoch seconds."""


class TokenSigner:
    """Issues and verifies tokens with one secret; `clock` is replaceable for tests."""

    def __init__(self, secret: bytes | None = None, clock: Callable[[], float] = time.time):
        self._secret = secret or secrets.token_bytes(32)
        self._clock = clock

    def issue(self, scope: Scope, subject: int, customer_id: int, kind: Kind, ttl: float) -> str:
        payload = {
            "scope": scope,
            "sub": subject,
            "cid": customer_id,
            "kind": kind,
            "exp": self._clock() + ttl,
            "jti": secrets.token_hex(8),
        }
        head = _b64(json.dumps(_HEADER, separators=(",", ":")).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{head}.{body}.{self.sign(f'{head}.{body}')}"

    def verify(self, token: str, kind: Kind) -> Claims:
        """The token's claims if it is genuine, of `kind` and not expired."""
        parts = token.split(".")
        if len(parts) != 3:
            raise InvalidToken("malformed")
        head, body, signature = parts
        if not hmac.compare_digest(signature, self.sign(f"{head}.{body}")):
            raise InvalidToken("bad signature")
        try:
            payload: Any = json.loads(_unb64(body))
            claims = Claims(
                scope=payload["scope"],
                subject=int(payload["sub"]),
                customer_id=int(payload["cid"]),
                kind=payload["kind"],
                expires=float(payload["exp"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidToken("bad payload") from exc
        if claims.kind != kind or claims.scope not in ("user", "customer"):
            raise InvalidToken("wrong kind")
        if claims.expires <= self._clock():
            raise InvalidToken("expired")
        return claims

    def sign(self, message: str) -> str:
        """base64url HMAC-SHA256 of `message`; also signs download URLs."""
        digest = hmac.new(self._secret, message.encode(), hashlib.sha256).digest()
        return _b64(digest)

    def now(self) -> float:
        return self._clock()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
