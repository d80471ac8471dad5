"""Where the commands find the server and credentials: flags, environment, config file.

Each value is looked up on its own, highest first:

1. a command-line flag, for values that are not secret (`--server`, `--email`,
   `--account-id`, `--username`); passwords are never flags (they would end up in the
   shell history and in `ps`);
2. the environment (`NEUROSPEED_SERVER`, `NEUROSPEED_EMAIL`, `NEUROSPEED_PASSWORD`,
   `NEUROSPEED_ACCOUNT_ID`, `NEUROSPEED_USERNAME`, `NEUROSPEED_USER_PASSWORD`);
3. a JSON config file: `--config FILE`, else `$NEUROSPEED_CONFIG`, else
   `~/.config/neurospeed/config.json` when it exists. It may be the manual's customer
   config `{"email", "password"}`, its user config `{"account_id" (or
   "customer_username"), "username", "user_password" (or "password")}`, or both in one
   `{"server": ..., "customer": {...}, "user": {...}}`.

A value found nowhere is a CredentialsError (exit status 2) naming, for each missing
value, the flag, variable and config key that would supply it. Passwords are never
printed, logged or shown in a repr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .failures import UsageError

log = logging.getLogger(__name__)

ENV_SERVER = "NEUROSPEED_SERVER"
"""The same variable as `neurospeed_ext.servers.SERVER_ENV` (not imported: it loads the
client stack, which `--help` does not need)."""
ENV_EMAIL = "NEUROSPEED_EMAIL"
ENV_PASSWORD = "NEUROSPEED_PASSWORD"
ENV_ACCOUNT_ID = "NEUROSPEED_ACCOUNT_ID"
ENV_USERNAME = "NEUROSPEED_USERNAME"
ENV_USER_PASSWORD = "NEUROSPEED_USER_PASSWORD"
ENV_CONFIG = "NEUROSPEED_CONFIG"
DEFAULT_CONFIG = Path("~/.config/neurospeed/config.json")
DEFAULT_SERVER = "production"


class CredentialsError(UsageError):
    """A value that no flag, variable or config key supplied, or an unusable config file."""


@dataclass(frozen=True)
class Field:
    """One value: where it can come from and how the error message names it."""

    label: str
    section: str
    """The combined config's section: "customer" or "user"."""
    keys: tuple[str, ...]
    """Config keys, preferred first."""
    env: str
    flag: str | None = None
    """The argparse dest is the flag without dashes, dashes as underscores."""

    @property
    def dest(self) -> str | None:
        return None if self.flag is None else self.flag.lstrip("-").replace("-", "_")

    def where(self) -> str:
        """E.g. `pass --email, set NEUROSPEED_EMAIL, or add "email" to the config file`."""
        ways = [f"pass {self.flag}"] if self.flag else []
        ways.append(f"set {self.env}")
        keys = " or ".join(f'"{key}"' for key in self.keys)
        ways.append(f'add {keys} to the config file (top level, or its "{self.section}" section)')
        return ", ".join(ways[:-1]) + f", or {ways[-1]}"


EMAIL = Field("customer email", "customer", ("email",), ENV_EMAIL, "--email")
PASSWORD = Field("customer password", "customer", ("password",), ENV_PASSWORD)
ACCOUNT_ID = Field(
    "account id", "user", ("account_id", "customer_username"), ENV_ACCOUNT_ID, "--account-id"
)
USERNAME = Field("username", "user", ("username",), ENV_USERNAME, "--username")
USER_PASSWORD = Field("user password", "user", ("user_password", "password"), ENV_USER_PASSWORD)


@dataclass(frozen=True)
class CustomerCredentials:
    server: str | Mapping[str, Any]
    email: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class UserCredentials:
    server: str | Mapping[str, Any]
    account_id: str
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class ConfigFile:
    """What a config file holds, sorted into the combined form's sections."""

    path: Path
    found: bool
    server: str | Mapping[str, Any] | None = None
    customer: Mapping[str, Any] = field(default_factory=dict, repr=False)
    user: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.customer if name == "customer" else self.user


# -- arguments ---------------------------------------------------------------------------


def add_arguments(
    parser: argparse.ArgumentParser, *, customer: bool = False, user: bool = False
) -> None:
    """The flags of a command that logs in as a customer, a user, or either."""
    group = parser.add_argument_group(
        "server and credentials",
        "Each value comes from its flag, else the environment, else the config file."
        " Passwords are never flags: set "
        + " or ".join(
            env for env, wanted in ((ENV_PASSWORD, customer), (ENV_USER_PASSWORD, user)) if wanted
        )
        + ", or put them in the config file.",
    )
    group.add_argument(
        "--server",
        metavar="NAME_OR_URL",
        help=f"production, test, local or a base URL such as http://127.0.0.1:3000"
        f' (else ${ENV_SERVER}, else the config\'s "server", else {DEFAULT_SERVER})',
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help=f"JSON config file (else ${ENV_CONFIG}, else {DEFAULT_CONFIG} if it exists)",
    )
    fields = ([EMAIL] if customer else []) + ([ACCOUNT_ID, USERNAME] if user else [])
    for item in fields:
        assert item.flag is not None
        group.add_argument(
            item.flag,
            dest=item.dest,
            metavar=item.flag.lstrip("-").replace("-", "_").upper(),
            help=f"{item.label} (else ${item.env}, else the config's {' or '.join(item.keys)})",
        )


