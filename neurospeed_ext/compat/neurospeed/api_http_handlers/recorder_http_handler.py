"""Manual 6.3: recorder control."""

from neurospeed_ext.compat.recorder import (
    UserRoom_Recorder_Handler,
)

__all__ = [
    "UserRoom_Recorder_Handler",
]
