"""`E4Connect`, the published e4client's class, over the generated e4connect_api client.

Same calls and results as e4client 1.12 (`auth`, `sessions_list`, `download_session`,
`remove_session`, `purchased_devices`, `user_id()`), without its defects: failures raise
typed errors instead of half-working, `user_id()` is a method that works, downloads are
streamed to `<id>.zip.part` and renamed when complete, and TLS verification stays on.
New code can use the typed `sessions()` and `devices()`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType
from typing import Any

import e4connect_api as e4

from .errors import AuthenticationError, E4Error, ProtocolError
from .progress import ByteProgress
from .servers import resolve_e4_server
from .translate import as_e4_error, translated

log = logging.getLogger(__name__)


class E4Connect:
    """A logged-in E4 Connect account (when `user` and `pwd` are given).

    `server` is a named server of the spec ("production", "local"), a base URL (the
    sandbox's `e4_url`), or None for $E4_SERVER, else production.
    """

    def __init__(
        self,
        user: str | None = None,
        pwd: str | None = None,
        *,
        server: str | None = None,
        timeout: float | tuple[float, float] | None = None,
    ) -> None:
        self.client = e4.Client(resolve_e4_server(server))
        if timeout is not None:
            self.client.transport.timeout = timeout
        self._user: str | None = None
        self._user_id: str | None = None
        if user and pwd:
            self.auth(user, pwd)

    # -- the e4client calls ---------------------------------------------------------------

    def auth(self, user: str, pwd: str) -> None:
        """Log in and read the account's user id; the session cookie is kept for later calls."""
        self._user, self._user_id = user, None
        try:
            self.client.account.authenticate(username=user, password=pwd)
        except e4.ApiError as exc:
            raise _login_error(user, self.client.base_url, exc) from exc
        try:
            self._user_id = self.client.account.user_id()
        except e4.ResponseDecodeError as exc:
            raise ProtocolError(
                "logged in, but the sessions page carries no user id ('userId = <digits>;'):"
                " the portal's pages changed, or this is not E4 Connect",
                status=exc.status,
            ) from exc
        except e4.ApiError as exc:
            raise as_e4_error("read the user id", exc) from exc
        log.info("logged in to E4 Connect as %s (user id %s)", user, self._user_id)

    def user_id(self) -> str:
        """The account's numeric user id (read at login)."""
        if self._user_id is None:
            raise AuthenticationError("not logged in: call auth(user, pwd) first")
        return self._user_id

    def sessions_list(self) -> list[dict[str, Any]]:
        """Every session as the portal sends it: id, device_id, duration, status,
        start_time, label, device, exit_code (numbers as text)."""
        return [e4.unstructure(session) for session in self.sessions()]

    def download_session(
        self,
        session_id: str | int,
        file_path: str | os.PathLike[str] = ".",
        *,
        overwrite: bool = True,
        progress: bool | None = None,
    ) -> Path:
        """Download a session's ZIP to `file_path` (a folder, or a path ending in '/', gets
        `<id>.zip`); returns its path.

        The bytes go to `<path>.part`, renamed once complete. e4client replaced an existing
        file, hence `overwrite=True`. A progress bar shows on a terminal (`progress`).
        """
        number = _session_number(session_id)
        target = Path(file_path)
        if target.is_dir() or str(file_path).endswith(("/", os.sep)):
            target.mkdir(parents=True, exist_ok=True)
            target = target / f"{number}.zip"
        bar = ByteProgress(target.name, progress)
        try:
            with translated(f"download session {number}"):
                return self.client.sessions.download(
                    id=number, destination=target, overwrite=overwrite, on_progress=bar
                )
        finally:
            bar.close()

    def remove_session(self, session_id: str | int) -> None:
        """Delete a session from the portal, for good."""
        number = _session_number(session_id)
        with translated(f"remove session {number}"):
            self.client.sessions.remove(number)

    def purchased_devices(self) -> list[dict[str, Any]]:
        """Every wristband of the account as the portal sends it: device_id, label, model,
        hardware_code, purchase_code, purchase_id."""
        return [e4.unstructure(device) for device in self.devices()]

    # -- typed calls for new code ---------------------------------------------------------

    def sessions(self, start: int = 0, end: int = 999_999_999_999) -> list[e4.Session]:
        """The sessions that started between `start` and `end` (Unix seconds), typed."""
        user_id = self.user_id()
        with translated("list sessions"):
            return self.client.sessions.list(user_id, from_=start, to=end)

    def devices(self) -> list[e4.Device]:
        """The account's wristbands, typed."""
        user_id = self.user_id()
        with translated("list purchased devices"):
            return self.client.devices.purchased(user_id)

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> E4Connect:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        who = f"{self._user!r}, user id {self._user_id}" if self._user_id else "not logged in"
        return f"E4Connect({self.client.base_url!r}, {who})"


def _login_error(user: str, base_url: str, exc: e4.ApiError) -> E4Error:
    """A refused login says why: the credentials, or a URL that is not the portal."""
    if exc.status in (401, 403):
        return AuthenticationError(
            f"E4 Connect refused the login of {user!r}: wrong e-mail or password"
            f" (HTTP {exc.status})",
            status=exc.status,
        )
    if exc.status in (404, 405):
        return ProtocolError(
            f"no E4 Connect login page at {base_url}/authenticate.php (HTTP {exc.status}):"
            " is the URL the portal's, with its /connect prefix?",
            status=exc.status,
        )
    return as_e4_error(f"log in as {user!r}", exc)


def _session_number(session_id: str | int) -> int:
    """A session id as the portal's number; anything else is refused before a request."""
    text = str(session_id).strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"session id must be a number, got {session_id!r}")
    return int(text)