# -- resolution --------------------------------------------------------------------------


def customer_credentials(
    args: argparse.Namespace, environ: Mapping[str, str] | None = None
) -> CustomerCredentials:
    env = os.environ if environ is None else environ
    config = load_config(getattr(args, "config", None), env)
    email, password = _values(args, env, config, (EMAIL, PASSWORD))
    return CustomerCredentials(server_of(args, env, config), email, password)


def user_credentials(
    args: argparse.Namespace, environ: Mapping[str, str] | None = None
) -> UserCredentials:
    env = os.environ if environ is None else environ
    config = load_config(getattr(args, "config", None), env)
    account_id, username, password = _values(
        args, env, config, (ACCOUNT_ID, USERNAME, USER_PASSWORD)
    )
    return UserCredentials(server_of(args, env, config), account_id, username, password)


def server_of(
    args: argparse.Namespace, environ: Mapping[str, str], config: ConfigFile
) -> str | Mapping[str, Any]:
    """The server as `neurospeed_ext.servers.resolve_server` takes it."""
    flag = getattr(args, "server", None)
    if flag:
        return str(flag)
    if environ.get(ENV_SERVER):
        return environ[ENV_SERVER]
    if config.server is not None:
        return config.server
    return DEFAULT_SERVER


def _values(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    config: ConfigFile,
    fields: tuple[Field, ...],
) -> list[str]:
    found: list[str] = []
    missing: list[Field] = []
    for item in fields:
        value = _lookup(item, args, environ, config)
        if value is None:
            missing.append(item)
        found.append(value or "")
    if missing:
        lines = [f"  {item.label}: {item.where()}" for item in missing]
        state = "read" if config.found else "not found"
        lines.append(
            f"  (config file: {config.path}, {state};"
            f" choose one with --config FILE or ${ENV_CONFIG})"
        )
        raise CredentialsError("missing credentials:\n" + "\n".join(lines))
    return found


def _lookup(
    item: Field, args: argparse.Namespace, environ: Mapping[str, str], config: ConfigFile
) -> str | None:
    if item.dest is not None:
        flag = getattr(args, item.dest, None)
        if flag:
            log.debug("%s from %s", item.label, item.flag)
            return str(flag)
    if environ.get(item.env):
        log.debug("%s from $%s", item.label, item.env)
        return environ[item.env]
    section = config.section(item.section)
    for key in item.keys:
        value = section.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise CredentialsError(f'config file {config.path}: "{key}" must be a string')
        log.debug("%s from %s of %s", item.label, key, config.path)
        return str(value)
    return None


# -- the config file ---------------------------------------------------------------------


def load_config(explicit: str | None, environ: Mapping[str, str]) -> ConfigFile:
    """The config file the flags and environment point at; an empty one when the default
    file does not exist. A file named by --config or the variable must exist."""
    if explicit:
        path, origin = Path(explicit).expanduser(), "--config"
    elif environ.get(ENV_CONFIG):
        path, origin = Path(environ[ENV_CONFIG]).expanduser(), f"${ENV_CONFIG}"
    else:
        path = _expand_home(DEFAULT_CONFIG, environ)
        if not path.is_file():
            return ConfigFile(path, found=False)
        origin = "the default location"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CredentialsError(
            f"cannot read the config file {path} (from {origin}): {exc.strerror or exc}"
        ) from None
    except UnicodeDecodeError:
        raise CredentialsError(f"config file {path}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CredentialsError(
            f"config file {path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return parse_config(path, data)


def parse_config(path: Path, data: Any) -> ConfigFile:
    """Sort any of the three accepted shapes into the combined form's sections."""
    if not isinstance(data, dict):
        raise CredentialsError(f"config file {path}: expected a JSON object")
    server = data.get("server")
    if server is not None and not isinstance(server, str | dict):
        raise CredentialsError(
            f'config file {path}: "server" must be a name, a URL or an api_config object'
        )
    if "customer" in data or "user" in data:
        sections = []
        for name in ("customer", "user"):
            section = data.get(name, {})
            if not isinstance(section, dict):
                raise CredentialsError(f'config file {path}: "{name}" must be an object')
            sections.append(section)
        return ConfigFile(path, True, server, sections[0], sections[1])
    if "email" in data:
        # The manual's customer config: its "password" is the customer's.
        user = {key: value for key, value in data.items() if key != "password"}
        return ConfigFile(path, True, server, data, user)
    return ConfigFile(path, True, server, {}, data)


def _expand_home(path: Path, environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME")
    if home and str(path).startswith("~/"):
        return Path(home) / str(path)[2:]
    return path.expanduser()
