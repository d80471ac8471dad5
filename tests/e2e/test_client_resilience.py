"""Refresh on 401, retries, typed errors and redaction, against a real sandbox."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

import neurospeed_api as ns
from neurospeed_api._runtime.http import OperationSpec
from neurospeed_ext.sandbox.server import SandboxServer
from neurospeed_ext.sandbox.settings import Settings
from tests.e2e.client_helpers import (
    ACCOUNT,
    CUSTOMER,
    customer_client,
    inject_fault,
    pending_faults,
)

SHORT = 0.3  # seconds an access token lives in the expiry tests


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture(scope="module")
def short_tokens() -> Iterator[SandboxServer]:
    with SandboxServer(Settings(token_lifetime=SHORT)) as running:
        yield running


def expire(seconds: float = SHORT) -> None:
    """Let access tokens run out (the one place a test must wait for the clock)."""
    time.sleep(seconds + 0.1)


def test_an_expired_token_is_refreshed_once_and_the_call_succeeds(
    short_tokens: SandboxServer,
) -> None:
    with customer_client(short_tokens.api_url) as client:
        before = client.transport.tokens.generation
        expire()
        assert client.customers.current().email == CUSTOMER["email"]
        assert client.transport.tokens.generation == before + 1


def test_many_threads_hitting_401_share_one_refresh(short_tokens: SandboxServer) -> None:
    with customer_client(short_tokens.api_url) as client:
        refresh = client.transport.refresher
        assert refresh is not None
        calls: list[str] = []

        def counting(token: str) -> tuple[str, str | None]:
            calls.append(token)
            return refresh(token)

        client.transport.refresher = counting
        expire()
        errors: list[BaseException] = []

        def work() -> None:
            try:
                client.customers.current()
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not errors and len(calls) == 1


def test_a_failed_refresh_raises_authentication_error(short_tokens: SandboxServer) -> None:
    with customer_client(short_tokens.api_url) as client:
        access, _ = client.transport.tokens.snapshot()
        client.set_tokens(access, "not-a-refresh-token")
        expire()
        with pytest.raises(ns.AuthenticationError, match="refreshing the token failed"):
            client.customers.current()


def test_no_refresh_token_means_authentication_error(short_tokens: SandboxServer) -> None:
    with customer_client(short_tokens.api_url) as client:
        access, _ = client.transport.tokens.snapshot()
        client.set_tokens(access, None)
        expire()
        with pytest.raises(ns.AuthenticationError, match="no refresh token"):
            client.customers.current()


def test_wrong_credentials_are_an_authentication_error_without_the_password(
    server: SandboxServer,
) -> None:
    with ns.Client(server.api_url) as client, pytest.raises(ns.AuthenticationError) as caught:
        client.auth.login(email=CUSTOMER["email"], password="the-wrong-secret")
    assert caught.value.status == 401 and "/auth/login" in caught.value.url
    assert "the-wrong-secret" not in str(caught.value)


def test_a_user_token_on_a_customer_route_is_permission_denied(server: SandboxServer) -> None:
    with ns.Client(server.api_url) as user:
        user.users.login(account_id=ACCOUNT, username="user1", password="user1-pass")
        with pytest.raises(ns.PermissionDeniedError) as caught:
            user.recorder.create(username="user1", recorder_name="not allowed")
    assert caught.value.status == 403 and caught.value.method == "POST"


def test_an_idempotent_call_is_retried_after_an_injected_503(server: SandboxServer) -> None:
    with customer_client(server.api_url) as client:
        inject_fault(
            server.base_url, method="GET", path="/api/customers/current", status=503, count=2
        )
        assert client.customers.current().account_id == ACCOUNT
        assert pending_faults(server.base_url) == []


def test_a_post_is_not_repeated_after_a_503(server: SandboxServer) -> None:
    with customer_client(server.api_url) as client:
        inject_fault(server.base_url, method="POST", path="/api/users/list", status=503, count=1)
        with pytest.raises(ns.ServerError) as caught:
            client.users.list(pager=ns.PageRequest(page_number=1, page_size=5), filters={})
        assert caught.value.status == 503
        assert pending_faults(server.base_url) == []


def test_429_honours_retry_after(server: SandboxServer) -> None:
    with customer_client(server.api_url) as client:
        inject_fault(
            server.base_url,
            method="GET",
            path="/api/customers/current",
            status=429,
            retry_after=0.2,
        )
        started = time.monotonic()
        assert client.customers.current().account_id == ACCOUNT
        assert time.monotonic() - started >= 0.2


def test_retries_give_up_with_a_server_error(server: SandboxServer) -> None:
    with customer_client(server.api_url, retry=1) as client:
        inject_fault(
            server.base_url,
            method="GET",
            path="/api/customers/current",
            status=502,
            count=5,
            message="upstream down",
        )
        with pytest.raises(ns.ServerError, match="upstream down"):
            client.customers.current()
    requests.delete(f"{server.base_url}/__sandbox__/faults", timeout=5).raise_for_status()


def test_a_closed_port_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ns.Client(f"http://127.0.0.1:{port}/api", retry=0, timeout=2)
    with client, pytest.raises(ns.ApiConnectionError) as caught:
        client.customers.current()
    assert caught.value.status is None


def test_errors_and_reprs_hide_tokens(server: SandboxServer) -> None:
    with customer_client(server.api_url) as client:
        access, _ = client.transport.tokens.snapshot()
        assert access and access not in repr(client) and access not in repr(client.transport.tokens)
        with pytest.raises(ns.NotFoundError) as caught:
            client.recorder.get(999_999)
        assert access not in str(caught.value)


def test_an_answer_that_does_not_match_the_spec_is_a_response_decode_error(
    server: SandboxServer,
) -> None:
    with customer_client(server.api_url) as client:
        # The customer route answers a Customer, which has no `access` field.
        wrong = OperationSpec("test.wrong", "GET", "/customers/current")
        with pytest.raises(ns.ResponseDecodeError) as caught:
            client.transport.call(wrong, response_type=ns.AccessAnswer)
    assert caught.value.status == 200 and caught.value.problems
