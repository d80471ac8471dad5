"""The accounts a sandbox starts with, read from YAML (the built-in default or a file)."""

from __future__ import annotations

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
class Seed:
    customers: tuple[SeedCustomer, ...]


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
    return Seed(customers=parsed)


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
