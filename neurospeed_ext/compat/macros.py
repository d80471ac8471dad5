"""The manual's recorder and exporter macros (sections 6.2 and 7.1.1), and the
published package's, over `neurospeed_ext.recording`.

Where the two disagree both forms work: `stop_recording(recorder_id)` (the manual; the
customer auth that started the recorder in this process is remembered) and
`stop_recording(customer_auth, recorder_id)` (published); `delete_recording` likewise.
Every macro polls with bounded waits (`poll_interval`, `timeout`: short for a server on
this machine, patient for the cloud) and raises a typed error naming the failed step
(`MacroError`, `MacroTimeout`, `AccessDeniedError`); none prints or returns None on
failure. `api_config` is accepted where the published macros take it; by default the
auth handler's server is used.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, overload

import neurospeed_api as ns

from .. import recording
from ..download import safe_filename
from .auth import Auth_AS_Customer_handler, AuthHandler
from .errors import AccessDeniedError
from .sensors import get_stream_id_from_sensor_info
from .util import ApiConfigArgument
from .wire import as_id, client_for, to_wire

log = logging.getLogger(__name__)

PUBLISHED_POLL_INTERVAL = 2.0
"""Seconds between the published download macro's polls, to turn `max_query_attemps`
into a timeout."""

__all__ = [
    "delete_recording",
    "download_data",
    "find_running_recorder",
    "get_all_existing_users",
    "get_stream_id_from_sensor_info",
    "start_recording",
    "stop_recording",
]


class _StartedRecorders:
    """Which customer auth started which recorder in this process (for the manual's
    `stop_recording(recorder_id)`, which takes no auth)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[int, AuthHandler] = {}

    def remember(self, recorder_id: int, auth: AuthHandler) -> None:
        with self._lock:
            self._by_id[recorder_id] = auth

    def forget(self, recorder_id: int) -> None:
        with self._lock:
            self._by_id.pop(recorder_id, None)

    def auth_of(self, recorder_id: int, macro: str) -> AuthHandler:
        with self._lock:
            auth = self._by_id.get(recorder_id)
        if auth is None:
            raise ValueError(
                f"{macro}: recorder {recorder_id} was not started by start_recording in this"
                f" process, so its customer is unknown; call {macro}(customer_auth,"
                f" {recorder_id})"
            )
        return auth


_STARTED = _StartedRecorders()


