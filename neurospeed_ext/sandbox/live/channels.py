"""The six Socket.IO paths (PROTOCOL 5) and the rooms sockets join on them.

Each path is its own Socket.IO server on the sandbox's aiohttp port; a room name says
whose events a socket receives: `user:<id>` on the user-room and downlink-as-user
paths, `customer:<id>` on the customer room.
"""

from __future__ import annotations

from neurospeed_api.sockets import CHANNELS

# The paths come from the spec, through the generated package, so the two cannot drift.
HIA = CHANNELS["hia"].path
USER_ROOM_AS_USER = CHANNELS["user_room_as_user"].path
USER_ROOM_AS_CUSTOMER = CHANNELS["user_room_as_customer"].path
CUSTOMER_ROOM = CHANNELS["customer_room"].path
DOWNLINK_AS_USER = CHANNELS["downlink_room_as_user"].path
DOWNLINK_AS_CUSTOMER = CHANNELS["downlink_room_as_customer"].path

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
