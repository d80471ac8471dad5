"""The published downlink rooms: JSON messages routed to a user's downlink sockets.

A message a customer (or the user) routes with `route_message(payload)` reaches every
`DownlinkRoom_AS_User_Handler` of that user, whose router callback gets the payload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import neurospeed_api as ns

from .auth import Auth_AS_Customer_handler, Auth_AS_User_Handler
from .callbacks import call_with_context
from .util import ApiConfigArgument
from .wire import require_login, server_for

log = logging.getLogger(__name__)


class DownlinkRoom_AS_User_Handler:  # the published package's name
    """A user's downlink socket: receives routed messages and can route some itself.

    As in the published package, a router callback taking two arguments gets
    `(room, payload)`; one taking a single argument gets the payload.
    """

    def __init__(self, user_auth: Auth_AS_User_Handler, api_config: ApiConfigArgument = None):
        self._auth = user_auth
        self._username = user_auth.get_username()
        self._router_handler: Callable[..., object] | None = None
        client = user_auth.client
        self.socket = ns.DownlinkRoomAsUserSocket(
            server_for(user_auth, api_config),
            tokens=client.tokens,
            on_refused=client.refresh_tokens,
        )
        self.socket.on_downlink(self._on_downlink)

    def set_downlink_router_external_handler(self, handler: Callable[..., object] | None) -> None:
        self._router_handler = handler

    def route_message(self, payload: ns.JsonValue) -> None:
        """Emit `router`; `ns.SocketNotConnectedError` when not connected."""
        self.socket.emit_router(payload)

    def connect(self) -> None:
        require_login(self._auth, "DownlinkRoom_AS_User_Handler.connect")
        self.socket.connect()

    def disconnect(self) -> None:
        self.socket.disconnect()

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def get_username(self) -> str:
        return self._username

    def _on_downlink(self, payload: ns.JsonValue) -> None:
        log.debug("downlink message routed to %s", self._username)
        if self._router_handler is not None:
            call_with_context(self._router_handler, self, payload)

    def __repr__(self) -> str:
        state = "connected" if self.is_connected() else "not connected"
        return f"DownlinkRoom_AS_User_Handler({self._username!r}, {state})"


class DownlinkRoom_AS_Customer_Handler:  # the published package's name
    """A customer's downlink socket for one user: routes messages to that user."""

    def __init__(
        self,
        customer_auth: Auth_AS_Customer_handler,
        username: str,
        api_config: ApiConfigArgument = None,
    ) -> None:
        self._auth = customer_auth
        self._username = username
        client = customer_auth.client
        self.socket = ns.DownlinkRoomAsCustomerSocket(
            server_for(customer_auth, api_config),
            tokens=client.tokens,
            on_refused=client.refresh_tokens,
        )

    def route_message(self, payload: ns.JsonValue) -> None:
        """Emit `router` to the user's downlink sockets; raises when not connected."""
        self.socket.emit_router(payload)

    def connect(self) -> None:
        require_login(self._auth, "DownlinkRoom_AS_Customer_Handler.connect")
        self.socket.connect(username=self._username)

    def disconnect(self) -> None:
        self.socket.disconnect()

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def get_username(self) -> str:
        return self._username

    def __repr__(self) -> str:
        state = "connected" if self.is_connected() else "not connected"
        return f"DownlinkRoom_AS_Customer_Handler({self._username!r}, {state})"
