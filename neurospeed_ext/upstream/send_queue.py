"""HiaSendQueue: the rate-limited, size-limited, loss-free upstream sender of one HIA.

Unlike the published client's queued sender, it stamps each stream with its own device
type, splits every packet under the byte limit, keeps data queued across disconnects,
bounds its memory, and reports rather than drops what it cannot send.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Literal

import neurospeed_api as ns

from .errors import DirectSendFailed, NotConnected, QueueClosed, QueueFull, UnknownStream
from .labels import check_label, check_labels
from .packing import Batch, encoded_row_sizes, pack_all
from .samples import check_sensor, prepare_rows
from .schedule import Schedule
from .sink import PipelineSink
from .stats import QueueStats
from .worker import SendWorker

logger = logging.getLogger(__name__)

RECONNECT_POLL = 0.05
"""Seconds between checks of sink.is_connected() while data waits (wake() cuts it short)."""


class HiaSendQueue:
    """Queues samples per stream and sends them as `pipeline` packets from one thread.

    Each stream sends at most one packet every `min_interval` seconds, each as full as
    `max_packet_bytes` allows and never larger. While the sink is disconnected, samples stay
    queued and go out in order after the reconnect. At most `max_queued_samples` wait per
    stream; when full, `when_full="block"` waits up to `block_timeout` seconds and
    `"raise"` raises QueueFull at once. Nothing is dropped silently.

    With `acknowledge=True` each packet is emitted with an acknowledgement callback and
    stays in flight (one per stream) until the server acknowledges it: no argument or a
    truthy one accepts, a falsy one refuses and the packet is sent again, as it is after a
    lost connection or `ack_timeout` seconds of silence. Delivery is then at-least-once,
    so a server restart loses nothing; it needs a server that acknowledges `pipeline` (the
    sandbox does; whether the cloud does is unknown: without acks every packet would be
    re-sent forever). Without it, a packet handed to a socket that dies may be lost.
    """

    def __init__(
        self,
        sink: PipelineSink,
        *,
        hia_id: str,
        sensors: Mapping[str, ns.SensorInfo],
        max_packet_bytes: int = 65_535,
        min_interval: float = 0.2,
        max_queued_samples: int = 100_000,
        when_full: Literal["block", "raise"] = "block",
        block_timeout: float = 10.0,
        acknowledge: bool = False,
        ack_timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        _check_positive("max_packet_bytes", max_packet_bytes, integer=True)
        _check_positive("max_queued_samples", max_queued_samples, integer=True)
        _check_positive("min_interval", min_interval, allow_zero=True)
        _check_positive("block_timeout", block_timeout, allow_zero=True)
        _check_positive("ack_timeout", ack_timeout)
        if when_full not in ("block", "raise"):
            raise ValueError(f"when_full must be 'block' or 'raise', not {when_full!r}")
        if not isinstance(hia_id, str) or not hia_id:
            raise ValueError(f"hia_id must be a non-empty string: {hia_id!r}")
        if not sensors:
            raise ValueError("sensors must describe at least one stream")
        for stream_id, sensor in sensors.items():
            check_sensor(stream_id, sensor)
        self._sink = sink
        self._sensors = dict(sensors)
        self._max_packet_bytes = max_packet_bytes
        self._capacity = max_queued_samples
        self._when_full = when_full
        self._block_timeout = block_timeout
        self._wall_clock = wall_clock
        self._labels: tuple[str, ...] = ()
        self._closed = False
        self._cond = threading.Condition()
        self._schedule = Schedule(
            hia_id=hia_id,
            sensors=self._sensors,
            max_packet_bytes=max_packet_bytes,
            min_interval=min_interval,
            acknowledge=acknowledge,
            ack_timeout=ack_timeout,
            reconnect_poll=RECONNECT_POLL,
        )
        self._worker = SendWorker(
            self._schedule, sink, self._cond, clock, name=f"neurospeed-send-{hia_id}"
        )

    # -- labels ------------------------------------------------------------------------

    @property
    def labels(self) -> tuple[str, ...]:
        """The persistent labels bound to samples queued from now on."""
        return self._labels

    def set_label(self, label: str) -> None:
        """Label every sample sent from now on with `label` alone (see labels.py for rules)."""
        self._labels = (check_label(label),)

    def set_labels(self, labels: Iterable[str]) -> None:
        """Label every sample sent from now on with these labels; samples queued keep theirs."""
        self._labels = check_labels(labels)

    def clear_labels(self) -> None:
        self._labels = ()

    # -- sending -----------------------------------------------------------------------

    def send(
        self,
        stream_id: str,
        samples: Iterable[Any],
        timestamps: Iterable[Any] | None = None,
        *,
        without_timestamps: bool = False,
        onetime_labels: Iterable[str] = (),
    ) -> None:
        """Check and queue samples: all of them or, on any error, none.

        Without `timestamps` the last sample is stamped now and earlier ones 1/sampling
        frequency apart back from it; `without_timestamps=True` lets the cloud stamp them.
        One-time labels travel on the packet that carries the first of these samples.
        """
        batch = self._batch(stream_id, samples, timestamps, without_timestamps, onetime_labels)
        if batch is None:
            return
        with self._cond:
            self._check_usable()
            self._wait_for_room(stream_id, len(batch.rows))
            self._schedule.enqueue(stream_id, batch)
            self._worker.start()
            self._cond.notify_all()

    def send_direct(
        self,
        stream_id: str,
        samples: Iterable[Any],
        timestamps: Iterable[Any] | None = None,
        *,
        without_timestamps: bool = False,
        onetime_labels: Iterable[str] = (),
    ) -> None:
        """Send now from the caller's thread, bypassing the queue and its rate limit.

        Still split under the byte limit. Raises NotConnected when the sink is disconnected
        and DirectSendFailed when it refuses a packet; no acknowledgement is awaited. It does
        not wait for samples that send() queued: mixing both on one stream reorders them.
        """
        batch = self._batch(stream_id, samples, timestamps, without_timestamps, onetime_labels)
        if batch is None:
            return
        with self._cond:
            self._check_usable()
            envelope = self._schedule.envelope(stream_id)
        packets = pack_all(envelope, batch, self._max_packet_bytes)
        if not self._sink.is_connected():
            raise NotConnected(
                f"stream {stream_id!r}: not connected; {len(batch.rows)} samples were not sent"
            )
        for index, packed in enumerate(packets):
            try:
                self._sink.emit_pipeline(packed.packet)
            except Exception as exc:
                raise DirectSendFailed(stream_id, index, len(packets)) from exc
            with self._cond:
                self._schedule.record_direct(stream_id, packed)

    def wake(self) -> None:
        """Look at the sink now, e.g. from its connect handler, instead of at the next poll."""
        with self._cond:
            self._cond.notify_all()

    def connection_lost(self) -> None:
        """Call from the socket's disconnect handler (any thread) in acknowledge mode.

        Packets awaiting an acknowledgement are then sent again after the reconnect even if
        the connection came back before the queue's own poll noticed it was gone.
        """
        with self._cond:
            self._schedule.connection_lost()
            self._cond.notify_all()

    # -- draining ----------------------------------------------------------------------

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until everything queued was sent (and acknowledged, in acknowledge mode).

        Raises TimeoutError naming the streams and samples still waiting.
        """
        with self._cond:
            done = self._cond.wait_for(
                lambda: self._schedule.idle() or self._worker.failure is not None, timeout
            )
            self._raise_if_failed()
            if done:
                return
            pending = self._schedule.pending()
        state = "" if self._sink_connected() else "; the sink is not connected"
        raise TimeoutError(
            f"{sum(pending.values()):,} samples still unsent after {timeout} s"
            f" ({_per_stream(pending)}){state}"
        )

    def close(self, timeout: float | None = 30.0) -> None:
        """Refuse new samples, send what is queued (like flush), then stop the thread.

        Raises TimeoutError naming what could not be sent in time; it is then abandoned.
        """
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()  # senders blocked on a full queue give up
        try:
            self.flush(timeout)
        except TimeoutError as exc:
            logger.error("send queue closed with samples unsent: %s", exc)
            raise
        finally:
            self._worker.stop(timeout=5.0)

    def __enter__(self) -> HiaSendQueue:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
            return
        try:
            self.close()
        except Exception:  # do not hide the exception that ended the block
            logger.exception("closing the send queue after an error failed")

    # -- figures -----------------------------------------------------------------------

    def stats(self) -> QueueStats:
        """A consistent snapshot of every stream's counters and their total."""
        with self._cond:
            return self._schedule.stats()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- internals ---------------------------------------------------------------------

    def _batch(
        self,
        stream_id: str,
        samples: Iterable[Any],
        timestamps: Iterable[Any] | None,
        without_timestamps: bool,
        onetime_labels: Iterable[str],
    ) -> Batch | None:
        """Checked rows with their labels bound now, or None when there are no samples."""
        sensor = self._sensors.get(stream_id)
        if sensor is None:
            raise UnknownStream(stream_id, list(self._sensors))
        onetime = check_labels(onetime_labels)
        rows = prepare_rows(
            stream_id,
            sensor,
            samples,
            timestamps,
            without_timestamps=without_timestamps,
            wall_clock=self._wall_clock,
        )
        if not rows:
            if onetime:
                raise ValueError(f"stream {stream_id!r}: one-time labels need at least one sample")
            return None
        if len(rows) > self._capacity:
            raise ValueError(
                f"stream {stream_id!r}: {len(rows):,} samples in one call exceed the queue's"
                f" capacity of {self._capacity:,} (max_queued_samples)"
            )
        labels = self._labels
        sizes = encoded_row_sizes(rows)
        with self._cond:
            envelope = self._schedule.envelope(stream_id)
            envelope.check_fits(sizes, labels, onetime, self._max_packet_bytes)
        return Batch(rows, sizes, labels, onetime)

    def _wait_for_room(self, stream_id: str, count: int) -> None:
        """Return once `count` more samples fit (condition held), else raise QueueFull."""

        def room() -> bool:
            if self._closed or self._worker.failure is not None:
                return True  # let the caller see why
            return self._schedule.queued(stream_id) + count <= self._capacity

        if not room() and (
            self._when_full == "raise" or not self._cond.wait_for(room, self._block_timeout)
        ):
            raise QueueFull(stream_id, self._schedule.queued(stream_id), count, self._capacity)
        self._check_usable()

    def _check_usable(self) -> None:
        if self._closed:
            raise QueueClosed("the send queue is closed; create a new one to send more")
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self._worker.failure is not None:
            raise RuntimeError("the send thread failed") from self._worker.failure

    def _sink_connected(self) -> bool:
        try:
            return bool(self._sink.is_connected())
        except Exception:
            return False


def _per_stream(pending: Mapping[str, int]) -> str:
    """E.g. "stream 'a': 2, stream 'c': 1"."""
    return ", ".join(f"stream {sid!r}: {count:,}" for sid, count in pending.items())


def _check_positive(
    name: str, value: float, *, integer: bool = False, allow_zero: bool = False
) -> None:
    kind_ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not kind_ok or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite {'int' if integer else 'number'}: {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}: {value!r}")
