"""The accounts a sandbox starts with, read from YAML (the built-in default or a file):
NeuroSpeed customers and their users, and E4 Connect portal accounts (`e4_accounts`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import yaml

DEFAULT_SEED_FILE = "default_seed.yaml"


class SeedError(ValueError):
    """A seed file that does not have the expected shape; names the file and the field."""


@attrs.frozen(kw_only=True)
class SeedAccess:
    """The customer's access flags (PROTOCOL 2): all on unless the seed says otherwise."""

    insights: bool = True
    recordings: bool = True
    raw_data: bool = True


@attrs.frozen(kw_only=True)
class SeedUser:
    username: str
    password: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class SeedCustomer:
    email: str
    password: str = attrs.field(repr=False)
    account_id: str
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    role: str = "user"
    access: SeedAccess = SeedAccess()
    users: tuple[SeedUser, ...] = ()


@attrs.frozen(kw_only=True)
class SeedE4Device:
    """A wristband of an E4 portal account (PROTOCOL 6, purchasedDevices)."""

    device_id: str
    label: str | None = None
    model: str | None = "E4"
    hardware_code: str | None = None
    purchase_code: str | None = None
    purchase_id: int | None = None


@attrs.frozen(kw_only=True)
class SeedE4Session:
    """A session of an E4 portal account; its ZIP is made from id, start and duration."""

    id: int
    start_time: int
    """Unix seconds."""
    duration: int
    """Seconds."""
    device_id: str
    """The wristband's serial; defaults to the account's first device."""
    label: str | None = None
    device: str | None = "E4 3.2"
    status: int = 0
    exit_code: int = 0
    tags: tuple[float, ...] = ()
    """Event marker times (Unix seconds) for tags.txt."""


@attrs.frozen(kw_only=True)
class SeedE4Account:
    email: str
    password: str = attrs.field(repr=False)
    user_id: int
    devices: tuple[SeedE4Device, ...] = ()
    sessions: tuple[SeedE4Session, ...] = ()


@attrs.frozen(kw_only=True)
class Seed:
    customers: tuple[SeedCustomer, ...]
    e4_accounts: tuple[SeedE4Account, ...] = ()


MAX_E4_DURATION = 24 * 3600
"""Longest seeded E4 session, in seconds: its ZIP is built on first download."""
MAX_E4_COUNT = 10_000


def default_seed() -> Seed:
    """The built-in seed kept beside this module."""
    text = resources.files(__package__).joinpath(DEFAULT_SEED_FILE).read_text("utf-8")
    return parse_seed(yaml.safe_load(text), DEFAULT_SEED_FILE)


def load_seed(path: Path | str | None = None) -> Seed:
    """The seed in `path`, or the built-in one when `path` is None."""
    if path is None:
        return default_seed()
    try:
        text = Path(path).read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise SeedError(f"{path}: cannot read the seed: {exc}") from None
    return parse_seed(data, str(path))


def parse_seed(data: Any, source: str = "<seed>") -> Seed:
    """Check the parsed YAML and build a Seed; every error names `source` and the field."""
    top = _mapping(data, source, "")
    customers = _list(top.get("customers"), source, "customers")
    if not customers:
        raise SeedError(f"{source}: customers: at least one customer is needed")
    parsed = tuple(_customer(item, source, f"customers[{i}]") for i, item in enumerate(customers))
    _unique([c.email.lower() for c in parsed], source, "customers", "email")
    _unique([c.account_id for c in parsed], source, "customers", "account_id")
    return Seed(customers=parsed, e4_accounts=_e4_accounts(top.get("e4_accounts", []), source))


def _customer(data: Any, source: str, where: str) -> SeedCustomer:
    item = _mapping(data, source, where)
    access = _mapping(item.get("access", {}), source, f"{where}.access")
    users_data = _list(item.get("users", []), source, f"{where}.users")
    users = tuple(_user(u, source, f"{where}.users[{i}]") for i, u in enumerate(users_data))
    _unique([u.username for u in users], source, f"{where}.users", "username")
    return SeedCustomer(
        email=_text(item, "email", source, where),
        password=_text(item, "password", source, where),
        account_id=_text(item, "account_id", source, where),
        first_name=_text(item, "first_name", source, where, required=False),
        last_name=_text(item, "last_name", source, where, required=False),
        company_name=_text(item, "company_name", source, where, required=False),
        role=_text(item, "role", source, where, required=False) or "user",
        access=SeedAccess(
            **{
                flag: _flag(access, flag, source, f"{where}.access")
                for flag in ("insights", "recordings", "raw_data")
            }
        ),
        users=users,
    )


def _user(data: Any, source: str, where: str) -> SeedUser:
    item = _mapping(data, source, where)
    return SeedUser(
        username=_text(item, "username", source, where),
        password=_text(item, "password", source, where),
    )


def _e4_accounts(data: Any, source: str) -> tuple[SeedE4Account, ...]:
    """The E4 accounts; sessions given as `count` get ids above every explicit one."""
    listed = _list(data, source, "e4_accounts")
    items = [_mapping(a, source, f"e4_accounts[{i}]") for i, a in enumerate(listed)]
    next_id = itertools.count(max(_explicit_ids(items, source), default=100) + 1)
    accounts = tuple(
        _e4_account(item, source, f"e4_accounts[{i}]", next_id) for i, item in enumerate(items)
    )
    _unique([a.email.lower() for a in accounts], source, "e4_accounts", "email")
    _unique([str(a.user_id) for a in accounts], source, "e4_accounts", "user_id")
    ids = [str(s.id) for a in accounts for s in a.sessions]
    _unique(ids, source, "e4_accounts[].sessions", "id")
    return accounts


