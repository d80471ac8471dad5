"""A customer listening to one user's room."""

from neurospeed_ext.compat.rooms import (
    UserRoom_AS_Customer_Handler,
)

__all__ = [
    "UserRoom_AS_Customer_Handler",
]