def start_recording(
    customer_auth: Auth_AS_Customer_handler,
    hia_config: Mapping[str, Any] | str,
    recorder_name: str = "recording",
    api_config: ApiConfigArgument = None,
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> int:
    """Start recording the user named by `hia_config["username"]`; the recorder id.

    Blocks until the recorder records. A recorder the user left open is stopped first
    (a user has at most one). AccessDeniedError without recordings access.
    """
    client = client_for(customer_auth, api_config)
    _require_recordings(client)
    username = _username_of(hia_config)
    recorder = recording.start_recording(
        client, username, recorder_name, poll_interval=poll_interval, timeout=timeout
    )
    _STARTED.remember(recorder.id, customer_auth)
    log.info("recording %s with recorder %d", username, recorder.id)
    return recorder.id


@overload
def stop_recording(
    recorder_id: int | str,
    /,
    *,
    api_config: ApiConfigArgument = None,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> dict[str, Any]: ...


@overload
def stop_recording(
    customer_auth: AuthHandler,
    recorder_id: int | str,
    /,
    api_config: ApiConfigArgument = None,
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> dict[str, Any]: ...


def stop_recording(
    *args: Any,
    customer_auth: AuthHandler | None = None,
    recorder_id: int | str | None = None,
    api_config: ApiConfigArgument = None,
    poll_interval: float | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Stop a recorder (final) and block until it is stopped; the stopped recorder.

    `stop_recording(recorder_id)` or `stop_recording(customer_auth, recorder_id)`.
    """
    auth, number, api_config = _auth_and_id(
        "stop_recording", args, customer_auth, recorder_id, api_config
    )
    client = client_for(auth, api_config)
    _require_recordings(client)
    stopped = recording.stop_recording(client, number, poll_interval=poll_interval, timeout=timeout)
    return to_wire(stopped)


@overload
def delete_recording(
    recorder_id: int | str, /, *, api_config: ApiConfigArgument = None
) -> None: ...


@overload
def delete_recording(
    customer_auth: AuthHandler, recorder_id: int | str, /, api_config: ApiConfigArgument = None
) -> None: ...


def delete_recording(
    *args: Any,
    customer_auth: AuthHandler | None = None,
    recorder_id: int | str | None = None,
    api_config: ApiConfigArgument = None,
) -> None:
    """Delete a recorder: `delete_recording(recorder_id)` or `(customer_auth, recorder_id)`."""
    auth, number, api_config = _auth_and_id(
        "delete_recording", args, customer_auth, recorder_id, api_config
    )
    client = client_for(auth, api_config)
    _require_recordings(client)
    recording.delete_recording(client, number)
    _STARTED.forget(number)


def download_data(
    customer_auth: Auth_AS_Customer_handler,
    recorder_id: int | str,
    exporter_config: Mapping[str, Any] | ns.ExporterConfig,
    hia_config: Mapping[str, Any] | str | None,
    save_folder: str | os.PathLike[str],
    max_query_attemps: int | None = None,
    api_config: ApiConfigArgument = None,
    *,
    poll_interval: float | None = None,
    timeout: float | None = None,
    progress: bool | None = None,
) -> str:
    """Export a recording to CSV and download it into `save_folder`; the file's absolute
    path.

    The file is named from `custom_name` (made safe) with a timestamp suffix, so reruns
    never overwrite an earlier download. `hia_config` names the user, checked against
    the recorder's. `max_query_attemps` (published) bounds the wait as that many 2 s
    polls unless `timeout` is given. The download streams to disk (resumable, TLS
    verified), so exports of hundreds of MB take constant memory.
    """
    client = client_for(customer_auth, api_config)
    _require_recordings(client)
    number = as_id(recorder_id, "recorder_id")
    if hia_config is not None:
        _check_owner(client, number, _username_of(hia_config))
    settings = recording.exporter_config(exporter_config, number)
    if timeout is None and max_query_attemps is not None:
        timeout = max_query_attemps * (poll_interval or PUBLISHED_POLL_INTERVAL)
    folder = Path(save_folder).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    path = recording.download_data(
        client,
        number,
        folder,
        settings,
        filename=_fresh_name(folder, settings.custom_name, number),
        overwrite=False,
        progress=progress,
        poll_interval=poll_interval,
        timeout=timeout,
    )
    return str(path.resolve())


def find_running_recorder(
    customer_auth: Auth_AS_Customer_handler,
    username: str,
    api_config: ApiConfigArgument = None,
) -> int | None:
    """The id of the user's recorder that is not stopped, or None when there is none."""
    client = client_for(customer_auth, api_config)
    for recorder in recording.list_recordings(client, username):
        if recorder.status != ns.RecorderStatus.STOPPED:
            return recorder.id
    return None


def get_all_existing_users(
    customer_auth: Auth_AS_Customer_handler,
    page_number: int = 1,
    page_size: int = 50,
    api_config: ApiConfigArgument = None,
) -> list[dict[str, Any]]:
    """One page of the customer's users, as a list of user dicts."""
    client = client_for(customer_auth, api_config)
    pager = ns.PageRequest(page_number=page_number, page_size=page_size)
    return [to_wire(user) for user in client.users.list(pager=pager, filters={})]


# -- helpers ---------------------------------------------------------------------------


def _require_recordings(client: ns.Client) -> None:
    if not client.customers.recordings_access():
        raise AccessDeniedError("the customer account has no access to recordings")


def _username_of(hia_config: Mapping[str, Any] | str) -> str:
    if isinstance(hia_config, str):
        return hia_config
    username = hia_config.get("username") if isinstance(hia_config, Mapping) else None
    if not isinstance(username, str) or not username:
        raise ValueError("hia_config must hold the user's 'username' (the user-level config)")
    return username


def _auth_and_id(
    macro: str,
    args: tuple[Any, ...],
    customer_auth: AuthHandler | None,
    recorder_id: int | str | None,
    api_config: ApiConfigArgument,
) -> tuple[AuthHandler, int, ApiConfigArgument]:
    """(auth, recorder id, api_config) from either call form."""
    given = list(args)
    if given and isinstance(given[0], AuthHandler):
        if customer_auth is not None:
            raise TypeError(f"{macro}: customer_auth given twice")
        customer_auth = given.pop(0)
    if given and recorder_id is None:
        recorder_id = given.pop(0)
    if given and customer_auth is not None and api_config is None:
        api_config = given.pop(0)  # published: (customer_auth, recorder_id, api_config)
    if given:
        raise TypeError(f"{macro}: unexpected arguments {given!r}")
    if recorder_id is None:
        raise TypeError(f"{macro}: recorder_id is required")
    number = as_id(recorder_id, "recorder_id")
    auth = customer_auth if customer_auth is not None else _STARTED.auth_of(number, macro)
    return auth, number, api_config


def _check_owner(client: ns.Client, recorder_id: int, username: str) -> None:
    owner = client.recorder.get(recorder_id).username
    if owner is not None and owner != username:
        raise ValueError(
            f"recorder {recorder_id} records {owner!r}, not {username!r} named by hia_config"
        )


def _fresh_name(folder: Path, custom_name: str, recorder_id: int) -> str:
    """`<custom_name>_<YYYYmmdd-HHMMSS>.csv`, with `-2`, `-3`... if that exists already."""
    base = safe_filename(custom_name, default=f"recording-{recorder_id}.csv")
    stem = base[: -len(".csv")] if base.lower().endswith(".csv") else base
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        extra = "" if attempt == 1 else f"-{attempt}"
        name = safe_filename(f"{stem}_{stamp}{extra}.csv")
        if not (folder / name).exists() and not (folder / f"{name}.part").exists():
            return name
    raise FileExistsError(f"no free file name for {base!r} in {folder}")
