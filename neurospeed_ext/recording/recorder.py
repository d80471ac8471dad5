"""Recorder macros: start (stopping a leftover first), stop, delete, list.

A user may have one non-stopped recorder (PROTOCOL 4.1), so `start_recording` stops any
left open by an earlier run before it creates one, then waits until it records.
"""

from __future__ import annotations

import logging

import neurospeed_api as ns

from ..paging import all_pages
from .errors import MacroError
from .polling import Polling, polling_for, wait_for_status
from .steps import step

log = logging.getLogger(__name__)

STOPPED = ns.RecorderStatus.STOPPED


def list_recordings(client: ns.Client, username: str | None = None) -> list[ns.Recorder]:
    """Every recorder of a user (or of all the customer's users), across pages."""
    filters = ns.RecorderFilters(username=username)
    with step("list recorders"):
        return all_pages(lambda pager: client.recorder.list(pager=pager, filters=filters))


def start_recording(
    client: ns.Client,
    username: str,
    recorder_name: str = "recording",
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> ns.Recorder:
    """Stop the user's leftover recorders, create one and return it once `recording`.

    Raises MacroError naming the failed step; MacroTimeout when resources never come.
    A recorder that does not reach `recording` in time is stopped, not left pending.
    """
    polling = polling_for(client, poll_interval, timeout)
    for leftover in list_recordings(client, username):
        if leftover.status != STOPPED:
            log.info("stopping leftover recorder %d of %s", leftover.id, username)
            _stop(client, leftover.id, polling, "stop leftover recorder")
    with step("create recorder"):
        created = client.recorder.create(username=username, recorder_name=recorder_name)
    log.info("recorder %d created for %s", created.id, username)
    try:
        return wait_for_status(
            "wait until recording",
            lambda: client.recorder.get(created.id),
            lambda r: r.status,
            ns.RecorderStatus.RECORDING,
            polling,
            fails_on=frozenset({STOPPED}),
            recorder_id=created.id,
        )
    except MacroError:
        _stop_quietly(client, created.id)
        raise


def stop_recording(
    client: ns.Client,
    recorder_id: int,
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> ns.Recorder:
    """Stop a recorder (final: it cannot record again) and return it once `stopped`."""
    return _stop(client, recorder_id, polling_for(client, poll_interval, timeout), "stop recorder")


def delete_recording(client: ns.Client, recorder_id: int) -> None:
    """Delete a recorder; it disappears from lists (its exports are not touched)."""
    with step("delete recorder", recorder_id=recorder_id):
        client.recorder.delete(recorder_id=recorder_id)
    log.info("recorder %d deleted", recorder_id)


def _stop(client: ns.Client, recorder_id: int, polling: Polling, name: str) -> ns.Recorder:
    with step(name, recorder_id=recorder_id):
        current = client.recorder.get(recorder_id)
        if current.status == STOPPED:
            return current
        client.recorder.update(id=recorder_id, status=STOPPED)
    stopped = wait_for_status(
        name,
        lambda: client.recorder.get(recorder_id),
        lambda r: r.status,
        STOPPED,
        polling,
        recorder_id=recorder_id,
    )
    log.info("recorder %d stopped", recorder_id)
    return stopped


def _stop_quietly(client: ns.Client, recorder_id: int) -> None:
    """Best effort after a failed start; the original error is what the caller needs."""
    try:
        client.recorder.update(id=recorder_id, status=STOPPED)
    except ns.ApiError as exc:
        log.warning("could not stop recorder %d after a failed start: %s", recorder_id, exc)
