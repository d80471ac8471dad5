"""Manual 7.3: exporter control."""

from neurospeed_ext.compat.exporter import (
    UserRoom_Recorder_Exporter_Handler,
)

__all__ = [
    "UserRoom_Recorder_Exporter_Handler",
]