def _explicit_ids(items: list[dict[str, Any]], source: str) -> list[int]:
    ids = []
    for i, item in enumerate(items):
        where = f"e4_accounts[{i}].sessions"
        for j, session in enumerate(_list(item.get("sessions", []), source, where)):
            if isinstance(session, dict) and "count" not in session:
                ids.append(_int(session, "id", source, f"{where}[{j}]", minimum=1))
    return ids


def _e4_account(
    item: dict[str, Any], source: str, where: str, next_id: Iterator[int]
) -> SeedE4Account:
    devices = _list(item.get("devices", []), source, f"{where}.devices")
    sessions = _list(item.get("sessions", []), source, f"{where}.sessions")
    parsed_devices = tuple(
        _e4_device(d, source, f"{where}.devices[{i}]") for i, d in enumerate(devices)
    )
    _unique([d.device_id for d in parsed_devices], source, f"{where}.devices", "device_id")
    default_device = parsed_devices[0].device_id if parsed_devices else None
    return SeedE4Account(
        email=_text(item, "email", source, where),
        password=_text(item, "password", source, where),
        user_id=_int(item, "user_id", source, where, minimum=1),
        devices=parsed_devices,
        sessions=tuple(
            session
            for i, s in enumerate(sessions)
            for session in _e4_sessions(
                s, source, f"{where}.sessions[{i}]", next_id, default_device
            )
        ),
    )


def _e4_device(data: Any, source: str, where: str) -> SeedE4Device:
    item = _mapping(data, source, where)
    return SeedE4Device(
        device_id=_text(item, "device_id", source, where),
        label=_text(item, "label", source, where, required=False),
        model=_text(item, "model", source, where, required=False),
        hardware_code=_text(item, "hardware_code", source, where, required=False),
        purchase_code=_text(item, "purchase_code", source, where, required=False),
        purchase_id=_int(item, "purchase_id", source, where, required=False),
    )


def _e4_sessions(
    data: Any, source: str, where: str, next_id: Iterator[int], default_device: str | None
) -> list[SeedE4Session]:
    """One explicit session (`id`), or `count` sessions `every` seconds apart."""
    item = _mapping(data, source, where)
    duration = _int(item, "duration", source, where, minimum=1, maximum=MAX_E4_DURATION)
    start = _int(item, "start_time", source, where)
    label = item.get("label")
    if label is not None and not isinstance(label, str):
        raise SeedError(f"{source}: {where}.label: expected a string or null")
    tags = _list(item.get("tags", []), source, f"{where}.tags")
    if any(type(t) not in (int, float) or t < 0 for t in tags):
        raise SeedError(f"{source}: {where}.tags: expected a list of Unix times (seconds)")
    device_id = _text(item, "device_id", source, where, required=False) or default_device
    if device_id is None:
        raise SeedError(f"{source}: {where}.device_id: expected a string (no device to default to)")
    common: dict[str, Any] = {
        "duration": duration,
        "device_id": device_id,
        "label": label,
        "device": _text(item, "device", source, where, required=False) or "E4 3.2",
        "status": _int(item, "status", source, where, required=False) or 0,
        "exit_code": _int(item, "exit_code", source, where, required=False) or 0,
        "tags": tuple(float(t) for t in tags),
    }
    if "count" not in item:
        session_id = _int(item, "id", source, where, minimum=1)
        return [SeedE4Session(id=session_id, start_time=start, **common)]
    if "id" in item:
        raise SeedError(f"{source}: {where}: give either id or count, not both")
    count = _int(item, "count", source, where, minimum=1, maximum=MAX_E4_COUNT)
    every = _int(item, "every", source, where, required=False, minimum=duration)
    step = duration + 60 if every is None else every
    return [
        SeedE4Session(id=next(next_id), start_time=start + k * step, **common) for k in range(count)
    ]


def _int(
    item: dict[str, Any],
    key: str,
    source: str,
    where: str,
    *,
    required: bool = True,
    minimum: int = 0,
    maximum: int | None = None,
) -> Any:
    value = item.get(key)
    if value is None and not required:
        return None
    too_big = maximum is not None and type(value) is int and value > maximum
    if type(value) is not int or value < minimum or too_big:
        bound = f" up to {maximum}" if maximum is not None else ""
        raise SeedError(f"{source}: {where}.{key}: expected an integer from {minimum}{bound}")
    return value


def _mapping(data: Any, source: str, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SeedError(f"{source}: {where or 'top level'}: expected a mapping")
    return data


def _list(data: Any, source: str, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise SeedError(f"{source}: {where}: expected a list")
    return data


def _text(item: dict[str, Any], key: str, source: str, where: str, *, required: bool = True) -> Any:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise SeedError(f"{source}: {where}.{key}: expected a non-empty string")
    return value


def _flag(item: dict[str, Any], key: str, source: str, where: str) -> bool:
    value = item.get(key, True)
    if not isinstance(value, bool):
        raise SeedError(f"{source}: {where}.{key}: expected true or false")
    return value


def _unique(values: list[str], source: str, where: str, key: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise SeedError(f"{source}: {where}: duplicate {key} {value!r}")
        seen.add(value)
