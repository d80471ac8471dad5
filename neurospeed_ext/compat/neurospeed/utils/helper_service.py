"""Manual 3.5: UtilService.load_config_file and generateId."""

from neurospeed_ext.compat.util import (
    UtilService,
)

__all__ = [
    "UtilService",
]
