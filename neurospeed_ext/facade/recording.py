"""A recording as an object: its id, its status, and what can be done with it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import neurospeed_api as ns

from .. import recording as macros


class Recording:
    """One recorder of one user, bound to the customer client that operates it.

    `record` is the last state fetched (`refresh()` fetches again); the polling
    keywords of the macros (`poll_interval`, `timeout`) apply to every waiting call.
    """

    def __init__(self, client: ns.Client, record: ns.Recorder) -> None:
        self.client = client
        self.record = record

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def status(self) -> ns.RecorderStatus | None:
        return self.record.status

    def refresh(self) -> ns.Recorder:
        self.record = self.client.recorder.get(self.id)
        return self.record

    def stop(self, *, poll_interval: float | None = None, timeout: float | None = None) -> None:
        """Stop recording (final) and wait until the recorder says `stopped`."""
        self.record = macros.stop_recording(
            self.client, self.id, poll_interval=poll_interval, timeout=timeout
        )

    def delete(self) -> None:
        macros.delete_recording(self.client, self.id)

    def export(
        self,
        config: ns.ExporterConfig | Mapping[str, Any] | None = None,
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> ns.Exporter:
        """Export to CSV on the server and return the exporter once `exported`."""
        return macros.export_recording(
            self.client, self.id, config, poll_interval=poll_interval, timeout=timeout
        )

    def download(
        self,
        destination: str | os.PathLike[str] = ".",
        config: ns.ExporterConfig | Mapping[str, Any] | None = None,
        *,
        filename: str | None = None,
        overwrite: bool = False,
        progress: bool | None = None,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> Path:
        """Export and download the CSV into the folder `destination`; returns its path."""
        return macros.download_data(
            self.client,
            self.id,
            destination,
            config,
            filename=filename,
            overwrite=overwrite,
            progress=progress,
            poll_interval=poll_interval,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        name = self.record.recorder_name
        return f"Recording(id={self.id}, name={name!r}, status={self.status})"
