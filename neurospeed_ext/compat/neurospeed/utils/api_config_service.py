"""The published ApiConfig: a server's REST and Socket.IO addresses."""

from neurospeed_ext.compat.util import (
    ApiConfig,
)

__all__ = [
    "ApiConfig",
]
