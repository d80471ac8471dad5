"""Server-side requests to a running HIA."""

from neurospeed_ext.compat.gateway import (
    SSR_HttpHandler,
)

__all__ = [
    "SSR_HttpHandler",
]
