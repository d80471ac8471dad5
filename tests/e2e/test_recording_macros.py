"""The macros' waits against a slow sandbox: timeouts, clean-up after a failed start, and
a destination checked before anything is exported."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import neurospeed_api as ns
from neurospeed_ext import recording as macros
from neurospeed_ext.sandbox import SandboxServer, Settings
from tests.e2e.client_helpers import customer_client


def test_a_recorder_that_never_records_times_out_and_is_stopped(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    server = start_sandbox(settings=Settings(recorder_pending_delay=30.0))
    with customer_client(server.api_url) as client:
        began = time.monotonic()
        with pytest.raises(macros.MacroTimeout) as caught:
            macros.start_recording(client, "user1", "slow", poll_interval=0.05, timeout=0.3)
        waited = time.monotonic() - began
        error = caught.value
        assert error.step == "wait until recording"
        assert error.last_status == ns.RecorderStatus.PENDING
        assert "still pending after 0.3 s, expected recording" in str(error)
        assert error.recorder_id is not None
        # Not left pending: the next start would have to stop it first.
        assert client.recorder.get(error.recorder_id).status == ns.RecorderStatus.STOPPED
    assert waited < 5  # bounded by the timeout, not by the sandbox's 30 s delay


def test_a_poll_interval_longer_than_the_timeout_does_not_overshoot(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    server = start_sandbox(settings=Settings(recorder_pending_delay=30.0))
    with customer_client(server.api_url) as client:
        began = time.monotonic()
        with pytest.raises(macros.MacroTimeout):
            macros.start_recording(client, "user2", "slow", poll_interval=20.0, timeout=0.2)
        assert time.monotonic() - began < 5


def test_an_existing_file_is_refused_before_the_export(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    (tmp_path / "taken.csv").write_text("keep me")
    with customer_client(sandbox.api_url) as client:
        recorder = macros.start_recording(client, "user1", "existing")
        macros.stop_recording(client, recorder.id)
        exporters_before = len(
            client.exporter.list(
                pager=ns.PageRequest(page_number=1, page_size=50),
                filters=ns.ExporterFilters(username="user1"),
            )
        )
        with pytest.raises(macros.MacroError) as caught:
            macros.download_data(client, recorder.id, tmp_path, {"custom_name": "taken.csv"})
        assert caught.value.step == "check destination"
        exporters_after = len(
            client.exporter.list(
                pager=ns.PageRequest(page_number=1, page_size=50),
                filters=ns.ExporterFilters(username="user1"),
            )
        )
    assert exporters_after == exporters_before
    assert (tmp_path / "taken.csv").read_text() == "keep me"
