"""The published gateway and SSR handlers: connected users, HIA connections, and
server-side requests (stream state, downlink payloads) relayed to a running HIA."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import neurospeed_api as ns

from .auth import Auth_AS_Customer_handler
from .util import ApiConfigArgument
from .wire import client_for, pager_dict, to_wire

log = logging.getLogger(__name__)


class Gateway_HttpHandler:  # the published package's name
    """The customer's users with an HIA connected, and the HIA connections."""

    def __init__(
        self, customer_auth: Auth_AS_Customer_handler, api_config: ApiConfigArgument = None
    ) -> None:
        self._client = client_for(customer_auth, api_config)

    def get_connected_users(self) -> list[dict[str, Any]]:
        """`[{"id": ..., "username": ...}, ...]`."""
        return [to_wire(user) for user in self._client.gateway.connected_users()]

    def get_connections(
        self,
        page_number: int = 1,
        page_size: int = 50,
        filters: Mapping[str, ns.JsonValue] | None = None,
    ) -> dict[str, Any]:
        """One page of HIA connections as `{"pager": {"items": [...]}}`."""
        page = self._client.gateway.connections(
            pager=ns.PageRequest(page_number=page_number, page_size=page_size),
            filters={**(filters or {})},
        )
        return pager_dict(page)


class SSR_HttpHandler:  # the published package's name
    """Server-side requests to a user's running HIA."""

    def __init__(
        self, customer_auth: Auth_AS_Customer_handler, api_config: ApiConfigArgument = None
    ) -> None:
        self._client = client_for(customer_auth, api_config)

    def change_stream_state(
        self, username: str, hia_id: str, stream_id: str, stream_state: str
    ) -> ns.JsonValue:
        """Enable or disable a stream of an HIA ("enabled" or "disabled")."""
        log.info("stream %s of HIA %s of %s: %s", stream_id, hia_id, username, stream_state)
        return self._client.ssr.stream_state(
            username=username,
            hia_id=hia_id,
            stream_id=stream_id,
            stream_state=ns.StreamState(stream_state),
        )

    def send_downlink(self, username: str, hia_id: str, payload: ns.JsonValue) -> ns.JsonValue:
        """Send a JSON payload (at most 64 KiB encoded) to an HIA."""
        log.info("downlink payload to HIA %s of %s", hia_id, username)
        return self._client.ssr.downlink(username=username, hia_id=hia_id, payload=payload)
