"""Route features that E4 Connect needs, generated from small spec fragments: a cookie
session, a text answer with an extracted value, a binary answer streamed to a file, and
query parameters with defaults. Their behaviour over HTTP is tested end to end against the
sandbox (tests/e2e/test_e4_generated_client.py); here, what the generator writes."""

from __future__ import annotations

import inspect
import itertools
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import api_yaml, generated_package

_counter = itertools.count()

ROUTES = """
servers:
  local: {http: "http://127.0.0.1:9/portal"}
auth: {kind: cookie, login: account.login}
schemas:
  Form:
    type: object
    required: [user, password]
    properties:
      user: {type: string}
      password: {type: string, secret: true}
routes:
  account:
    operations:
      login:
        method: POST
        path: /login.php
        auth: none
        body: {$ref: "#/schemas/Form"}
        body_encoding: form
      whoami:
        method: GET
        path: /home.php
        auth: user
        response: {type: integer}
        response_format: text
        extract: {pattern: 'id=([0-9]+)', what: the account id}
  files:
    operations:
      fetch:
        method: GET
        path: /file.php
        auth: user
        parameters:
          id: {in: query, type: integer, required: true}
          from: {in: query, type: integer, default: 0}
          label: {in: query, type: string, default: "a, b"}
        response_format: binary
"""


@pytest.fixture
def portal(tmp_path: Path) -> ModuleType:
    package = f"route{next(_counter)}_api"
    with generated_package(tmp_path, {"api.yaml": api_yaml(package, extra=ROUTES)}, package) as p:
        yield p


def test_a_cookie_client_takes_no_tokens_and_says_whether_it_has_a_session(
    portal: ModuleType,
) -> None:
    parameters = inspect.signature(portal.Client).parameters
    assert "access_token" not in parameters
    assert "refresh_token" not in parameters
    with portal.Client("local") as client:
        assert client.base_url == "http://127.0.0.1:9/portal"
        assert client.has_session is False
        client.transport.session.cookies.set("SID", "opaque")
        assert client.has_session is True
        client.clear_session()
        assert client.has_session is False
        assert not hasattr(client, "tokens")


def test_a_call_needing_the_session_fails_before_sending_when_there_is_none(
    portal: ModuleType,
) -> None:
    with (
        portal.Client("local") as client,
        pytest.raises(portal.AuthenticationError, match="not logged in") as caught,
    ):
        client.account.whoami()  # port 9 is never contacted: the error comes first
    assert caught.value.status is None
    assert caught.value.url == "http://127.0.0.1:9/portal/home.php"


def test_a_binary_answer_goes_to_a_file_named_by_keyword_arguments(
    portal: ModuleType,
) -> None:
    fetch = inspect.signature(portal.api.FilesApi.fetch)
    keywords = [n for n, p in fetch.parameters.items() if p.kind is p.KEYWORD_ONLY]
    assert keywords == ["id", "destination", "overwrite", "on_progress", "from_", "label"]
    assert fetch.parameters["from_"].default == 0
    assert fetch.parameters["label"].default == "a, b"
    assert fetch.parameters["overwrite"].default is False
    assert fetch.return_annotation == "pathlib.Path"
    assert "renamed" in (portal.api.FilesApi.fetch.__doc__ or "")


def test_an_existing_destination_is_kept_without_a_request(
    portal: ModuleType, tmp_path: Path
) -> None:
    existing = tmp_path / "kept.bin"
    existing.write_bytes(b"mine")
    with portal.Client("local") as client:
        client.transport.session.cookies.set("SID", "opaque")
        with pytest.raises(FileExistsError, match=r"kept\.bin"):
            client.files.fetch(id=1, destination=existing)
    assert existing.read_bytes() == b"mine"
    assert not existing.with_name("kept.bin.part").exists()


def test_a_text_answer_declares_its_pattern_and_the_login_starts_the_session(
    portal: ModuleType,
) -> None:
    source = inspect.getsource(portal.api.account)
    assert "Extract('id=([0-9]+)', 'the account id')" in source.replace('"', "'")
    assert "starts_session=True" in source
    assert inspect.signature(portal.api.AccountApi.whoami).return_annotation == "int"


def test_an_api_without_channels_gets_no_socket_runtime(portal: ModuleType) -> None:
    runtime = Path(portal.__file__).parent / "_runtime"
    assert (runtime / "http.py").exists()
    assert not (runtime / "sockets.py").exists()
