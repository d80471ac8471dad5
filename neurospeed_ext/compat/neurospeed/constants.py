"""The production cloud's addresses, in the published api_config form."""

from neurospeed_ext.compat.util import (
    PROD_API_CONFIG,
)

__all__ = [
    "PROD_API_CONFIG",
]
