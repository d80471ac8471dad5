"""Manual 4.2: a user listening to their room."""

from neurospeed_ext.compat.rooms import (
    UserRoom_AS_User_Handler,
)

__all__ = [
    "UserRoom_AS_User_Handler",
]
