"""A user's cognitive insights."""

from neurospeed_ext.compat.insights import (
    Insight_User_Handler,
)

__all__ = [
    "Insight_User_Handler",
]
