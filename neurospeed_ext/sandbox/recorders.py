"""The recorder life cycle (PROTOCOL 4.1) and the packets a recording keeps.

resource_pending -> pending -> recording happens in a background task, each step after
its configured delay; pause and stop cancel it, resume starts it again from pending.
"""

from __future__ import annotations

import asyncio
import logging

from neurospeed_api import RecorderStatus as Status

from .errors import ApiError
from .records import RecorderRecord, StoredPacket, UserRecord, utc_now
from .state import SandboxState

log = logging.getLogger(__name__)


def active_recorder(state: SandboxState, user: UserRecord) -> RecorderRecord | None:
    """The user's one recorder that is not stopped, if any."""
    return next(
        (r for r in state.recorders.values() if r.user is user and r.is_active),
        None,
    )


def create_recorder(state: SandboxState, user: UserRecord, name: str) -> RecorderRecord:
    existing = active_recorder(state, user)
    if existing is not None:
        raise ApiError(
            409, f"user {user.username!r} already has recorder {existing.id} ({existing.status})"
        )
    recorder = RecorderRecord(id=state.next_id("rec"), user=user, name=name)
    state.recorders[recorder.id] = recorder
    _start(state, recorder, Status.RESOURCE_PENDING)
    log.info("recorder %d created for user %d", recorder.id, user.id)
    return recorder


def update_recorder(state: SandboxState, recorder: RecorderRecord, status: Status) -> None:
    """Pause, resume (`pending`) or stop; stopped is final."""
    if recorder.status == Status.STOPPED:
        raise ApiError(409, f"recorder {recorder.id} is stopped; it cannot change any more")
    if status in (Status.STOPPED, Status.PAUSED):
        _cancel(recorder)
        recorder.status = status
    elif status == Status.PENDING:
        if recorder.status == Status.PAUSED:
            _start(state, recorder, Status.PENDING)
    else:
        raise ApiError(400, f"status: expected paused, pending or stopped, got {status.value!r}")
    recorder.request_status = status
    recorder.updated_at = utc_now()
    log.info("recorder %d: %s requested, now %s", recorder.id, status, recorder.status)


def delete_recorder(state: SandboxState, recorder: RecorderRecord) -> None:
    _cancel(recorder)
    state.recorders.pop(recorder.id, None)
    log.info("recorder %d deleted", recorder.id)


def ingest(state: SandboxState, user: UserRecord, packet: StoredPacket) -> RecorderRecord | None:
    """Keep a packet in the user's history, and in their recorder while it is `recording`."""
    user.history.append(packet)
    recorder = active_recorder(state, user)
    if recorder is None or recorder.status != Status.RECORDING:
        return None
    recorder.packets.append(packet)
    recorder.size += packet.size
    _extend(recorder.stream_ids, [packet.stream_id])
    _extend(recorder.columns, packet.channel_map)
    _extend(recorder.labels, packet.labels)
    for timestamp, _ in packet.rows():
        if recorder.minimum_timestamp is None or timestamp < recorder.minimum_timestamp:
            recorder.minimum_timestamp = timestamp
        if recorder.maximum_timestamp is None or timestamp > recorder.maximum_timestamp:
            recorder.maximum_timestamp = timestamp
    recorder.updated_at = utc_now()
    return recorder


def _extend(target: list[str], values: tuple[str, ...] | list[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)


def _start(state: SandboxState, recorder: RecorderRecord, status: Status) -> None:
    _cancel(recorder)
    recorder.status = status
    recorder.task = state.spawn(_advance(state, recorder), f"recorder-{recorder.id}")


def _cancel(recorder: RecorderRecord) -> None:
    if recorder.task is not None and not recorder.task.done():
        recorder.task.cancel()
    recorder.task = None


async def _advance(state: SandboxState, recorder: RecorderRecord) -> None:
    """Walk the recorder up to `recording`, as the cloud does once resources are there."""
    settings = state.settings
    if recorder.status == Status.RESOURCE_PENDING:
        await asyncio.sleep(settings.recorder_resource_delay)
        _set(recorder, Status.PENDING)
    await asyncio.sleep(settings.recorder_pending_delay)
    _set(recorder, Status.RECORDING)
    recorder.task = None


def _set(recorder: RecorderRecord, status: Status) -> None:
    recorder.status = status
    recorder.updated_at = utc_now()
    log.debug("recorder %d is %s", recorder.id, status)
