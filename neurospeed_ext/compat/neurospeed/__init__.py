"""The NeuroSpeed manual's import paths, over the generated SDK (see neurospeed_ext.compat)."""

from neurospeed_ext.compat.sensors import (
    get_sensors_mockup,
)

__all__ = [
    "get_sensors_mockup",
]
