"""The manual's recorder handler (section 6.3) over `client.recorder`.

Results are wire-form dicts (`recorder["status"]`, `recorder["id"]`); ids may be given
as int or as digits. Failures raise the typed `ns.ApiError` subclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

import neurospeed_api as ns

from ..paging import all_pages
from .auth import Auth_AS_Customer_handler
from .util import ApiConfigArgument
from .wire import as_id, client_for, pager_dict, to_wire

DEFAULT_RECORDER_NAME = "recording"
"""The name of a recorder created without one (the cloud needs a name)."""


class UserRoom_Recorder_Handler:  # the manual's name
    """Create, update, list, get and delete a user's recorders (customer access)."""

    def __init__(
        self, customer_auth: Auth_AS_Customer_handler, api_config: ApiConfigArgument = None
    ) -> None:
        self._client = client_for(customer_auth, api_config)

    def create_recorder(self, username: str, recorder_name: str | None = None) -> dict[str, Any]:
        """Create a recorder for a user without a running one (ConflictError otherwise)."""
        created = self._client.recorder.create(
            username=username, recorder_name=recorder_name or DEFAULT_RECORDER_NAME
        )
        return to_wire(created)

    def update_recorder(self, recorder_id: int | str, status: str) -> dict[str, Any]:
        """Set status "paused", "stopped" (final) or "pending" (resume)."""
        updated = self._client.recorder.update(
            id=as_id(recorder_id, "recorder_id"), status=ns.RecorderStatus(status)
        )
        return to_wire(updated)

    @overload
    def list_recorders(self, username: str | None = None) -> list[dict[str, Any]]: ...

    @overload
    def list_recorders(
        self, page_number: int, page_size: int, filters: Mapping[str, Any] | None = None
    ) -> dict[str, Any]: ...

    def list_recorders(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]] | dict[str, Any]:
        """Two forms, told apart by their arguments:

        - `list_recorders(username)` (the manual): every recorder of the user, a list;
        - `list_recorders(page_number, page_size, filters={})` (published): one page as
          `{"pager": {"items": [...]}}`; `filters` may hold `username`.
        """
        if "username" in kwargs or not (args or kwargs) or _is_name(args[0] if args else 0):
            return self._all_recorders(*args, **kwargs)
        return self._page(*args, **kwargs)

    def get_recorder(self, recorder_id: int | str) -> dict[str, Any]:
        return to_wire(self._client.recorder.get(as_id(recorder_id, "recorder_id")))

    def delete_recorder(self, recorder_id: int | str) -> ns.JsonValue:
        """Delete a recorder; it disappears from lists. Answers the server's JSON."""
        return self._client.recorder.delete(recorder_id=as_id(recorder_id, "recorder_id"))

    def _all_recorders(self, username: str | None = None) -> list[dict[str, Any]]:
        filters = ns.RecorderFilters(username=username)
        found = all_pages(lambda pager: self._client.recorder.list(pager=pager, filters=filters))
        return [to_wire(recorder) for recorder in found]

    def _page(
        self, page_number: int, page_size: int, filters: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        username = (filters or {}).get("username")
        page = self._client.recorder.list(
            pager=ns.PageRequest(page_number=page_number, page_size=page_size),
            filters=ns.RecorderFilters(username=username),
        )
        return pager_dict(page)


def _is_name(value: object) -> bool:
    return value is None or isinstance(value, str)
