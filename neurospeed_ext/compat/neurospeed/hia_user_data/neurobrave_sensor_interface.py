"""Manual 5.3: the HIA client and the sensor info mockup."""

from neurospeed_ext.compat.hia_client import (
    HIA_Client,
    get_sensors_mockup,
)

__all__ = [
    "HIA_Client",
    "get_sensors_mockup",
]
