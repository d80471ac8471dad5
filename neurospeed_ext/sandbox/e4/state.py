"""The portal's state: accounts, logins, and the session ZIPs on disk.

Kept apart from SandboxState (under its own AppKey) so that the NeuroSpeed side does not
grow with the portal; it shares only the sandbox's data folder. Everything runs on the
server's loop; ZIPs are written in worker threads.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from aiohttp import web

from ..passwords import check_password, hash_password
from ..seed import SeedE4Account
from ..settings import Settings
from .logins import Logins
from .records import E4Account, E4SessionRecord
from .zips import write_session_zip, write_sized_zip

log = logging.getLogger(__name__)

BULK_GAP = 60
"""Seconds between the bulk sessions of one hook call."""
BULK_DEVICE = "A0B0C0"
"""The wristband of bulk sessions for an account that has none."""
_NO_ACCOUNT = hash_password("no such account")
"""Checked against for unknown e-mails, so that both refusals take as long."""


class E4State:
    def __init__(
        self, accounts: Sequence[SeedE4Account], settings: Settings, data_dir: Callable[[], Path]
    ) -> None:
        self.prefix = settings.e4_prefix
        """The path the portal lives below; also its cookie's Path."""
        self.logins = Logins(settings.e4_session_lifetime)
        self.accounts = {a.user_id: E4Account.from_seed(a) for a in accounts}
        self._data_dir = data_dir
        self._builds: dict[int, asyncio.Task[Path | None]] = {}
        seeded = [sid for a in self.accounts.values() for sid in a.sessions]
        self._ids = itertools.count(max(seeded, default=100) + 1)

    # -- accounts ----------------------------------------------------------------------

    def account_by_email(self, email: str) -> E4Account | None:
        wanted = email.strip().lower()
        return next((a for a in self.accounts.values() if a.email.lower() == wanted), None)

    def check_login(self, email: str, password: str) -> E4Account | None:
        """The account these credentials open; None when the e-mail or password is wrong."""
        account = self.account_by_email(email)
        good = check_password(account.password_hash if account else _NO_ACCOUNT, password)
        return account if good and account is not None else None

    def account_of_cookie(self, value: str | None) -> E4Account | None:
        user_id = self.logins.user_of(value)
        return None if user_id is None else self.accounts.get(user_id)

    # -- sessions ----------------------------------------------------------------------

    def remove(self, account: E4Account, session_id: int) -> bool:
        """Forget one of the account's sessions and its ZIP; False when it has none such."""
        record = account.sessions.pop(session_id, None)
        if record is None:
            return False
        if record.zip_path is not None and not self._in_use(record.zip_path):
            record.zip_path.unlink(missing_ok=True)
        log.info("e4 session %d removed", session_id)
        return True

    def _in_use(self, path: Path) -> bool:
        return any(s.zip_path == path for a in self.accounts.values() for s in a.sessions.values())

    def _kept(self, record: E4SessionRecord) -> bool:
        return any(a.sessions.get(record.id) is record for a in self.accounts.values())

    async def zip_for(self, record: E4SessionRecord) -> Path | None:
        """The session's ZIP, built on first use; concurrent first downloads share one build.
        None when the session was removed while its ZIP was being built."""
        if record.zip_path is not None and record.zip_path.is_file():
            return record.zip_path
        task = self._builds.get(record.id)
        if task is None:
            task = asyncio.get_running_loop().create_task(
                self._build(record), name=f"e4-zip-{record.id}"
            )
            self._builds[record.id] = task
            task.add_done_callback(lambda done: self._built(record.id, done))
        return await asyncio.shield(task)

    async def _build(self, record: E4SessionRecord) -> Path | None:
        final = self.folder() / f"session-{record.id}.zip"
        partial = final.with_suffix(".partial")
        try:
            size = await asyncio.to_thread(write_session_zip, partial, record.zip_spec())
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if not self._kept(record):
            partial.unlink(missing_ok=True)
            return None
        partial.replace(final)
        record.zip_path = final
        log.info("e4 session %d: ZIP of %d bytes built", record.id, size)
        return final

    def _built(self, session_id: int, task: asyncio.Task[Path | None]) -> None:
        self._builds.pop(session_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("e4 session %d: ZIP build failed", session_id, exc_info=task.exception())

    async def add_bulk(
        self, account: E4Account, count: int, size_bytes: int
    ) -> tuple[list[int], int]:
        """`count` new sessions sharing one stored ZIP of at least `size_bytes`; their ids
        and the file's size. The ZIP's timestamps are those of the first session."""
        ids = [next(self._ids) for _ in range(count)]
        ends = [s.start_time + s.duration for s in account.sessions.values()]
        start = max(ends, default=1_500_000_000) + BULK_GAP
        final = self.folder() / f"bulk-{ids[0]}.zip"
        partial = final.with_suffix(".partial")
        try:
            spec = await asyncio.to_thread(write_sized_zip, partial, ids[0], start, size_bytes)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(final)
        for k, session_id in enumerate(ids):
            account.sessions[session_id] = E4SessionRecord(
                id=session_id,
                start_time=start + k * (spec.duration + BULK_GAP),
                duration=spec.duration,
                device_id=account.devices[0].device_id if account.devices else BULK_DEVICE,
                label=f"bulk {size_bytes} B",
                device="E4 3.2",
                zip_path=final,
            )
        size = final.stat().st_size
        log.info("e4 user %d: %d bulk sessions of %d bytes", account.user_id, count, size)
        return ids, size

    # -- files -------------------------------------------------------------------------

    def folder(self) -> Path:
        folder = self._data_dir() / "e4"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    async def close(self) -> None:
        """Stop ZIP builds still running (their worker threads finish on their own)."""
        tasks = list(self._builds.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


E4_KEY = web.AppKey("neurospeed_sandbox_e4", E4State)
"""Where the portal's state lives: `app[E4_KEY]`."""
