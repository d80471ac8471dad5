"""Exceptions of the send queue: each one says which stream and how much data it concerns."""

from __future__ import annotations


class SendQueueError(Exception):
    """Base class: the send queue could not take or deliver samples."""


class QueueFull(SendQueueError):
    """A stream's queue has no room for the samples of one send() call; nothing was queued."""

    def __init__(self, stream_id: str, queued: int, requested: int, capacity: int) -> None:
        super().__init__(
            f"stream {stream_id!r}: queue full ({queued:,} of {capacity:,} samples queued,"
            f" {requested:,} more requested); nothing was queued"
        )
        self.stream_id = stream_id
        self.queued = queued
        self.requested = requested
        self.capacity = capacity


class QueueClosed(SendQueueError):
    """send() after close(): the queue no longer accepts samples."""


class NotConnected(SendQueueError):
    """send_direct() while the sink is disconnected: the samples were not sent."""


class DirectSendFailed(SendQueueError):
    """The sink refused a packet of send_direct(); `packets_sent` of them went out before."""

    def __init__(self, stream_id: str, packets_sent: int, packets_total: int) -> None:
        super().__init__(
            f"stream {stream_id!r}: the sink refused packet {packets_sent + 1} of"
            f" {packets_total}; the {packets_sent} before it were sent"
        )
        self.stream_id = stream_id
        self.packets_sent = packets_sent
        self.packets_total = packets_total


class UnknownStream(SendQueueError, KeyError):
    """A stream id that is not a key of the sensors the queue was built with."""

    def __init__(self, stream_id: str, known: list[str]) -> None:
        super().__init__(f"unknown stream {stream_id!r}; the sensors are {known}")
        self.stream_id = stream_id

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return str(self.args[0])
