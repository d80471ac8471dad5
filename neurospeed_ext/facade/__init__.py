"""A typed, modern facade for new code: `NeuroSpeed` -> customer and user sessions ->
recordings, HIAs and rooms, each a context manager that connects and closes."""

from .entry import NeuroSpeed
from .recording import Recording
from .rooms import Room, RoomClosed
from .sessions import CustomerSession, Session, UserSession

__all__ = [
    "CustomerSession",
    "NeuroSpeed",
    "Recording",
    "Room",
    "RoomClosed",
    "Session",
    "UserSession",
]
