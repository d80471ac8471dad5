"""The published path: `from neurospeed.macros import macros`; the same functions as
`neurospeed.macros` (the manual's `from neurospeed import macros`)."""

from . import *  # noqa: F403
from . import __all__ as __all__
