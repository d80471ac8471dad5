"""The manual's auth handlers (section 3): credentials dict in, logged-in `ns.Client` out.

Each handler owns one `ns.Client` (`.client`) whose token store every handler, room and
HIA built from it shares, so a token refreshed after a 401 is used everywhere. `login()`
returns True or raises the typed `ns.ApiError` (`AuthenticationError` on bad
credentials); it never prints, never returns None, and the password never appears in a
log line, a repr or an error message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import neurospeed_api as ns

from ..servers import resolve_server
from .util import ApiConfigArgument, UtilService

log = logging.getLogger(__name__)

ACCOUNT_ID_ENV = "NEUROSPEED_ACCOUNT_ID"
"""Environment variable read when a user config carries no account id."""


class AuthHandler:
    """What both handlers share: the server, the client and its tokens, login state."""

    def __init__(self, config: dict[str, Any], api_config: ApiConfigArgument) -> None:
        self._config = config
        self._config.setdefault("Verbose_socket_log", False)
        self.server = resolve_server(api_config)
        self._client = ns.Client(self.server.http)
        self._logged_in = False

    @property
    def client(self) -> ns.Client:
        """The generated client, logged in after `login()`; use it to mix in new code."""
        return self._client

    def get_access_token(self) -> str | None:
        return self._client.tokens.access

    def get_refresh_token(self) -> str | None:
        return self._client.tokens.refresh

    def get_config(self) -> dict[str, Any]:
        """The config this handler was made from (a copy, completed with defaults)."""
        return self._config

    def is_logged_in(self) -> bool:
        return self._logged_in

    def is_verbose_log(self) -> bool:
        value = self._config.get("Verbose_socket_log", False)
        return value is True or value == "True"

    def update_refresh_token(self) -> bool:
        """Trade the refresh token for new tokens now; True, or a typed error.

        ValueError when there is no refresh token (not logged in); `ns.ApiError` when the
        server refuses. Calls answering 401 refresh by themselves, so this is rarely needed.
        """
        self._client.refresh_tokens()
        return True

    def _logged_in_with(self, envelope: ns.TokenEnvelope) -> bool:
        self._client.set_tokens(envelope.token.access_token, envelope.token.refresh_token)
        self._logged_in = True
        return True

    def close(self) -> None:
        """Close the client's HTTP connections (sockets made from it are not touched)."""
        self._client.close()


class Auth_AS_User_Handler(AuthHandler):  # the manual's name
    """User-level access: streams data up (HIA) and listens to the user's room.

    `Auth_AS_User_Handler(user_config)` or `Auth_AS_User_Handler(dict=user_config)` (the
    manual's keyword). Keys: `username`; the password under `user_password` or
    `password`; the account id under `account_id` or `customer_username` (older configs),
    else `$NEUROSPEED_ACCOUNT_ID`; optional `HIA_ID` (else a random 6-character id).
    """

    def __init__(
        self,
        user_config: Mapping[str, Any] | None = None,
        api_config: ApiConfigArgument = None,
        *,
        dict: Mapping[str, Any] | None = None,  # the manual's keyword
    ) -> None:
        config = _config_argument(user_config, dict, "user_config")
        self._username = _required_text(config, ("username",), "user_config")
        self._password = _required_text(config, ("user_password", "password"), "user_config")
        self._account_id = _account_id(config)
        if not config.get("HIA_ID"):
            config["HIA_ID"] = UtilService.generateId(6)
        super().__init__(config, api_config)

    def login(self) -> bool:
        """Log in as the user; True, or `ns.AuthenticationError` (bad credentials) etc."""
        try:
            envelope = self._client.users.login(
                account_id=self._account_id, username=self._username, password=self._password
            )
        except ns.ApiError:
            self._logged_in = False
            raise
        log.info("logged in as user %s of account %s", self._username, self._account_id)
        return self._logged_in_with(envelope)

    def get_username(self) -> str:
        return self._username

    def get_account_id(self) -> str:
        return self._account_id

    def get_hia_id(self) -> str:
        return str(self._config["HIA_ID"])

    def __repr__(self) -> str:
        state = "logged in" if self._logged_in else "not logged in"
        return (
            f"Auth_AS_User_Handler(username={self._username!r}, account_id="
            f"{self._account_id!r}, server={self.server.http!r}, {state})"
        )


class Auth_AS_Customer_handler(AuthHandler):  # the manual's name
    """Customer-level access: recorder, exporter, users, rooms of all users.

    `Auth_AS_Customer_handler(customer_config)` or `(dict=customer_config)`; keys
    `email` and `password` (the dashboard's credentials).
    """

    def __init__(
        self,
        customer_config: Mapping[str, Any] | None = None,
        api_config: ApiConfigArgument = None,
        *,
        dict: Mapping[str, Any] | None = None,  # the manual's keyword
    ) -> None:
        config = _config_argument(customer_config, dict, "customer_config")
        self._email = _required_text(config, ("email",), "customer_config")
        self._password = _required_text(config, ("password",), "customer_config")
        super().__init__(config, api_config)

    def login(self) -> bool:
        """Log in as the customer; True, or `ns.AuthenticationError` (bad credentials) etc."""
        try:
            envelope = self._client.auth.login(email=self._email, password=self._password)
        except ns.ApiError:
            self._logged_in = False
            raise
        log.info("logged in as customer %s", self._email)
        return self._logged_in_with(envelope)

    def get_customer_email(self) -> str:
        return self._email

    def __repr__(self) -> str:
        state = "logged in" if self._logged_in else "not logged in"
        return (
            f"Auth_AS_Customer_handler(email={self._email!r}, server={self.server.http!r}, {state})"
        )


def _config_argument(
    positional: Mapping[str, Any] | None, keyword: Mapping[str, Any] | None, name: str
) -> dict[str, Any]:
    if positional is not None and keyword is not None:
        raise TypeError(f"pass {name} once, positionally or as dict=, not both")
    config = positional if positional is not None else keyword
    if config is None:
        raise TypeError(f"{name} is required: a dict of credentials")
    if not isinstance(config, Mapping):
        raise TypeError(f"{name} must be a dict of credentials, not {type(config).__name__}")
    return {**config}


def _required_text(config: Mapping[str, Any], keys: tuple[str, ...], name: str) -> str:
    """The first of `keys` present; the error names the keys, never a value."""
    for key in keys:
        value = config.get(key)
        if value is not None and value != "":
            if not isinstance(value, str):
                raise ValueError(f"{name}[{key!r}] must be a string, not {type(value).__name__}")
            return value
    wanted = " or ".join(repr(key) for key in keys)
    raise ValueError(f"{name} has no {wanted}")


def _account_id(config: Mapping[str, Any]) -> str:
    for key in ("account_id", "customer_username"):
        value = config.get(key)
        if value:
            return str(value)
    from_env = os.environ.get(ACCOUNT_ID_ENV)
    if from_env:
        return from_env
    raise ValueError(
        "user_config has no 'account_id' (older configs: 'customer_username') and"
        f" ${ACCOUNT_ID_ENV} is not set; the account id is on the dashboard's Profile page"
    )
