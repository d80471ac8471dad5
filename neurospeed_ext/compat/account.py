"""The published `Customer_Account_Manager`: users of the customer, access flags, details."""

from __future__ import annotations

import logging
from typing import Any

import neurospeed_api as ns

from .auth import AuthHandler
from .util import ApiConfigArgument
from .wire import as_id, client_for, pager_dict, to_wire

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8


class Customer_Account_Manager:  # the published package's name
    """The customer's users and account; the access checks work with user auth too."""

    def __init__(self, customer_auth: AuthHandler, api_config: ApiConfigArgument = None) -> None:
        self._client = client_for(customer_auth, api_config)

    # -- checks (local, no request) ----------------------------------------------------

    def check_username_for_validity(self, username: object) -> bool:
        """A username is non-empty text."""
        return isinstance(username, str) and bool(username.strip())

    def check_password_for_validity(self, password: object) -> bool:
        """A password is text of at least 8 characters (the cloud's rule)."""
        return isinstance(password, str) and len(password) >= MIN_PASSWORD_LENGTH

    # -- users -------------------------------------------------------------------------

    def get_user_id(self, username: str) -> int:
        """The id of a user of the customer; `ns.NotFoundError` when there is none."""
        self._check_username(username)
        return self._client.users.get(username).id

    def get_all_existing_users(self, page_number: int = 1, page_size: int = 50) -> dict[str, Any]:
        """One page of the customer's users as `{"pager": {"items": [...]}}`."""
        pager = ns.PageRequest(page_number=page_number, page_size=page_size)
        return pager_dict(self._client.users.list(pager=pager, filters={}))

    def create_new_user(self, new_username: str, new_password: str) -> dict[str, Any]:
        """Create a user; ValueError for a bad name or a password under 8 characters."""
        self._check_username(new_username)
        self._check_password(new_password)
        return to_wire(self._client.users.create(username=new_username, password=new_password))

    def modify_user(
        self, user_id_to_modify: int | str, new_username: str, new_password: str
    ) -> dict[str, Any]:
        """Rename a user and set their password."""
        self._check_username(new_username)
        self._check_password(new_password)
        changed = self._client.users.modify(
            id=as_id(user_id_to_modify, "user_id_to_modify"),
            username=new_username,
            password=new_password,
        )
        return to_wire(changed)

    def delete_user(self, id_of_user_to_delete: int | str) -> bool:
        """Delete a user by id (see get_user_id); True when deleted."""
        return self._client.users.delete(id=as_id(id_of_user_to_delete, "id_of_user_to_delete"))

    # -- the account -------------------------------------------------------------------

    def get_insight_access(self) -> bool:
        return self._client.customers.insight_access()

    def get_recording_exporting_access(self) -> bool:
        return self._client.customers.recordings_access()

    def get_access_to_raw_data(self) -> bool:
        return self._client.customers.raw_data_access()

    def get_customer_details(self) -> dict[str, Any]:
        """`{id, email, role, firstName, lastName, is_active, account_id, ...}`."""
        return to_wire(self._client.customers.current())

    def _check_username(self, username: object) -> None:
        if not self.check_username_for_validity(username):
            raise ValueError(f"a username must be non-empty text, not {username!r}")

    def _check_password(self, password: object) -> None:
        if not self.check_password_for_validity(password):
            raise ValueError(
                f"a password must be text of at least {MIN_PASSWORD_LENGTH} characters"
            )
