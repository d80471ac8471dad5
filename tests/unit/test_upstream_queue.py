"""HiaSendQueue with its thread, in real time, against a recording sink (our own protocol).

Intervals are short (min_interval=0.02) and every wait is bounded by a deadline.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import neurospeed_api as ns
from neurospeed_ext.upstream import (
    DirectSendFailed,
    HiaSendQueue,
    NotConnected,
    QueueClosed,
    QueueFull,
)
from neurospeed_ext.upstream.schedule import Schedule

INTERVAL = 0.02


@dataclass
class Arrival:
    time: float
    packet: ns.PipelinePacket
    size: int


class ThreadSink:
    """Records packets from any thread; can be offline, refuse, and acknowledge late."""

    def __init__(self, *, connected: bool = True, ack: str = "none") -> None:
        self.connected = connected
        self.ack = ack  # "none", "at_once" (inside emit), "later" (answer_acks), "thread"
        self.refuse = False
        self.lock = threading.Lock()
        self.arrivals: list[Arrival] = []
        self.held: list[tuple[Arrival, Callable[..., None]]] = []

    def is_connected(self) -> bool:
        return self.connected

    def emit_pipeline(
        self, packet: ns.PipelinePacket, /, *, callback: Callable[..., None] | None = None
    ) -> None:
        now = time.monotonic()
        if not self.connected or self.refuse:
            raise ConnectionError("not connected")
        arrival = Arrival(now, packet, len(ns.dumps(packet).encode("utf-8")))
        if callback is None:
            with self.lock:
                self.arrivals.append(arrival)
        elif self.ack == "at_once":
            with self.lock:
                self.arrivals.append(arrival)
            callback(True)
        elif self.ack == "thread":
            with self.lock:
                self.arrivals.append(arrival)
            threading.Timer(0.005, callback, args=(True,)).start()
        else:
            with self.lock:
                self.held.append((arrival, callback))

    def answer_acks(self) -> None:
        with self.lock:
            held, self.held = self.held, []
            self.arrivals += [arrival for arrival, _ in held]
        for _, callback in held:
            callback(True)

    def drop(self) -> None:
        """The connection dies with the packets the server has not acknowledged."""
        with self.lock:
            self.connected = False
            self.held.clear()

    def samples(self, stream_id: str) -> list[float]:
        """First channel of every sample the stream delivered, in arrival order."""
        with self.lock:
            return [
                row[0]
                for arrival in self.arrivals
                if arrival.packet.stream_id == stream_id
                for row in arrival.packet.data.sample
            ]


def sensor(stream_id: str, channels: int = 2) -> ns.SensorInfo:
    return ns.SensorInfo(
        device_type=ns.DeviceType.EEG,
        channel_count=channels,
        channel_map=[f"c{i}" for i in range(channels)],
        sampling_frequency=256.0,
        manufacturer_id="test",
        sensor_id=stream_id,
        stream_id=stream_id,
    )


SENSORS = {name: sensor(name) for name in ("a", "b", "c")}


@pytest.fixture
def make_queue() -> Iterator[Callable[..., HiaSendQueue]]:
    """Queues that are closed (and their threads stopped) after the test, whatever happened."""
    made: list[HiaSendQueue] = []

    def make(sink: ThreadSink, **kwargs: Any) -> HiaSendQueue:
        settings: dict[str, Any] = {"hia_id": "h1", "sensors": SENSORS, "min_interval": INTERVAL}
        queue = HiaSendQueue(sink, **{**settings, **kwargs})
        made.append(queue)
        return queue

    yield make
    for queue in made:
        with contextlib.suppress(TimeoutError, RuntimeError):
            queue.close(timeout=0)


def rows(start: int, count: int) -> list[list[float]]:
    return [[float(i), 0.5] for i in range(start, start + count)]


def send_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("neurospeed-send-")]


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.005)


def test_the_thread_delivers_every_stream_in_order_split_and_paced(make_queue: Any) -> None:
    sink = ThreadSink()
    queue = make_queue(sink, max_packet_bytes=400)
    for start in range(0, 60, 20):
        for stream_id in SENSORS:
            queue.send(stream_id, rows(start, 20))
    queue.flush(timeout=5)

    for stream_id in SENSORS:
        assert sink.samples(stream_id) == [float(i) for i in range(60)]
        times = [a.time for a in sink.arrivals if a.packet.stream_id == stream_id]
        # measured here, not by the worker: allow for a thread switch between the two
        assert min(b - a for a, b in itertools.pairwise(times)) >= INTERVAL - 0.005
    assert max(a.size for a in sink.arrivals) <= 400
    stats = queue.stats()
    assert stats.total.samples_sent == 180
    assert stats.total.packets_sent == len(sink.arrivals)
    assert stats.total.bytes_sent == sum(a.size for a in sink.arrivals)
    assert stats.total.largest_packet_bytes == max(a.size for a in sink.arrivals)
    assert stats.streams["a"].samples_sent == 60
    assert stats.total.samples_queued == 0
    assert len(send_threads()) == 1


def test_labels_are_bound_when_samples_are_queued(make_queue: Any) -> None:
    sink = ThreadSink(connected=False)
    queue = make_queue(sink)
    queue.set_label("rest")
    queue.send("a", rows(0, 2))
    queue.set_labels(["task", "block:1"])
    queue.send("a", rows(2, 2), onetime_labels=["stimulus"])
    queue.clear_labels()
    queue.send("a", rows(4, 1))
    sink.connected = True
    queue.wake()
    queue.flush(timeout=5)
    experiments = [a.packet.experiment for a in sink.arrivals]
    assert [(e.packet_labels, e.onetime_labels) for e in experiments] == [
        (["rest"], []),
        (["task", "block:1"], ["stimulus"]),
        ([], []),
    ]


def test_data_waits_while_disconnected_then_goes_out_in_order(make_queue: Any) -> None:
    sink = ThreadSink(connected=False)
    queue = make_queue(sink)
    queue.send("a", rows(0, 5))
    time.sleep(0.1)
    assert sink.arrivals == []
    assert queue.stats().streams["a"].samples_queued == 5
    queue.send("a", rows(5, 5))
    sink.connected = True  # no wake(): the thread notices on its own
    queue.flush(timeout=5)
    assert sink.samples("a") == [float(i) for i in range(10)]


def test_a_refused_emit_is_retried_first(make_queue: Any) -> None:
    sink = ThreadSink()
    sink.refuse = True
    queue = make_queue(sink, max_packet_bytes=200)
    queue.send("a", rows(0, 10))
    wait_until(lambda: queue.stats().total.emit_failures >= 2)
    sink.refuse = False
    queue.flush(timeout=5)
    assert sink.samples("a") == [float(i) for i in range(10)]


def test_send_direct_sends_now_split_and_counted(make_queue: Any) -> None:
    sink = ThreadSink()
    queue = make_queue(sink, max_packet_bytes=300, min_interval=10.0)
    queue.send_direct("b", rows(0, 20), onetime_labels=["go"])
    assert sink.samples("b") == [float(i) for i in range(20)]
    assert len(sink.arrivals) > 1
    assert [a.packet.experiment.onetime_labels for a in sink.arrivals][:2] == [["go"], []]
    assert all(a.size <= 300 for a in sink.arrivals)
    stats = queue.stats().streams["b"]
    assert (stats.direct_packets, stats.packets_sent, stats.samples_sent) == (
        len(sink.arrivals),
        len(sink.arrivals),
        20,
    )


def test_send_direct_refuses_to_drop_data_silently(make_queue: Any) -> None:
    sink = ThreadSink(connected=False)
    queue = make_queue(sink)
    with pytest.raises(NotConnected, match="stream 'a': not connected; 3 samples were not sent"):
        queue.send_direct("a", rows(0, 3))
    sink.connected = True
    sink.refuse = True
    with pytest.raises(DirectSendFailed, match="stream 'a': the sink refused packet 1 of 1"):
        queue.send_direct("a", rows(0, 3))


def test_a_full_queue_raises_at_once_with_the_raise_policy(make_queue: Any) -> None:
    queue = make_queue(ThreadSink(connected=False), max_queued_samples=5, when_full="raise")
    queue.send("a", rows(0, 3))
    message = r"stream 'a': queue full \(3 of 5 samples queued, 3 more requested\)"
    with pytest.raises(QueueFull, match=message) as caught:
        queue.send("a", rows(3, 3))
    assert (caught.value.stream_id, caught.value.queued, caught.value.requested) == ("a", 3, 3)
    queue.send("b", rows(0, 5))  # the limit is per stream
    assert queue.stats().total.samples_queued == 8


def test_a_full_queue_blocks_then_raises_with_the_block_policy(make_queue: Any) -> None:
    queue = make_queue(ThreadSink(connected=False), max_queued_samples=5, block_timeout=0.05)
    queue.send("a", rows(0, 5))
    started = time.monotonic()
    with pytest.raises(QueueFull, match="stream 'a': queue full"):
        queue.send("a", rows(5, 1))
    assert 0.04 <= time.monotonic() - started < 2


def test_a_blocked_send_goes_through_once_the_thread_makes_room(make_queue: Any) -> None:
    sink = ThreadSink()
    queue = make_queue(sink, max_queued_samples=4, max_packet_bytes=200, block_timeout=5)
    queue.send("a", rows(0, 4))
    queue.send("a", rows(4, 4))  # blocks until packets went out
    queue.flush(timeout=5)
    assert sink.samples("a") == [float(i) for i in range(8)]


def test_flush_times_out_naming_what_remains(make_queue: Any) -> None:
    queue = make_queue(ThreadSink(connected=False))
    queue.send("a", rows(0, 2))
    queue.send("c", rows(0, 1))
    message = (
        r"3 samples still unsent after 0.05 s \(stream 'a': 2, stream 'c': 1\);"
        " the sink is not connected"
    )
    with pytest.raises(TimeoutError, match=message):
        queue.flush(timeout=0.05)


def test_close_drains_stops_the_thread_and_refuses_more(make_queue: Any) -> None:
    sink = ThreadSink()
    queue = make_queue(sink, max_packet_bytes=300)
    queue.send("a", rows(0, 30))
    queue.close(timeout=5)
    assert sink.samples("a") == [float(i) for i in range(30)]
    assert send_threads() == []
    assert queue.closed
    with pytest.raises(QueueClosed, match="the send queue is closed"):
        queue.send("a", rows(0, 1))
    with pytest.raises(QueueClosed):
        queue.send_direct("a", rows(0, 1))
    queue.close()  # a second close does nothing


def test_close_that_cannot_drain_says_so_and_releases_blocked_senders(make_queue: Any) -> None:
    queue = make_queue(ThreadSink(connected=False), max_queued_samples=2, block_timeout=5)
    queue.send("a", rows(0, 2))
    errors: list[BaseException] = []

    def blocked_send() -> None:
        try:
            queue.send("a", rows(2, 1))
        except BaseException as exc:
            errors.append(exc)

    sender = threading.Thread(target=blocked_send)
    sender.start()
    time.sleep(0.05)
    with pytest.raises(TimeoutError, match=r"2 samples still unsent after 0.05 s"):
        queue.close(timeout=0.05)
    sender.join(timeout=2)
    assert not sender.is_alive()
    assert [type(e) for e in errors] == [QueueClosed]
    assert send_threads() == []


def test_the_context_manager_drains_on_exit(make_queue: Any) -> None:
    sink = ThreadSink()
    with make_queue(sink) as queue:
        queue.send("c", rows(0, 3))
    assert sink.samples("c") == [0.0, 1.0, 2.0]
    assert send_threads() == []


@pytest.mark.parametrize("ack", ["at_once", "thread"])
def test_acknowledge_mode_waits_for_the_server(make_queue: Any, ack: str) -> None:
    sink = ThreadSink(ack=ack)
    queue = make_queue(sink, acknowledge=True, max_packet_bytes=200)
    for stream_id in SENSORS:
        queue.send(stream_id, rows(0, 10))
    queue.flush(timeout=5)
    for stream_id in SENSORS:
        assert sink.samples(stream_id) == [float(i) for i in range(10)]
    stats = queue.stats().total
    assert (stats.packets_in_flight, stats.packets_resent, stats.samples_queued) == (0, 0, 0)


def test_acknowledge_mode_resends_what_a_dead_connection_swallowed(make_queue: Any) -> None:
    sink = ThreadSink(ack="later")
    queue = make_queue(sink, acknowledge=True)
    queue.send("a", rows(0, 3))
    wait_until(lambda: len(sink.held) == 1)
    assert queue.stats().streams["a"].packets_in_flight == 1
    with pytest.raises(TimeoutError, match=r"3 samples still unsent"):
        queue.flush(timeout=0.05)  # sent, but not acknowledged
    sink.drop()  # e.g. the server restarts before it acknowledges
    time.sleep(0.1)
    sink.connected = True
    queue.wake()
    wait_until(lambda: len(sink.held) == 1)
    sink.answer_acks()
    queue.flush(timeout=5)
    assert sink.samples("a") == [0.0, 1.0, 2.0]
    stats = queue.stats().streams["a"]
    assert (stats.packets_sent, stats.packets_resent) == (1, 1)


def test_a_reported_disconnect_resends_even_if_the_poll_missed_it(make_queue: Any) -> None:
    sink = ThreadSink(ack="later")
    queue = make_queue(sink, acknowledge=True)
    queue.send("a", rows(0, 3))
    wait_until(lambda: len(sink.held) == 1)
    sink.held.clear()  # the connection blinked between two polls
    queue.connection_lost()  # as the socket's disconnect handler would say
    wait_until(lambda: len(sink.held) == 1)
    sink.answer_acks()
    queue.flush(timeout=5)
    assert sink.samples("a") == [0.0, 1.0, 2.0]
    assert queue.stats().streams["a"].packets_resent == 1


def test_a_failed_thread_is_reported_not_hidden(
    make_queue: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Schedule, now: float, connected: bool) -> list[Any]:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(Schedule, "due", broken)
    queue = make_queue(ThreadSink())
    queue.send("a", rows(0, 1))
    with pytest.raises(RuntimeError, match="the send thread failed"):
        queue.flush(timeout=5)
    with pytest.raises(RuntimeError, match="the send thread failed"):
        queue.send("a", rows(1, 1))
