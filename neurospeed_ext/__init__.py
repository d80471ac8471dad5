"""Hand-written extensions on top of the generated clients.

`NeuroSpeed` (the facade) is the entry point for new code; beside it: `recording` (the
recorder and exporter macros), `download` (streaming, resumable downloads), `upstream`
(the HIA and its rate-limited send queue), `compat` (the NeuroSpeed manual's classes,
importable as `neurospeed.*`), `sandbox` (a local server) and the `neurospeed` command.

The facade is imported on first use, so `neurospeed_ext.sandbox` and the command line
start without loading the client stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .facade import CustomerSession, NeuroSpeed, Recording, Room, UserSession

__all__ = ["CustomerSession", "NeuroSpeed", "Recording", "Room", "UserSession"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import facade

        return getattr(facade, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
