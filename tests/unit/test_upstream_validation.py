"""Everything HiaSendQueue refuses, refused before a single sample is queued, with a message
that names the stream, the sample and the channel."""

from __future__ import annotations

import fractions
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import neurospeed_api as ns
from neurospeed_ext.upstream import HiaSendQueue, UnknownStream
from neurospeed_ext.upstream.labels import check_label, check_labels
from neurospeed_ext.upstream.samples import prepare_rows


class OfflineSink:
    """Never connected: whatever is queued stays queued, so stats show it."""

    def is_connected(self) -> bool:
        return False

    def emit_pipeline(
        self, packet: ns.PipelinePacket, /, *, callback: Callable[..., None] | None = None
    ) -> None:
        raise ConnectionError("offline")


def xyz(stream_id: str = "acc", frequency: float = 4.0) -> ns.SensorInfo:
    return ns.SensorInfo(
        device_type=ns.DeviceType.USER_DATA,
        channel_count=3,
        channel_map=["X", "Y", "Z"],
        sampling_frequency=frequency,
        manufacturer_id="test",
        sensor_id=stream_id,
        stream_id=stream_id,
    )


@pytest.fixture
def queue() -> Iterator[HiaSendQueue]:
    q = HiaSendQueue(OfflineSink(), hia_id="h1", sensors={"acc": xyz()}, max_queued_samples=10)
    yield q
    q.close(timeout=0)  # raises TimeoutError if a test left samples queued


def queued(q: HiaSendQueue) -> int:
    return q.stats().total.samples_queued


