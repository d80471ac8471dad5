"""What the portal stores per account, and how each record answers on the wire.

Answers are built as the generated `e4connect_api` models, so the portal speaks exactly
what spec/e4connect says (numbers travel as text, as the real PHP portal sends them).
"""

from __future__ import annotations

from pathlib import Path

import attrs

import e4connect_api as e4

from ..passwords import hash_password
from ..seed import SeedE4Account, SeedE4Device, SeedE4Session
from .zips import ZipSpec


@attrs.define(kw_only=True)
class E4SessionRecord:
    id: int
    start_time: int
    duration: int
    device_id: str
    label: str | None = None
    device: str | None = None
    status: int = 0
    exit_code: int = 0
    tags: tuple[float, ...] = ()
    zip_path: Path | None = None
    """The built ZIP, None until the first download asks for it; the bulk sessions of one
    hook call share one (see hooks.py)."""

    @classmethod
    def from_seed(cls, seed: SeedE4Session) -> E4SessionRecord:
        return cls(
            id=seed.id,
            start_time=seed.start_time,
            duration=seed.duration,
            device_id=seed.device_id,
            label=seed.label,
            device=seed.device,
            status=seed.status,
            exit_code=seed.exit_code,
            tags=seed.tags,
        )

    def zip_spec(self) -> ZipSpec:
        return ZipSpec(
            session_id=self.id, start_time=self.start_time, duration=self.duration, tags=self.tags
        )

    def to_wire(self) -> e4.Session:
        return e4.Session(
            id=self.id,
            device_id=self.device_id,
            duration=self.duration,
            status=self.status,
            start_time=self.start_time,
            label=self.label,
            device=self.device,
            exit_code=self.exit_code,
        )


@attrs.define(kw_only=True)
class E4Account:
    email: str
    password_hash: str = attrs.field(repr=False)
    user_id: int
    devices: list[e4.Device] = attrs.Factory(list)
    sessions: dict[int, E4SessionRecord] = attrs.Factory(dict)

    @classmethod
    def from_seed(cls, seed: SeedE4Account) -> E4Account:
        return cls(
            email=seed.email,
            password_hash=hash_password(seed.password),
            user_id=seed.user_id,
            devices=[_device(d) for d in seed.devices],
            sessions={s.id: E4SessionRecord.from_seed(s) for s in seed.sessions},
        )

    def sessions_between(self, first: int | None, last: int | None) -> list[E4SessionRecord]:
        """Sessions whose start lies in [first, last] (either bound may be open), oldest first."""
        return sorted(
            (
                s
                for s in self.sessions.values()
                if (first is None or s.start_time >= first)
                and (last is None or s.start_time <= last)
            ),
            key=lambda s: (s.start_time, s.id),
        )


def _device(seed: SeedE4Device) -> e4.Device:
    return e4.Device(
        device_id=seed.device_id,
        label=seed.label,
        model=seed.model,
        hardware_code=seed.hardware_code,
        purchase_code=seed.purchase_code,
        purchase_id=seed.purchase_id,
    )
