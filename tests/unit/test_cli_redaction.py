"""Secret query parameters are masked in the command's log output, whoever logs them."""

from __future__ import annotations

import logging

import pytest

from neurospeed_ext.commands.redaction import RedactingFilter, redact


def test_signed_url_and_token_parameters_are_masked() -> None:
    line = (
        'GET /downloads/exports/3/a.csv?expires=1700&signature=abc123 HTTP/1.1" 200'
        " ws://h/?jwt_token=eyJ.x.y&username=u1 https://s3/x?X-Amz-Signature=f00&a=b"
    )
    cleaned = redact(line)
    for secret in ("abc123", "eyJ.x.y", "f00"):
        assert secret not in cleaned
    assert "expires=1700" in cleaned and "username=u1" in cleaned and "a=b" in cleaned


def test_the_filter_rewrites_records_of_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    third_party = logging.getLogger("urllib3.connectionpool")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.DEBUG, logger="urllib3.connectionpool"):
        third_party.debug('"GET %s HTTP/1.1" 200', "/d/1/x.csv?expires=9&signature=s3cr3t")
    assert caplog.records and "s3cr3t" not in caplog.text
    assert "signature=***" in caplog.text


def test_api_errors_hide_credentials_in_the_url() -> None:
    from neurospeed_api._runtime.http_errors import redact_url

    url = "http://user:hunter2-secret@127.0.0.1:9/api/x?token=abc&page=2"
    shown = redact_url(url)
    assert "hunter2" not in shown and "abc" not in shown
    assert shown.startswith("http://***@127.0.0.1:9/api/x?") and "page=2" in shown
