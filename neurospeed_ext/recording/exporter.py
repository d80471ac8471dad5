"""Exporter macros: export a recording to CSV, then download it to disk.

`download_data` creates the exporter, waits until `exported`, asks for the short-lived
signed URL and streams the file (resumable, `<name>.part` until complete).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests

import neurospeed_api as ns

from ..download import download, safe_filename
from .errors import MacroError
from .polling import polling_for, wait_for_status
from .steps import step

log = logging.getLogger(__name__)

ExporterConfigArgument = ns.ExporterConfig | Mapping[str, Any] | None


def exporter_config(config: ExporterConfigArgument, recorder_id: int) -> ns.ExporterConfig:
    """The config as a model; a dict (as in the manual) is checked field by field."""
    if config is None:
        return ns.ExporterConfig(custom_name=f"recording-{recorder_id}.csv")
    if isinstance(config, ns.ExporterConfig):
        return config
    try:
        return ns.structure(dict(config), ns.ExporterConfig)
    except ns.DecodeError as exc:
        raise MacroError("check exporter config", str(exc), recorder_id=recorder_id) from None


def export_recording(
    client: ns.Client,
    recorder_id: int,
    config: ExporterConfigArgument = None,
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> ns.Exporter:
    """Create an exporter for the recorder and return it once `exported`."""
    polling = polling_for(client, poll_interval, timeout)
    settings = exporter_config(config, recorder_id)
    with step("create exporter", recorder_id=recorder_id):
        created = client.exporter.create(recorder_id=recorder_id, exporter_config=settings)
    log.info("exporter %d created for recorder %d", created.id, recorder_id)
    return wait_for_status(
        "wait until exported",
        lambda: client.exporter.get(created.id),
        lambda e: e.status,
        ns.ExporterStatus.EXPORTED,
        polling,
        recorder_id=recorder_id,
        exporter_id=created.id,
    )


def download_export(
    client: ns.Client,
    exporter_id: int,
    destination: str | os.PathLike[str],
    *,
    filename: str | None = None,
    overwrite: bool = False,
    progress: bool | None = None,
    session: requests.Session | None = None,
) -> Path:
    """Download an exported file: a fresh signed URL, then a streamed, resumable transfer."""
    with step("get download URL", exporter_id=exporter_id):
        url = client.exporter.url(exporter_id=exporter_id)
    with step("download", exporter_id=exporter_id):
        path = download(
            url,
            destination,
            filename=filename,
            overwrite=overwrite,
            progress=progress,
            session=session,
        )
    log.info("exporter %d downloaded to %s", exporter_id, path)
    return path


def download_data(
    client: ns.Client,
    recorder_id: int,
    destination: str | os.PathLike[str],
    config: ExporterConfigArgument = None,
    *,
    filename: str | None = None,
    overwrite: bool = False,
    progress: bool | None = None,
    delete_exporter: bool = False,
    poll_interval: float | None = None,
    timeout: float | None = None,
    session: requests.Session | None = None,
) -> Path:
    """Export a recording and download the CSV into the folder `destination` (created
    when missing), named `filename`, else the config's `custom_name` (made safe). With
    `delete_exporter`, the exporter (and the cloud's copy of the file) is deleted after
    a successful download.
    """
    settings = exporter_config(config, recorder_id)
    name = safe_filename(filename or settings.custom_name, default=f"recording-{recorder_id}.csv")
    folder = _checked_folder(Path(destination), name, overwrite, recorder_id)
    exporter = export_recording(
        client, recorder_id, settings, poll_interval=poll_interval, timeout=timeout
    )
    path = download_export(
        client,
        exporter.id,
        folder,
        filename=name,
        overwrite=overwrite,
        progress=progress,
        session=session,
    )
    if delete_exporter:
        with step("delete exporter", recorder_id=recorder_id, exporter_id=exporter.id):
            client.exporter.delete(exporter_id=exporter.id)
    return path


def _checked_folder(folder: Path, name: str, overwrite: bool, recorder_id: int) -> Path:
    """Fail before exporting (minutes on the cloud) when the file could not be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MacroError("check destination", str(exc), recorder_id=recorder_id) from exc
    if not overwrite and (folder / name).exists():
        message = f"{folder / name} exists; pass overwrite=True to replace it"
        raise MacroError("check destination", message, recorder_id=recorder_id)
    return folder
