"""Property tests of the send queue's pure core, driven by a simulated clock.

A recording sink plays the socket (and, in acknowledge mode, the server): it can be
disconnected, refuse an emit, lose the acknowledgements pending at a disconnect or answer
with a refusal. Whatever happens, every sample must reach the server exactly once, in
order, under the byte limit, at the rate limit, with the labels it was queued with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import neurospeed_api as ns
from neurospeed_ext.upstream.packing import Batch, encoded_row_sizes
from neurospeed_ext.upstream.schedule import Schedule

HIA_ID = "hia-é1"  # non-ASCII on purpose: sizes are counted in UTF-8 bytes
LABELS = ["phase one", "rest", "task:2", "a.b-c_d"]


def sensor(stream_id: str, channels: int) -> ns.SensorInfo:
    return ns.SensorInfo(
        device_type=ns.DeviceType.USER_DATA,
        channel_count=channels,
        channel_map=[f"c{i}" for i in range(channels)],
        sampling_frequency=100.0,
        manufacturer_id="test",
        sensor_id=stream_id,
        stream_id=stream_id,
    )


@dataclass
class Received:
    """One packet as the server got it, with the time its emission started."""

    time: float
    packet: ns.PipelinePacket


@dataclass
class RecordingSink:
    """The socket and the server: records what arrives, holds acknowledgements back."""

    connected: bool = True
    fail_next: bool = False
    acknowledge: bool = False
    ack_at_once: bool = False  # the server's answer comes before emit_pipeline returns
    attempts: dict[str, list[float]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    pending_acks: list[tuple[Received, Callable[..., None]]] = field(default_factory=list)
    now: float = 0.0

    def is_connected(self) -> bool:
        return self.connected

    def emit_pipeline(
        self, packet: ns.PipelinePacket, /, *, callback: Callable[..., None] | None = None
    ) -> None:
        self.attempts.setdefault(packet.stream_id, []).append(self.now)
        if not self.connected or self.fail_next:
            self.fail_next = False
            raise ConnectionError("not connected")
        arrival = Received(self.now, packet)
        if self.acknowledge:
            assert callback is not None
            self.pending_acks.append((arrival, callback))
            if self.ack_at_once:
                self.answer_acks(accept=True)
        else:
            self.received.append(arrival)

    def answer_acks(self, accept: bool) -> None:
        """The server processes what it holds: accepted packets count as received."""
        pending, self.pending_acks = self.pending_acks, []
        for arrival, callback in pending:
            if accept:
                self.received.append(arrival)
                callback(True)
            else:
                callback(False)

    def drop(self) -> None:
        """The connection dies: packets not yet acknowledged are lost with it."""
        self.connected = False
        self.pending_acks.clear()


@dataclass
class Sent:
    """What the test queued: a row's id, its labels and its batch's one-time labels."""

    labels: tuple[str, ...]
    onetime: tuple[str, ...]
    first_of_batch: bool


class Harness:
    """Drives a Schedule the way the worker thread does, with a simulated clock."""

    def __init__(self, schedule: Schedule, sink: RecordingSink) -> None:
        self.schedule = schedule
        self.sink = sink
        self.now = 0.0
        self.sent: dict[str, dict[int, Sent]] = {}
        self.order: dict[str, list[int]] = {}
        self.next_id = 0

    def pump(self) -> None:
        connected = self.sink.is_connected()
        if not connected:
            self.schedule.connection_lost()
        self.sink.now = self.now
        for emission in self.schedule.due(self.now, connected):
            callback = self._ack_callback(emission.stream_id, emission.seq)
            try:
                self.sink.emit_pipeline(emission.packet, callback=callback)
            except ConnectionError:
                self.schedule.report(emission, False, self.now)
            else:
                actual = len(ns.dumps(emission.packet).encode("utf-8"))
                assert emission.packed.size == actual, "predicted size is not the encoded size"
                self.schedule.report(emission, True, self.now)

    def _ack_callback(self, stream_id: str, seq: int) -> Callable[..., None]:
        def on_ack(*args: Any) -> None:
            self.schedule.acknowledge(stream_id, seq, not args or bool(args[0]))

        return on_ack

    def send(
        self,
        stream_id: str,
        rows: list[list[float]],
        labels: tuple[str, ...],
        onetime: tuple[str, ...],
    ) -> bool:
        """Queue rows whose first value is a unique id; False if they could never fit."""
        ids = list(range(self.next_id, self.next_id + len(rows)))
        self.next_id += len(rows)
        rows = [[float(i), *row] for i, row in zip(ids, rows, strict=True)]
        sizes = encoded_row_sizes(rows)
        try:
            self.schedule.envelope(stream_id).check_fits(
                sizes, labels, onetime, self.schedule.max_packet_bytes
            )
        except ValueError:
            return False
        self.schedule.enqueue(stream_id, Batch(rows, sizes, labels, onetime))
        for n, i in enumerate(ids):
            self.sent.setdefault(stream_id, {})[i] = Sent(labels, onetime, n == 0)
            self.order.setdefault(stream_id, []).append(i)
        return True

    def drain(self) -> None:
        """Reconnect and follow next_wakeup() like the worker until nothing is pending."""
        self.sink.connected = True
        self.sink.fail_next = False
        for _ in range(10_000):
            self.pump()
            self.sink.answer_acks(accept=True)
            if self.schedule.idle():
                return
            wakeup = self.schedule.next_wakeup(self.now, True)
            assert wakeup is not None, "work pending but no wakeup"
            self.now = max(self.now, wakeup)
        raise AssertionError("the schedule did not drain")


# -- strategies ------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(
    -(2**63), 2**63 - 1
)
actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("send"),
            st.integers(0, 2),
            st.integers(0, 25),
            st.lists(st.sampled_from(LABELS), max_size=2, unique=True).map(tuple),
        ),
        st.tuples(
            st.just("labels"), st.lists(st.sampled_from(LABELS), max_size=2, unique=True).map(tuple)
        ),
        st.tuples(st.just("advance"), st.floats(0, 0.5)),
        st.tuples(st.just("disconnect")),
        st.tuples(st.just("connect")),
        st.tuples(st.just("fail_next")),
        st.tuples(st.just("ack"), st.booleans()),
    ),
    max_size=40,
)


@given(
    data=st.data(),
    widths=st.lists(st.integers(1, 4), min_size=3, max_size=3),
    limit=st.integers(350, 1500),
    interval=st.sampled_from([0.0, 0.05, 0.2]),
    acknowledge=st.booleans(),
    ack_at_once=st.booleans(),
    script=actions,
)
def test_every_sample_arrives_once_in_order_labelled_and_paced(
    data: st.DataObject,
    widths: list[int],
    limit: int,
    interval: float,
    acknowledge: bool,
    ack_at_once: bool,
    script: list[tuple[Any, ...]],
) -> None:
    streams = {f"s{i}-ü": sensor(f"s{i}-ü", w) for i, w in enumerate(widths)}
    stream_ids = list(streams)
    schedule = Schedule(
        hia_id=HIA_ID,
        sensors=streams,
        max_packet_bytes=limit,
        min_interval=interval,
        acknowledge=acknowledge,
        ack_timeout=1e6,  # a timeout resends while the first ack may still come: a duplicate
        reconnect_poll=0.05,
    )
    sink = RecordingSink(acknowledge=acknowledge, ack_at_once=ack_at_once)
    harness = Harness(schedule, sink)
    labels: tuple[str, ...] = ()
    for action in script:
        match action:
            case ("send", index, count, onetime):
                stream_id = stream_ids[index]
                width = widths[index]
                row = st.lists(finite, min_size=width, max_size=width)
                rows = data.draw(st.lists(row, min_size=count, max_size=count))
                harness.send(stream_id, rows, labels, onetime if rows else ())
            case ("labels", new):
                labels = new
            case ("advance", dt):
                harness.now += dt
            case ("disconnect",):
                sink.drop()
            case ("connect",):
                sink.connected = True
            case ("fail_next",):
                sink.fail_next = True
            case ("ack", accept):
                sink.answer_acks(accept)
        harness.pump()
    harness.drain()

    check_exactly_once_in_order(harness)
    check_sizes(sink, limit)
    check_pacing(sink, interval)
    check_labels(harness)
    assert schedule.stats().total.samples_queued == 0


def check_exactly_once_in_order(harness: Harness) -> None:
    got: dict[str, list[int]] = {}
    for arrival in harness.sink.received:
        got.setdefault(arrival.packet.stream_id, []).extend(
            int(row[0]) for row in arrival.packet.data.sample
        )
    assert got == {sid: ids for sid, ids in harness.order.items() if ids}
    stats = harness.schedule.stats()
    assert stats.total.samples_sent == sum(len(ids) for ids in harness.order.values())
    assert stats.total.packets_sent == len(harness.sink.received)


def check_sizes(sink: RecordingSink, limit: int) -> None:
    for arrival in sink.received:
        assert len(ns.dumps(arrival.packet).encode("utf-8")) <= limit


def check_pacing(sink: RecordingSink, interval: float) -> None:
    for times in sink.attempts.values():
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert all(gap >= interval - 1e-9 for gap in gaps), gaps


def check_labels(harness: Harness) -> None:
    for arrival in harness.sink.received:
        packet = arrival.packet
        sent = harness.sent[packet.stream_id]
        firsts = [sent[int(row[0])] for row in packet.data.sample]
        expected_onetime: list[str] = []
        for entry in firsts:
            assert tuple(packet.experiment.packet_labels) == entry.labels
            if entry.first_of_batch:
                expected_onetime += [x for x in entry.onetime if x not in expected_onetime]
        assert packet.experiment.onetime_labels == expected_onetime


# -- deterministic properties of the core ------------------------------------------------


def saturated(limit: int, interval: float) -> tuple[Harness, list[float]]:
    streams = {"eeg": sensor("eeg", 8)}
    schedule = Schedule(
        hia_id="h1",
        sensors=streams,
        max_packet_bytes=limit,
        min_interval=interval,
        acknowledge=False,
        ack_timeout=1.0,
        reconnect_poll=0.05,
    )
    harness = Harness(schedule, RecordingSink())
    harness.send("eeg", [[0.1234567 * i] * 8 for i in range(3000)], (), ())
    harness.drain()
    return harness, harness.sink.attempts["eeg"]


def test_a_saturated_stream_sends_full_packets_at_fixed_times() -> None:
    harness, times = saturated(limit=65_535, interval=0.2)
    assert [round(b - a, 9) for a, b in itertools.pairwise(times)] == [0.2] * (len(times) - 1)
    packets = [arrival.packet for arrival in harness.sink.received]
    for packet, following in itertools.pairwise(packets):
        size = len(ns.dumps(packet).encode("utf-8"))
        next_row = encoded_row_sizes(following.data.sample[:1])[0]
        assert size <= 65_535 < size + 1 + next_row  # no room for one more row


def test_a_label_change_cuts_the_packet() -> None:
    schedule = Schedule(
        hia_id="h1",
        sensors={"s": sensor("s", 1)},
        max_packet_bytes=65_535,
        min_interval=0.2,
        acknowledge=False,
        ack_timeout=1.0,
        reconnect_poll=0.05,
    )
    harness = Harness(schedule, RecordingSink())
    harness.send("s", [[1.0], [2.0]], ("rest",), ())
    harness.send("s", [[3.0]], ("task",), ("go",))
    harness.drain()
    packets = [arrival.packet for arrival in harness.sink.received]
    assert [p.experiment.packet_labels for p in packets] == [["rest"], ["task"]]
    assert [p.experiment.onetime_labels for p in packets] == [[], ["go"]]
    assert [len(p.data.sample) for p in packets] == [2, 1]


def test_a_stale_acknowledgement_is_ignored_and_a_late_one_saves_a_resend() -> None:
    schedule = Schedule(
        hia_id="h1",
        sensors={"s": sensor("s", 1)},
        max_packet_bytes=65_535,
        min_interval=0.2,
        acknowledge=True,
        ack_timeout=1.0,
        reconnect_poll=0.05,
    )
    sink = RecordingSink(acknowledge=True)
    harness = Harness(schedule, sink)
    harness.send("s", [[1.0]], (), ())
    harness.pump()
    (_, callback) = sink.pending_acks.pop()
    sink.connected = False
    harness.pump()  # the connection is lost: the packet is due again
    callback(True)  # ...but the server's acknowledgement still arrives
    assert schedule.idle()
    callback(True)  # a second, stale one changes nothing
    assert schedule.stats().total.packets_sent == 1


def test_a_missing_acknowledgement_times_out_and_the_packet_is_resent() -> None:
    schedule = Schedule(
        hia_id="h1",
        sensors={"s": sensor("s", 1)},
        max_packet_bytes=65_535,
        min_interval=0.2,
        acknowledge=True,
        ack_timeout=1.0,
        reconnect_poll=0.05,
    )
    sink = RecordingSink(acknowledge=True)
    harness = Harness(schedule, sink)
    harness.send("s", [[1.0]], (), ())
    harness.pump()
    sink.pending_acks.clear()  # lost without a disconnect
    assert schedule.next_wakeup(harness.now, True) == 0.05  # a look at the connection
    harness.now = 0.99
    harness.pump()
    assert sink.attempts["s"] == [0.0]
    harness.now = 1.0
    harness.pump()
    sink.answer_acks(accept=True)
    stats = schedule.stats().total
    assert (stats.packets_sent, stats.packets_resent, stats.samples_queued) == (1, 1, 0)
