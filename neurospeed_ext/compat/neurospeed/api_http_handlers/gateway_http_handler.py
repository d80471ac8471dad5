"""Connected users and HIA connections."""

from neurospeed_ext.compat.gateway import (
    Gateway_HttpHandler,
)

__all__ = [
    "Gateway_HttpHandler",
]
