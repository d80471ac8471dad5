"""Secrets out of the command's log lines, whoever logs them.

At DEBUG, third-party loggers (urllib3's connection pool) print request lines with
their query strings, and a signed export URL carries its signature there, a room URL
its token. The command's log handler passes every record through this filter.
"""

from __future__ import annotations

import logging
import re

SECRET_PARAMETERS = re.compile(
    r"(?i)([?&](?:signature|x-amz-signature|x-amz-credential|x-amz-security-token|"
    r"jwt_token|jwt_refresh_token|access_token|refresh_token|token|password)=)[^&\s\"']+"
)


def redact(text: str) -> str:
    return SECRET_PARAMETERS.sub(r"\1***", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with secret query parameters masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(root: logging.Logger | None = None) -> None:
    """Put the filter on every handler of the root logger (basicConfig's stderr one)."""
    for handler in (root or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
