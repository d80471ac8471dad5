"""The upstream path: an HIA's samples queued, rate-limited, split and sent over /hia.

`Hia` is the entry point for new code: the generated /hia channel plus `HiaSendQueue`,
whose pure, clock-driven core is `Schedule`.
"""

from .errors import (
    DirectSendFailed,
    NotConnected,
    QueueClosed,
    QueueFull,
    SendQueueError,
    UnknownStream,
)
from .hia import Hia, new_hia_id, sensors_from
from .labels import ALLOWED_LABEL_CHARACTERS, MAX_LABEL_LENGTH, MAX_LABELS
from .schedule import Emission, Schedule
from .send_queue import HiaSendQueue
from .sink import PipelineSink
from .stats import QueueStats, StreamStats

__all__ = [
    "ALLOWED_LABEL_CHARACTERS",
    "MAX_LABELS",
    "MAX_LABEL_LENGTH",
    "DirectSendFailed",
    "Emission",
    "Hia",
    "HiaSendQueue",
    "NotConnected",
    "PipelineSink",
    "QueueClosed",
    "QueueFull",
    "QueueStats",
    "Schedule",
    "SendQueueError",
    "StreamStats",
    "UnknownStream",
    "new_hia_id",
    "sensors_from",
]
