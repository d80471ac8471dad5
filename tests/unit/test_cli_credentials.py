"""Where the commands find the server and credentials: flags, environment, config file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from neurospeed_ext import cli, servers
from neurospeed_ext.commands import credentials
from neurospeed_ext.commands.credentials import (
    CredentialsError,
    customer_credentials,
    user_credentials,
)

SECRET = "s3cret-Value-never-shown"


def parse(*argv: str, customer: bool = True, user: bool = True) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    credentials.add_arguments(parser, customer=customer, user=user)
    return parser.parse_args(argv)


def write_config(tmp_path: Path, data: Any, name: str = "config.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment whose HOME has no config file."""
    return {"HOME": str(tmp_path / "home")}


def test_flag_beats_environment_beats_config(tmp_path: Path, home: dict[str, str]) -> None:
    config = write_config(
        tmp_path,
        {"server": "test", "customer": {"email": "config@lab.org", "password": "config-pass"}},
    )
    env = {**home, "NEUROSPEED_EMAIL": "env@lab.org", "NEUROSPEED_SERVER": "http://h:1"}

    flagged = customer_credentials(
        parse("--config", config, "--email", "flag@lab.org", "--server", "local"), env
    )
    assert (flagged.email, flagged.password, flagged.server) == (
        "flag@lab.org",
        "config-pass",
        "local",
    )
    from_env = customer_credentials(parse("--config", config), env)
    assert (from_env.email, from_env.server) == ("env@lab.org", "http://h:1")
    from_config = customer_credentials(parse("--config", config), home)
    assert (from_config.email, from_config.server) == ("config@lab.org", "test")
    env_password = {**home, "NEUROSPEED_PASSWORD": "env-pass"}
    assert customer_credentials(parse("--config", config), env_password).password == "env-pass"


def test_empty_values_count_as_unset(tmp_path: Path, home: dict[str, str]) -> None:
    config = write_config(tmp_path, {"email": "config@lab.org", "password": "p"})
    env = {**home, "NEUROSPEED_EMAIL": ""}
    assert customer_credentials(parse("--config", config, "--email", ""), env).email == (
        "config@lab.org"
    )


def test_server_defaults_to_production(home: dict[str, str]) -> None:
    env = {**home, "NEUROSPEED_EMAIL": "a@b.c", "NEUROSPEED_PASSWORD": "p"}
    assert customer_credentials(parse(), env).server == "production"
    assert credentials.ENV_SERVER == servers.SERVER_ENV


def test_manual_customer_config(tmp_path: Path, home: dict[str, str]) -> None:
    config = write_config(tmp_path, {"email": "me@lab.org", "password": SECRET})
    found = customer_credentials(parse("--config", config), home)
    assert (found.email, found.password) == ("me@lab.org", SECRET)
    assert SECRET not in repr(found)
    # Its password is the customer's, never taken for a user's.
    with pytest.raises(CredentialsError) as caught:
        user_credentials(parse("--config", config, "--account-id", "a", "--username", "u"), home)
    assert "user password" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        {"account_id": "acct", "username": "subject01", "user_password": SECRET},
        {"customer_username": "acct", "username": "subject01", "user_password": SECRET},
        {"account_id": "acct", "username": "subject01", "password": SECRET},
        {"user": {"account_id": "acct", "username": "subject01", "user_password": SECRET}},
    ],
)
def test_manual_user_config_forms(
    tmp_path: Path, home: dict[str, str], data: dict[str, Any]
) -> None:
    found = user_credentials(parse("--config", write_config(tmp_path, data)), home)
    assert (found.account_id, found.username, found.password) == ("acct", "subject01", SECRET)
    assert SECRET not in repr(found)


def test_combined_config_with_api_config_server(tmp_path: Path, home: dict[str, str]) -> None:
    server = {"api_address": "http://127.0.0.1:3000", "pipeline_address": "ws://127.0.0.1:3000"}
    data = {
        "server": server,
        "customer": {"email": "me@lab.org", "password": "c"},
        "user": {"account_id": 7, "username": "u", "password": "p"},
    }
    config = write_config(tmp_path, data)
    assert customer_credentials(parse("--config", config), home).server == server
    assert user_credentials(parse("--config", config), home).account_id == "7"


def test_default_and_environment_config_locations(tmp_path: Path, home: dict[str, str]) -> None:
    default = Path(home["HOME"]) / ".config/neurospeed/config.json"
    default.parent.mkdir(parents=True)
    default.write_text(json.dumps({"email": "default@lab.org", "password": "p"}))
    assert customer_credentials(parse(), home).email == "default@lab.org"
    named = write_config(tmp_path, {"email": "named@lab.org", "password": "p"}, "other.json")
    env = {**home, "NEUROSPEED_CONFIG": named}
    assert customer_credentials(parse(), env).email == "named@lab.org"


def test_missing_values_name_their_sources(home: dict[str, str]) -> None:
    with pytest.raises(CredentialsError) as caught:
        user_credentials(parse("--username", "u"), home)
    message = str(caught.value)
    assert caught.value.exit_status == 2
    assert "account id: pass --account-id, set NEUROSPEED_ACCOUNT_ID" in message
    assert '"account_id" or "customer_username"' in message
    assert "user password: set NEUROSPEED_USER_PASSWORD" in message
    assert '"user_password" or "password"' in message
    assert "username:" not in message  # the flag supplied it
    assert "config.json, not found" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON (line 1"),
        ("[1, 2]", "expected a JSON object"),
        ('{"customer": "x"}', '"customer" must be an object'),
        ('{"email": ["x"], "password": "p"}', '"email" must be a string'),
    ],
)
def test_unusable_config_files(
    tmp_path: Path, home: dict[str, str], content: str, expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CredentialsError, match=r"bad\.json") as caught:
        customer_credentials(parse("--config", str(path)), home)
    assert expected in str(caught.value)


def test_a_named_config_file_must_exist(tmp_path: Path, home: dict[str, str]) -> None:
    missing = str(tmp_path / "nope.json")
    with pytest.raises(CredentialsError, match=r"cannot read the config file .*nope.json"):
        customer_credentials(parse("--config", missing), home)
    with pytest.raises(CredentialsError, match=r"from \$NEUROSPEED_CONFIG"):
        customer_credentials(parse(), {**home, "NEUROSPEED_CONFIG": missing})


def test_no_password_flags() -> None:
    parser = cli.build_parser()
    for flag in ("--password", "--user-password"):
        with pytest.raises(SystemExit):
            parser.parse_args(["record", "list", flag, "x"])


def test_missing_credentials_exit_2_before_any_request(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("EMAIL", "PASSWORD", "CONFIG", "SERVER"):
        monkeypatch.delenv(f"NEUROSPEED_{name}", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NEUROSPEED_PASSWORD", SECRET)
    # Port 9 (discard) on loopback: a request would fail with status 1, not 2.
    status = cli.main(["record", "list", "--server", "http://127.0.0.1:9"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.startswith("neurospeed record: error: missing credentials:\n")
    assert "customer email: pass --email, set NEUROSPEED_EMAIL" in err
    assert "customer password" not in err
    assert SECRET not in err


def test_a_bad_server_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NEUROSPEED_CONFIG", raising=False)
    monkeypatch.setenv("NEUROSPEED_EMAIL", "a@b.c")
    monkeypatch.setenv("NEUROSPEED_PASSWORD", SECRET)
    assert cli.main(["record", "list", "--server", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'nowhere' is neither a named server" in err
