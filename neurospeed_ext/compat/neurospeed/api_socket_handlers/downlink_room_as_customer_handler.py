"""A customer routing downlink messages to one user."""

from neurospeed_ext.compat.downlink import (
    DownlinkRoom_AS_Customer_Handler,
)

__all__ = [
    "DownlinkRoom_AS_Customer_Handler",
]
