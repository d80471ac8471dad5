"""Manual 3.3: user-level authentication."""

from neurospeed_ext.compat.auth import (
    Auth_AS_User_Handler,
)

__all__ = [
    "Auth_AS_User_Handler",
]
