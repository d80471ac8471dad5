"""A customer listening to HIA connects and disconnects of all its users."""

from neurospeed_ext.compat.rooms import (
    CustomerRoom_Handler,
)

__all__ = [
    "CustomerRoom_Handler",
]
