"""The manual's room listeners (section 4.2): a user's room and the customer's room.

Each handler wraps one generated socket channel. Callbacks receive the payload as a dict
in wire form (`payload["data"]["sample"]`, `payload["output"]["brainwave_power"]`), as
the manual indexes it; they run on the channel's callback thread, one at a time, and one
that raises is logged without touching the connection. `connect()` raises
`ns.SocketConnectError` with the server's reason when refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import neurospeed_api as ns

from .auth import Auth_AS_Customer_handler, Auth_AS_User_Handler
from .callbacks import call_with_context
from .util import ApiConfigArgument
from .wire import require_login, server_for, to_wire

log = logging.getLogger(__name__)

PayloadHandler = Callable[..., object]
"""Called with the payload dict (the published customer-side rooms also pass the room
first when the callback takes two arguments)."""


class UserRoom_AS_User_Handler:  # the manual's name
    """A user listening to their own room: `data` packets and HIA `events`."""

    def __init__(self, user_auth: Auth_AS_User_Handler, api_config: ApiConfigArgument = None):
        self._auth = user_auth
        self._username = user_auth.get_username()
        self._data_handler: PayloadHandler | None = None
        self._events_handler: PayloadHandler | None = None
        client = user_auth.client
        self.socket = ns.UserRoomAsUserSocket(
            server_for(user_auth, api_config),
            tokens=client.tokens,
            on_refused=client.refresh_tokens,
        )
        self.socket.on_data(self._on_data)
        self.socket.on_events(self._on_events)

    def set_data_external_handler(self, handler: PayloadHandler | None) -> None:
        """`handler(payload)` for each data packet (may be set before or after connect)."""
        self._data_handler = handler

    def set_device_events_external_handler(self, handler: PayloadHandler | None) -> None:
        """`handler(event)` for each HIA connect or disconnect of the user."""
        self._events_handler = handler

    def connect(self) -> None:
        require_login(self._auth, "UserRoom_AS_User_Handler.connect")
        self.socket.connect()
        log.info("user %s listening to their room", self._username)

    def disconnect(self) -> None:
        self.socket.disconnect()

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def get_username(self) -> str:
        return self._username

    def _on_data(self, packet: ns.DataPacket) -> None:
        if self._data_handler is not None:
            self._data_handler(to_wire(packet))

    def _on_events(self, event: ns.DeviceEvent) -> None:
        if self._events_handler is not None:
            self._events_handler(to_wire(event))

    def __repr__(self) -> str:
        return f"UserRoom_AS_User_Handler({self._username!r}, {_state(self.socket)})"


class UserRoom_AS_Customer_Handler:  # the published package's name
    """A customer listening to one user's room.

    As in the published package, a callback taking two arguments gets `(room, payload)`;
    one taking a single argument gets the payload.
    """

    def __init__(
        self,
        customer_auth: Auth_AS_Customer_handler,
        username: str,
        api_config: ApiConfigArgument = None,
    ) -> None:
        self._auth = customer_auth
        self._username = username
        self._data_handler: PayloadHandler | None = None
        self._events_handler: PayloadHandler | None = None
        client = customer_auth.client
        self.socket = ns.UserRoomAsCustomerSocket(
            server_for(customer_auth, api_config),
            tokens=client.tokens,
            on_refused=client.refresh_tokens,
        )
        self.socket.on_data(self._on_data)
        self.socket.on_events(self._on_events)

    def set_data_external_handler(self, handler: PayloadHandler | None) -> None:
        self._data_handler = handler

    def set_events_external_handler(self, handler: PayloadHandler | None) -> None:
        self._events_handler = handler

    def connect(self) -> None:
        require_login(self._auth, "UserRoom_AS_Customer_Handler.connect")
        self.socket.connect(username=self._username)
        log.info("customer listening to the room of %s", self._username)

    def disconnect(self) -> None:
        self.socket.disconnect()

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def get_username(self) -> str:
        return self._username

    def _on_data(self, packet: ns.DataPacket) -> None:
        if self._data_handler is not None:
            call_with_context(self._data_handler, self, to_wire(packet))

    def _on_events(self, event: ns.DeviceEvent) -> None:
        if self._events_handler is not None:
            call_with_context(self._events_handler, self, to_wire(event))

    def __repr__(self) -> str:
        return f"UserRoom_AS_Customer_Handler({self._username!r}, {_state(self.socket)})"


class CustomerRoom_Handler:  # the published package's name
    """A customer listening to HIA connects and disconnects of all its users."""

    def __init__(
        self, customer_auth: Auth_AS_Customer_handler, api_config: ApiConfigArgument = None
    ) -> None:
        self._auth = customer_auth
        self._handlers: dict[str, PayloadHandler | None] = {
            ns.DeviceEventType.CONNECT: None,
            ns.DeviceEventType.DISCONNECT: None,
        }
        client = customer_auth.client
        self.socket = ns.CustomerRoomSocket(
            server_for(customer_auth, api_config),
            tokens=client.tokens,
            on_refused=client.refresh_tokens,
        )
        self.socket.on_hia_events(self._on_hia_event)

    def set_hia_connection_external_handler(self, handler: PayloadHandler | None) -> None:
        """`handler(event)` when an HIA of any of the customer's users connects."""
        self._handlers[ns.DeviceEventType.CONNECT] = handler

    def set_hia_disconnect_external_handler(self, handler: PayloadHandler | None) -> None:
        """`handler(event)` when an HIA of any of the customer's users disconnects."""
        self._handlers[ns.DeviceEventType.DISCONNECT] = handler

    def connect(self) -> None:
        require_login(self._auth, "CustomerRoom_Handler.connect")
        self.socket.connect()

    def disconnect(self) -> None:
        self.socket.disconnect()

    def is_connected(self) -> bool:
        return self.socket.is_connected()

    def _on_hia_event(self, event: ns.DeviceEvent) -> None:
        if event.type not in self._handlers:
            log.info("customer room: HIA event of unknown type %r ignored", event.type.value)
            return
        handler = self._handlers[event.type]
        if handler is not None:
            handler(to_wire(event))

    def __repr__(self) -> str:
        return f"CustomerRoom_Handler({_state(self.socket)})"


def _state(socket: Any) -> str:
    return "connected" if socket.is_connected() else "not connected"
