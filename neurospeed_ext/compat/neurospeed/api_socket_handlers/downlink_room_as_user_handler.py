"""A user's downlink room."""

from neurospeed_ext.compat.downlink import (
    DownlinkRoom_AS_User_Handler,
)

__all__ = [
    "DownlinkRoom_AS_User_Handler",
]
