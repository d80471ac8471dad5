"""Salted password hashes, so the sandbox's memory holds no password in clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets

MIN_USER_PASSWORD = 8
"""PROTOCOL 4.3: user passwords have at least 8 characters."""


def hash_password(password: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${_digest(salt, password)}"


def check_password(stored: str, password: str) -> bool:
    salt, _, digest = stored.partition("$")
    return hmac.compare_digest(digest, _digest(salt, password))


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()
