"""Recorder and exporter macros over the generated client, with typed failures.

Every macro takes a customer-level `ns.Client`, polls with `poll_interval`/`timeout`
(short for the sandbox, patient for the cloud), logs its progress and raises
`MacroError` (or `MacroTimeout`) naming the failed step; none returns None on failure.
"""

from .errors import MacroError, MacroTimeout
from .exporter import download_data, download_export, export_recording, exporter_config
from .polling import CLOUD_POLLING, LOCAL_POLLING, Polling, polling_for
from .recorder import delete_recording, list_recordings, start_recording, stop_recording

__all__ = [
    "CLOUD_POLLING",
    "LOCAL_POLLING",
    "MacroError",
    "MacroTimeout",
    "Polling",
    "delete_recording",
    "download_data",
    "download_export",
    "export_recording",
    "exporter_config",
    "list_recordings",
    "polling_for",
    "start_recording",
    "stop_recording",
]
