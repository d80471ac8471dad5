"""The five listening paths: user rooms, the customer room and the two downlink rooms.

| path | token (where) | joins |
| --- | --- | --- |
| user room as user | user (query) | the user's room: `data`, `events` |
| user room as customer | customer (query) + username (query) | that user's room |
| customer room | customer (header) | the customer's room: `hia_events` |
| downlink as user | user (header) | the user's downlink room: `downlink` |
| downlink as customer | customer (header) + username (header) | none; sends `router` |

User rooms carry raw data, so they need the account's raw-data access. A `router` event
from either downlink path reaches every downlink-as-user socket of its user as
`downlink`, the sender included when it is one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from ..state import SandboxState
from .channels import (
    CUSTOMER_ROOM,
    DOWNLINK_AS_CUSTOMER,
    DOWNLINK_AS_USER,
    USER_ROOM_AS_CUSTOMER,
    USER_ROOM_AS_USER,
    customer_room,
    user_room,
)
from .handshake import (
    Environ,
    customer_caller,
    header,
    named_user,
    query,
    refuse,
    require_raw_data,
    user_caller,
)
from .servers import LiveServers

log = logging.getLogger(__name__)

Join = Callable[[Environ], tuple[str | None, int]]
"""Checks a connect; answers the room to join (None: no room) and the user it is about."""


class RoomChannels:
    """Connect handlers of the listening paths, and `router` of the downlink paths."""

    def __init__(self, state: SandboxState, servers: LiveServers) -> None:
        self.state = state
        self.servers = servers
        self.downlink_users: dict[str, dict[str, int]] = {
            DOWNLINK_AS_USER: {},
            DOWNLINK_AS_CUSTOMER: {},
        }
        """Per downlink path: socket id -> the user its `router` events are for."""
        joins: dict[str, Join] = {
            USER_ROOM_AS_USER: self._user_room_as_user,
            USER_ROOM_AS_CUSTOMER: self._user_room_as_customer,
            CUSTOMER_ROOM: self._customer_room,
            DOWNLINK_AS_USER: self._downlink_as_user,
            DOWNLINK_AS_CUSTOMER: self._downlink_as_customer,
        }
        for path, join in joins.items():
            server = servers[path]
            server.on("connect", self._connect_handler(path, join))
            if path in self.downlink_users:
                server.on("router", self._router_handler(path))
                server.on("disconnect", self._forget_handler(path))

    def _connect_handler(
        self, path: str, join: Join
    ) -> Callable[[str, Environ, Any], Awaitable[None]]:
        server = self.servers[path]

        async def on_connect(sid: str, environ: Environ, auth: Any = None) -> None:
            if not self.servers.open:
                refuse("the server is restarting; connect again shortly")
            room, user_id = join(environ)
            if room is not None:
                await server.enter_room(sid, room)
            if path in self.downlink_users:
                self.downlink_users[path][sid] = user_id
            log.info("%s: socket %s joined %s", path, sid, room or f"no room (user {user_id})")

        return on_connect

    def _router_handler(self, path: str) -> Callable[[str, Any], Awaitable[bool]]:
        async def on_router(sid: str, payload: Any = None) -> bool:
            user_id = self.downlink_users[path].get(sid)
            if user_id is None:
                return False
            await self.servers.to_downlink(user_id, "downlink", payload)
            return True

        return on_router

    def _forget_handler(self, path: str) -> Callable[[str, Any], Awaitable[None]]:
        async def on_disconnect(sid: str, reason: Any = None) -> None:
            self.downlink_users[path].pop(sid, None)

        return on_disconnect

    # -- who may join what -------------------------------------------------------------

    def _user_room_as_user(self, environ: Environ) -> tuple[str | None, int]:
        customer, user = user_caller(self.state, query(environ, "jwt_token"), "query")
        require_raw_data(customer)
        return user_room(user.id), user.id

    def _user_room_as_customer(self, environ: Environ) -> tuple[str | None, int]:
        customer = customer_caller(self.state, query(environ, "jwt_token"), "query")
        user = named_user(customer, query(environ, "username"))
        require_raw_data(customer)
        return user_room(user.id), user.id

    def _customer_room(self, environ: Environ) -> tuple[str | None, int]:
        customer = customer_caller(self.state, header(environ, "jwt_token"), "header")
        return customer_room(customer.id), customer.id

    def _downlink_as_user(self, environ: Environ) -> tuple[str | None, int]:
        _, user = user_caller(self.state, header(environ, "jwt_token"), "header")
        return user_room(user.id), user.id

    def _downlink_as_customer(self, environ: Environ) -> tuple[str | None, int]:
        customer = customer_caller(self.state, header(environ, "jwt_token"), "header")
        user = named_user(customer, header(environ, "username"))
        return None, user.id
