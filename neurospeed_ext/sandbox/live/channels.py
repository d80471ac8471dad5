"""The six Socket.IO paths (PROTOCOL 5) and the rooms sockets join on them.

Each path is its own Socket.IO server on the sandbox's aiohttp port; a room name says
whose events a socket receives: `user:<id>` on the user-room and downlink-as-user
paths, `customer:<id>` on the customer room.
"""

from __future__ import annotations

HIA = "/hia"
USER_ROOM_AS_USER = "/target_is_user_room_as_user"
USER_ROOM_AS_CUSTOMER = "/target_is_user_room_as_customer"
CUSTOMER_ROOM = "/target_is_customer_room"
DOWNLINK_AS_USER = "/target_is_downlink_room_as_user"
DOWNLINK_AS_CUSTOMER = "/target_is_downlink_room_as_customer"

PATHS = (
    HIA,
    USER_ROOM_AS_USER,
    USER_ROOM_AS_CUSTOMER,
    CUSTOMER_ROOM,
    DOWNLINK_AS_USER,
    DOWNLINK_AS_CUSTOMER,
)

NAMESPACE = "/"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def customer_room(customer_id: int) -> str:
    return f"customer:{customer_id}"
