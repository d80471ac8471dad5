"""`NeuroSpeed`: the entry point for new code; logs in and hands out typed sessions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import neurospeed_api as ns

from ..servers import resolve_server
from .sessions import CustomerSession, UserSession

log = logging.getLogger(__name__)


class NeuroSpeed:
    """One NeuroSpeed.IO deployment.

    `server` is a named server ("production", "test", "local"), a base URL such as the
    sandbox's `http://127.0.0.1:3000`, an `ns.Server`, or None for `$NEUROSPEED_SERVER`
    (else production). Client options (`timeout`, `retry`, `session`) go to every
    `ns.Client` the sessions create.

    >>> cloud = NeuroSpeed("production")
    >>> with cloud.customer("me@lab.org", password) as customer:
    ...     recording = customer.start_recording("subject01", "session 1")
    """

    def __init__(
        self, server: str | ns.Server | Mapping[str, Any] | None = None, **client_options: Any
    ) -> None:
        self.server = resolve_server(server)
        self._client_options = client_options

    def client(self) -> ns.Client:
        """A fresh, not logged-in client for this server."""
        return ns.Client(self.server.http, **self._client_options)

    def customer(self, email: str, password: str) -> CustomerSession:
        """Log in as a customer; AuthenticationError on bad credentials."""
        client = self.client()
        try:
            answer = client.auth.login(email=email, password=password)
        except BaseException:
            client.close()
            raise
        client.set_tokens(answer.token.access_token, answer.token.refresh_token)
        log.info("logged in as customer %s", email)
        return CustomerSession(client, self.server)

    def user(self, account_id: str, username: str, password: str) -> UserSession:
        """Log in as a user of a customer account; AuthenticationError on bad credentials."""
        client = self.client()
        try:
            answer = client.users.login(account_id=account_id, username=username, password=password)
        except BaseException:
            client.close()
            raise
        client.set_tokens(answer.token.access_token, answer.token.refresh_token)
        log.info("logged in as user %s of account %s", username, account_id)
        return UserSession(client, self.server, username)

    def __repr__(self) -> str:
        return f"NeuroSpeed({self.server.http!r})"
