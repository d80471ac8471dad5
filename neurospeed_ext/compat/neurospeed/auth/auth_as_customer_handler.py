"""Manual 3.4: customer-level authentication."""

from neurospeed_ext.compat.auth import (
    Auth_AS_Customer_handler,
)

__all__ = [
    "Auth_AS_Customer_handler",
]
