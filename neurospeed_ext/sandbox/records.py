"""What the sandbox stores: mutable records, separate from the wire models they answer as."""

from __future__ import annotations

import asyncio
import datetime
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import neurospeed_api as ns


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@attrs.frozen(kw_only=True)
class AccessFlags:
    insights: bool = True
    recordings: bool = True
    raw_data: bool = True


@attrs.frozen(kw_only=True)
class StoredPacket:
    """One pipeline packet as the cloud keeps it: the device type comes from sensor info."""

    stream_id: str
    hia_id: str
    device_type: str
    channel_map: tuple[str, ...]
    samples: list[list[float]]
    labels: tuple[str, ...]
    received_at: float
    size: int
    """Bytes of its samples as JSON text; adds up to the recorder's size."""

    def rows(self) -> Iterator[tuple[float, list[float]]]:
        """(timestamp, channel values) per sample; untimed samples take the arrival time."""
        width = len(self.channel_map)
        for sample in self.samples:
            if len(sample) > width:
                yield float(sample[width]), sample[:width]
            else:
                yield self.received_at, sample


@attrs.define(eq=False, kw_only=True)
class UserRecord:
    id: int
    customer_id: int
    username: str
    password_hash: str = attrs.field(repr=False)
    created_at: datetime.datetime = attrs.Factory(utc_now)
    updated_at: datetime.datetime = attrs.Factory(utc_now)
    first_day_of_week: Any = "sunday"
    history: deque[StoredPacket] = attrs.Factory(deque)
    """Every packet received for the user (bounded); insights read it."""


@attrs.define(eq=False, kw_only=True)
class CustomerRecord:
    id: int
    email: str
    password_hash: str = attrs.field(repr=False)
    account_id: str
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    role: str = "user"
    access: AccessFlags = AccessFlags()
    users: dict[int, UserRecord] = attrs.Factory(dict)

    def user_named(self, username: str) -> UserRecord | None:
        return next((u for u in self.users.values() if u.username == username), None)


@attrs.define(eq=False, kw_only=True)
class RecorderRecord:
    id: int
    user: UserRecord
    name: str
    status: ns.RecorderStatus = ns.RecorderStatus.RESOURCE_PENDING
    request_status: ns.RecorderStatus = ns.RecorderStatus.PENDING
    created_at: datetime.datetime = attrs.Factory(utc_now)
    updated_at: datetime.datetime = attrs.Factory(utc_now)
    packets: list[StoredPacket] = attrs.Factory(list)
    columns: list[str] = attrs.Factory(list)
    labels: list[str] = attrs.Factory(list)
    stream_ids: list[str] = attrs.Factory(list)
    minimum_timestamp: float | None = None
    maximum_timestamp: float | None = None
    size: int = 0
    task: asyncio.Task[None] | None = None

    @property
    def is_active(self) -> bool:
        return self.status != ns.RecorderStatus.STOPPED


@attrs.define(eq=False, kw_only=True)
class ExporterRecord:
    id: int
    recorder: RecorderRecord
    config: ns.ExporterConfig
    status: ns.ExporterStatus = ns.ExporterStatus.EXPORTING
    created_at: datetime.datetime = attrs.Factory(utc_now)
    updated_at: datetime.datetime = attrs.Factory(utc_now)
    path: Path | None = None
    file_size: int | None = None
    task: asyncio.Task[None] | None = None

    @property
    def user(self) -> UserRecord:
        return self.recorder.user
