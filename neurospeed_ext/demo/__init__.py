"""`neurospeed demo`: the whole system end to end on an embedded sandbox."""

from .run import Summary, describe, run_demo

__all__ = ["Summary", "describe", "run_demo"]
