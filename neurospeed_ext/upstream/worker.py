"""The one background thread that drives the schedule for every stream of a send queue.

It sleeps on the queue's condition variable until the next packet is due (or a send, an
acknowledgement or close() wakes it); it never holds the lock while it talks to the sink,
so the socket's thread can deliver acknowledgements at any time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .schedule import Emission, Schedule
from .sink import PipelineSink

logger = logging.getLogger(__name__)


class SendWorker:
    """Moves due packets from a Schedule to a PipelineSink; started once, stopped once."""

    def __init__(
        self,
        schedule: Schedule,
        sink: PipelineSink,
        cond: threading.Condition,
        clock: Callable[[], float],
        name: str,
    ) -> None:
        self._schedule = schedule
        self._sink = sink
        self._cond = cond
        self._clock = clock
        self._name = name
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.failure: BaseException | None = None
        """Set when the thread died of a bug; the queue then refuses to pretend all is well."""

    def start(self) -> None:
        """Start the thread unless it runs already (call with the condition held)."""
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float) -> None:
        """Ask the thread to finish and wait up to `timeout` seconds for it (lock not held)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("the send thread did not stop within %.1f s", timeout)

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException as exc:
            logger.exception("the send thread failed; queued samples will not be sent")
            with self._cond:
                self.failure = exc
                self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            connected = self._connected()
            with self._cond:
                if self._stopping:
                    return
                now = self._clock()
                if not connected:
                    self._schedule.connection_lost()
                work = self._schedule.due(now, connected)
                if not work:
                    wakeup = self._schedule.next_wakeup(now, connected)
                    self._cond.wait(None if wakeup is None else max(0.0, wakeup - now))
                    continue
            outcomes = [(emission, *self._emit(emission)) for emission in work]
            with self._cond:
                for emission, ok, at in outcomes:
                    self._schedule.report(emission, ok, at)
                self._cond.notify_all()

    def _connected(self) -> bool:
        try:
            return bool(self._sink.is_connected())
        except Exception as exc:
            logger.debug("is_connected() raised %r; treating the sink as disconnected", exc)
            return False

    def _emit(self, emission: Emission) -> tuple[bool, float]:
        callback = self._ack_callback(emission) if self._schedule.acknowledge_mode else None
        at = self._clock()
        try:
            self._sink.emit_pipeline(emission.packet, callback=callback)
        except Exception as exc:
            logger.warning(
                "stream %r: the sink did not take packet %d (%d samples), it will be sent"
                " again: %s",
                emission.stream_id,
                emission.seq,
                emission.packed.samples,
                exc,
            )
            return False, at
        logger.debug(
            "stream %r: packet %d sent, %d samples, %d bytes%s",
            emission.stream_id,
            emission.seq,
            emission.packed.samples,
            emission.packed.size,
            " (again)" if emission.resend else "",
        )
        return True, at

    def _ack_callback(self, emission: Emission) -> Callable[..., None]:
        stream_id, seq = emission.stream_id, emission.seq

        def on_ack(*args: object) -> None:
            """Called by the socket's thread: no argument or a truthy first one accepts."""
            ok = not args or bool(args[0])
            try:
                with self._cond:
                    self._schedule.acknowledge(stream_id, seq, ok)
                    self._cond.notify_all()
            except Exception:
                logger.exception("stream %r: acknowledgement of packet %d failed", stream_id, seq)

        return on_ack
