"""The manual's exporter handler (section 7.3) over `client.exporter`.

`get_exported_url` and `get_exporter_url` (the manual uses both names) return an
`ExportedUrl`: a `str` for `urllib.request.urlretrieve`, also indexable as `["url"]`
as the published macros do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

import neurospeed_api as ns

from ..paging import all_pages
from .auth import Auth_AS_Customer_handler
from .util import ApiConfigArgument
from .wire import ExportedUrl, as_id, client_for, pager_dict, to_wire


class UserRoom_Recorder_Exporter_Handler:  # the manual's name
    """Export a recorder's data to CSV, get its download URL, list and delete exports."""

    def __init__(
        self, customer_auth: Auth_AS_Customer_handler, api_config: ApiConfigArgument = None
    ) -> None:
        self._client = client_for(customer_auth, api_config)

    def create_exporter(
        self, recorder_id: int | str, config: Mapping[str, Any] | ns.ExporterConfig
    ) -> dict[str, Any]:
        """Start exporting; poll `get_exporter(id)["status"]` until "exported".

        `config` as in the manual (`custom_name`, `start_timestamp_mode`,
        `end_timestamp_mode`, ...); a bad one raises `ns.DecodeError` naming the fields.
        """
        settings = config if isinstance(config, ns.ExporterConfig) else _config(config)
        created = self._client.exporter.create(
            recorder_id=as_id(recorder_id, "recorder_id"), exporter_config=settings
        )
        return to_wire(created)

    def get_exported_url(self, exporter_id: int | str) -> ExportedUrl:
        """The short-lived download URL of an exported file (needs no Authorization)."""
        return ExportedUrl(self._client.exporter.url(exporter_id=as_id(exporter_id, "exporter_id")))

    def get_exporter_url(self, exporter_id: int | str) -> ExportedUrl:
        """The name the manual's 7.3.3 example uses for `get_exported_url`."""
        return self.get_exported_url(exporter_id)

    @overload
    def list_exporters(self, username: str) -> list[dict[str, Any]]: ...

    @overload
    def list_exporters(self, username: str, page_number: int, page_size: int) -> dict[str, Any]: ...

    def list_exporters(
        self, username: str, page_number: int | None = None, page_size: int | None = None
    ) -> list[dict[str, Any]] | dict[str, Any]:
        """`list_exporters(username)` (the manual): every exporter of the user, a list;
        `list_exporters(username, page_number, page_size)` (published): one page as
        `{"pager": {"items": [...]}}`."""
        filters = ns.ExporterFilters(username=username)
        if page_number is None and page_size is None:
            found = all_pages(
                lambda pager: self._client.exporter.list(pager=pager, filters=filters)
            )
            return [to_wire(exporter) for exporter in found]
        if page_number is None or page_size is None:
            raise TypeError("list_exporters: give both page_number and page_size, or neither")
        pager = ns.PageRequest(page_number=page_number, page_size=page_size)
        return pager_dict(self._client.exporter.list(pager=pager, filters=filters))

    def get_exporter(self, exporter_id: int | str) -> dict[str, Any]:
        return to_wire(self._client.exporter.get(as_id(exporter_id, "exporter_id")))

    def delete_exporter(self, exporter_id: int | str) -> ns.JsonValue:
        """Delete the exporter and its file; it cannot be restored."""
        return self._client.exporter.delete(exporter_id=as_id(exporter_id, "exporter_id"))


def _config(config: Mapping[str, Any]) -> ns.ExporterConfig:
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a dict, not {type(config).__name__}")
    return ns.structure({**config}, ns.ExporterConfig)
