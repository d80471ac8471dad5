"""The sandbox's one state object, stored on the aiohttp application under STATE_KEY.

Everything runs on the server's event loop, so the state needs no locks. Routes added
later (the Socket.IO layer) reach the same object with `app[STATE_KEY]`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import shutil
import tempfile
from collections import deque
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from aiohttp import web

from .faults import FaultBook
from .hub import ConnectionRegistry, Outbox
from .passwords import hash_password
from .records import (
    AccessFlags,
    CustomerRecord,
    ExporterRecord,
    RecorderRecord,
    UserRecord,
)
from .seed import Seed
from .settings import Settings
from .tokens import TokenSigner

log = logging.getLogger(__name__)


class SandboxState:
    """Accounts, recorders, exporters, connected HIAs, the outbox and background tasks."""

    def __init__(self, settings: Settings, seed: Seed, signer: TokenSigner | None = None):
        self.settings = settings
        self.tokens = signer or TokenSigner()
        self.customers: dict[int, CustomerRecord] = {}
        self.users: dict[int, UserRecord] = {}
        self.recorders: dict[int, RecorderRecord] = {}
        self.exporters: dict[int, ExporterRecord] = {}
        self.connections = ConnectionRegistry()
        self.outbox = Outbox()
        self.faults = FaultBook()
        self._ids = {kind: itertools.count(1) for kind in ("customer", "user", "rec", "exp")}
        self._tasks: set[asyncio.Task[None]] = set()
        self._data_dir: Path | None = settings.data_dir
        self._own_data_dir = False
        self._load(seed)

    def _load(self, seed: Seed) -> None:
        for entry in seed.customers:
            customer = CustomerRecord(
                id=next(self._ids["customer"]),
                email=entry.email,
                password_hash=hash_password(entry.password),
                account_id=entry.account_id,
                first_name=entry.first_name,
                last_name=entry.last_name,
                company_name=entry.company_name,
                role=entry.role,
                access=AccessFlags(
                    insights=entry.access.insights,
                    recordings=entry.access.recordings,
                    raw_data=entry.access.raw_data,
                ),
            )
            self.customers[customer.id] = customer
            for user in entry.users:
                self.add_user(customer, user.username, user.password)

    # -- accounts ----------------------------------------------------------------------

    def customer_by_email(self, email: str) -> CustomerRecord | None:
        wanted = email.strip().lower()
        return next((c for c in self.customers.values() if c.email.lower() == wanted), None)

    def customer_by_account(self, account_id: str) -> CustomerRecord | None:
        return next((c for c in self.customers.values() if c.account_id == account_id), None)

    def add_user(self, customer: CustomerRecord, username: str, password: str) -> UserRecord:
        user = UserRecord(
            id=next(self._ids["user"]),
            customer_id=customer.id,
            username=username,
            password_hash=hash_password(password),
            history=deque(maxlen=self.settings.max_packets_per_user),
        )
        customer.users[user.id] = user
        self.users[user.id] = user
        return user

    def forget_user(self, user: UserRecord) -> None:
        """Drop the account itself; its recorders and exporters must be gone already."""
        self.customers[user.customer_id].users.pop(user.id, None)
        self.users.pop(user.id, None)
        self.connections.drop_user(user.id)
        self.outbox.drop_user(user.id)

    def next_id(self, kind: str) -> int:
        return next(self._ids[kind])

    # -- files and tasks ---------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """Where export files go; made on first use when the settings name none."""
        if self._data_dir is None:
            self._data_dir = Path(tempfile.mkdtemp(prefix="neurospeed-sandbox-"))
            self._own_data_dir = True
        self._data_dir.mkdir(parents=True, exist_ok=True)
        return self._data_dir

    def spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Run `coro` in the background; it is cancelled at shutdown."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())

    async def close(self) -> None:
        """Cancel background work and remove the temporary data folder."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._own_data_dir and self._data_dir is not None:
            shutil.rmtree(self._data_dir, ignore_errors=True)
            self._data_dir = None
            self._own_data_dir = False


STATE_KEY = web.AppKey("neurospeed_sandbox_state", SandboxState)
"""Where create_app stores the state: `app[STATE_KEY]`."""