def test_an_unknown_stream_is_named() -> None:
    q = HiaSendQueue(OfflineSink(), hia_id="h1", sensors={"acc": xyz()})
    with pytest.raises(UnknownStream, match=r"unknown stream 'eeg'; the sensors are \['acc'\]"):
        q.send("eeg", [[1, 2, 3]])
    with pytest.raises(KeyError):
        q.send_direct("eeg", [[1, 2, 3]])


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        ([[1, 2, 3], [1, 2]], r"stream 'acc': sample 1 has 2 values; the stream has 3 channels"),
        ([[1, 2, 3, 4]], r"sample 0 has 4 values"),
        ([[1, True, 3]], r"stream 'acc': sample 0, channel 1 \(Y\): True is not a real number"),
        ([[1, 2, math.nan]], r"sample 0, channel 2 \(Z\): nan is not a finite number"),
        ([[0, 0, 0], [math.inf, 2, 3]], r"sample 1, channel 0 \(X\): inf is not a finite"),
        ([[-math.inf, 2, 3]], r"channel 0 \(X\): -inf is not a finite number"),
        ([[1, "2", 3]], r"sample 0, channel 1 \(Y\): '2' is not a real number"),
        ([[1, None, 3]], r"channel 1 \(Y\): None is not a real number"),
        ([[1, 2, 2**64]], r"channel 2 \(Z\): 18446744073709551616 is outside the 64-bit"),
        (["abc"], r"sample 0 must be a sequence of 3 numbers, not str"),
        ([7], r"sample 0 must be a sequence of 3 numbers, not int"),
        ([{"X": 1, "Y": 2, "Z": 3}], r"sample 0 must be a sequence of 3 numbers, not dict"),
    ],
)
def test_bad_samples_are_refused_and_nothing_is_queued(
    queue: HiaSendQueue, samples: list[Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        queue.send("acc", samples)
    with pytest.raises(ValueError, match=message):
        queue.send_direct("acc", samples)
    assert queued(queue) == 0


@pytest.mark.parametrize(
    ("timestamps", "message"),
    [
        ([1.0], r"stream 'acc': 1 timestamps for 2 samples"),
        ([1.0, math.nan], r"stream 'acc': timestamp 1: nan is not a finite number"),
        ([False, 1.0], r"timestamp 0: False is not a real number"),
        ("12", r"timestamps must be a sequence of numbers"),
    ],
)
def test_bad_timestamps_are_refused(queue: HiaSendQueue, timestamps: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        queue.send("acc", [[1, 2, 3], [4, 5, 6]], timestamps)
    assert queued(queue) == 0


def test_timestamps_and_without_timestamps_conflict(queue: HiaSendQueue) -> None:
    with pytest.raises(ValueError, match="timestamps were given with without_timestamps=True"):
        queue.send("acc", [[1, 2, 3]], [1.0], without_timestamps=True)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "must not be empty"),
        ("a,b", "contains a comma"),
        ("line\nbreak", r"contains '\\n'; allowed: ASCII letters"),
        ("tab\there", r"contains '\\t'"),
        ("caf\u00e9", r"contains '\u00e9'"),
        ("semi;colon", "contains ';'"),
        ('quote"d', "contains '\"'"),
        ("x" * 65, "is 65 characters long; at most 64"),
        (" padded", "leading or trailing spaces"),
        (3, "a label must be a string, not int"),
    ],
)
def test_bad_labels_are_refused(queue: HiaSendQueue, label: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        queue.set_label(label)
    with pytest.raises(ValueError, match=message):
        queue.set_labels(["ok", label])
    with pytest.raises(ValueError, match=message):
        queue.send("acc", [[1, 2, 3]], onetime_labels=[label])
    assert queue.labels == ()
    assert queued(queue) == 0


def test_the_allowed_labels() -> None:
    assert check_label("experiment_phase one: 2.b-c") == "experiment_phase one: 2.b-c"
    assert check_labels(["b", "a", "b"]) == ("b", "a")
    with pytest.raises(ValueError, match="pass a list of labels, not the string 'abc'"):
        check_labels("abc")
    with pytest.raises(ValueError, match="17 labels on one packet; at most 16"):
        check_labels([f"l{i}" for i in range(17)])


def test_one_time_labels_need_a_sample(queue: HiaSendQueue) -> None:
    with pytest.raises(ValueError, match="one-time labels need at least one sample"):
        queue.send("acc", [], onetime_labels=["stimulus"])
    queue.send("acc", [])  # nothing to do, and no error
    assert queued(queue) == 0


def test_more_samples_than_the_capacity_are_refused_at_once(queue: HiaSendQueue) -> None:
    with pytest.raises(
        ValueError, match="11 samples in one call exceed the queue's capacity of 10"
    ):
        queue.send("acc", [[1, 2, 3]] * 11)


def test_a_sample_that_cannot_fit_a_packet_alone_is_refused() -> None:
    q = HiaSendQueue(OfflineSink(), hia_id="h1", sensors={"acc": xyz()}, max_packet_bytes=170)
    q.send("acc", [[1, 2, 3]], without_timestamps=True)  # fits
    with pytest.raises(
        ValueError,
        match=r"stream 'acc': sample 1 takes 42 bytes; with its labels a packet has room for 32",
    ):
        q.send("acc", [[1, 2, 3], [1.5e300, -2.5e-300, 3.123456789012345]], [1.0, 2.0])
    assert queued(q) == 1
    with pytest.raises(TimeoutError):
        q.close(timeout=0)


def test_rows_are_copied_converted_and_stamped_back_from_now() -> None:
    class Row:
        """Sequence-like without being a list (as a numpy row is)."""

        def __init__(self, *values: Any) -> None:
            self.values = values

        def __len__(self) -> int:
            return len(self.values)

        def __iter__(self) -> Iterator[Any]:
            return iter(self.values)

    original = [1, 2.5, 3]
    rows = prepare_rows(
        "acc",
        xyz(frequency=4.0),
        [original, Row(fractions.Fraction(1, 2), 2, 3), (7, 8, 9)],
        None,
        without_timestamps=False,
        wall_clock=lambda: 1000.0,
    )
    assert rows == [(1, 2.5, 3, 999.5), (0.5, 2, 3, 999.75), (7, 8, 9, 1000.0)]
    assert original == [1, 2.5, 3]
    given = prepare_rows(
        "acc", xyz(), [(1, 2, 3)], [5], without_timestamps=False, wall_clock=lambda: 0.0
    )
    assert given == [(1, 2, 3, 5)]
    bare = prepare_rows(
        "acc", xyz(), [(1, 2, 3)], None, without_timestamps=True, wall_clock=lambda: 0.0
    )
    assert bare == [(1, 2, 3)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"when_full": "drop"}, "when_full must be 'block' or 'raise', not 'drop'"),
        ({"max_packet_bytes": 0}, "max_packet_bytes must be > 0"),
        ({"max_queued_samples": 1.5}, "max_queued_samples must be a finite int"),
        ({"min_interval": -1}, "min_interval must be >= 0"),
        ({"sensors": {}}, "sensors must describe at least one stream"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    settings: dict[str, Any] = {"hia_id": "h1", "sensors": {"acc": xyz()}, **kwargs}
    with pytest.raises(ValueError, match=message):
        HiaSendQueue(OfflineSink(), **settings)


def test_inconsistent_sensor_info_is_refused() -> None:
    broken = xyz()
    broken.channel_map = ["X", "Y"]
    with pytest.raises(
        ValueError, match="stream 'acc': channel_map has 2 names, channel_count is 3"
    ):
        HiaSendQueue(OfflineSink(), hia_id="h1", sensors={"acc": broken})
    broken = xyz(frequency=0.0)
    with pytest.raises(ValueError, match="sampling_frequency must be a positive number"):
        HiaSendQueue(OfflineSink(), hia_id="h1", sensors={"acc": broken})
