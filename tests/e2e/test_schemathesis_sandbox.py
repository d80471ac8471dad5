"""The exported OpenAPI documents fuzzed against the sandbox with schemathesis.

Every operation of `python -m codegen export openapi` (NeuroSpeed and E4 Connect) is called
with data schemathesis generates from the document, twice: once as generated (mostly
refusals: unknown ids, wrong credentials) and once with the ids, names and credentials
of real resources pinned in (mostly successes), so both kinds of answer are checked. No
answer may be a 5xx, and each must match what the document declares for it: status code,
content type, headers and body schema. Bounded: a few derandomized examples per
operation and pass, no shrinking, against one sandbox on a free loopback port; operations
that delete or rename things run last.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from codegen import cli
from codegen.export.openapi import openapi_document
from codegen.pipeline import build_apis
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import ACCOUNT_ID, CUSTOMER, TIMEOUT, login_customer, new_user
from tests.e2e.e4_helpers import E4USER, E4USER_ID, SEEDED_IDS
from tests.helpers import SPEC

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 5
"""Examples per operation and pass."""
USER_PASSWORD = "fuzz-user-pass"
Pins = dict[str, Any]


def _document(name: str) -> dict[str, Any]:
    (api,) = [a for a in build_apis(SPEC) if a.name == name]
    return openapi_document(api)


NEUROSPEED = _document("neurospeed")
E4CONNECT = _document("e4connect")
SESSION_COOKIE = E4CONNECT["components"]["securitySchemes"]["session"]["name"]
"""The documents as built in memory: what to collect tests for. The tests fuzz the files
the command writes."""
_METHOD_RANK = {"get": 0, "post": 1, "put": 2, "delete": 3}


def _operations(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(operationId, method, path) of every operation: reads first, then creations,
    changes and deletions, the users' own last (the fuzzed user's token depends on them)."""
    found = [
        (item["operationId"], method, path)
        for path, methods in document["paths"].items()
        for method, item in methods.items()
    ]
    return sorted(found, key=lambda o: (_METHOD_RANK[o[1]], o[0].startswith("users."), o[0]))


def _roles(document: dict[str, Any], method: str, path: str) -> set[str]:
    security = document["paths"][path][method]["security"]
    return {role for requirement in security for roles in requirement.values() for role in roles}


def _schema(tmp_path_factory: pytest.TempPathFactory, api: str, base_url: str) -> Any:
    """`python -m codegen export openapi --api API` loaded by schemathesis, its servers
    replaced by the sandbox's."""
    out = tmp_path_factory.mktemp("export") / f"{api}.json"
    command = ["export", "openapi", "--spec", str(SPEC), "--api", api, "--out", str(out)]
    assert cli.main(command) == 0
    document = json.loads(out.read_text("utf-8"))
    loaded = schemathesis.openapi.from_dict({**document, "servers": [{"url": base_url}]})
    loaded.config.update(base_url=base_url)
    return loaded


def _pin(value: Any, pins: Pins) -> None:
    """Overwrite, in place, the values of the keys `pins` names, at any depth of dicts."""
    if isinstance(value, dict):
        for key in value:
            if key in pins:
                value[key] = pins[key]
            else:
                _pin(value[key], pins)


def fuzz(operation: Any, *, pins: Pins | None, **call: Any) -> list[int]:
    """Call the operation with EXAMPLES generated cases (their keys pinned when `pins` is
    given) and validate each answer; returns the statuses, or raises the first failure."""
    statuses: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if pins is not None:
            for part in (case.path_parameters, case.query, case.body):
                _pin(part, pins)
        response = case.call_and_validate(checks=CHECKS, timeout=TIMEOUT, **call)
        statuses.append(response.status_code)

    run()
    return statuses


# -- NeuroSpeed ----------------------------------------------------------------------


class NeuroSpeedWorld:
    """Real resources of one fresh user of the sandbox's customer, and tokens to reach them."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self.customer = login_customer(sandbox)
        login = requests.post(
            f"{sandbox.api_url}/auth/login", json=CUSTOMER, timeout=TIMEOUT
        ).json()
        self.refresh_token: str = login["token"]["refreshToken"]
        user = new_user(self.customer, USER_PASSWORD)
        self.username: str = user["username"]
        self.user_id: int = user["id"]
        user_login = self.customer.ok(
            "POST",
            "/users/login",
            json={"account_id": ACCOUNT_ID, "username": self.username, "password": USER_PASSWORD},
        )
        self.user_token: str = user_login["token"]["accessToken"]
        made = requests.post(
            f"{sandbox.base_url}/__sandbox__/exports",
            json={"username": self.username, "size_bytes": 2000},
            timeout=TIMEOUT,
        )
        assert made.status_code == 201, made.text
        self.stopped_recorder: int = made.json()["recorder_id"]
        self.exporter: int = made.json()["exporter_id"]
        body = {"username": self.username, "recorder_name": "fuzzed"}
        self.recorder: int = self.customer.ok("POST", "/gateway/recorder", json=body)["id"]
        self.unrecorded: str = new_user(self.customer)["username"]
        """A user without a recorder, for the pinned recorder creations."""

    def headers(self, roles: set[str], *, pinned: bool) -> dict[str, str]:
        """Customer routes take the customer's token; routes for either take the user's
        when generated (its own data) and the customer's when pinned (naming the user)."""
        if not roles:
            return {}
        customer = roles == {"customer"} or (pinned and "customer" in roles)
        token = self.customer.token if customer else self.user_token
        return {"Authorization": f"Bearer {token}"}

    def pins(self, method: str, path: str) -> Pins:
        """Wire names -> values that reach this world's resources on `path`."""
        pins: Pins = {
            "username": self.username,
            "user_id": self.user_id,
            "hia_id": "fuzz-hia",
            "page_number": 1,
            "page_size": 10,
            "payload": '{"fuzz": true}',
            "first_day_of_week": "monday",
            "local_timezone": "+0200",
        }
        if (method, path) == ("post", "/users"):
            pins.update(username=f"{self.username}-new", password=USER_PASSWORD)
        elif path == "/auth/login":
            pins.update(CUSTOMER)
        elif path == "/auth/refresh_token":
            pins["refreshToken"] = self.refresh_token
        elif path.startswith("/users"):
            pins.update(id=self.user_id, password=USER_PASSWORD, account_id=ACCOUNT_ID)
        elif path == "/gateway/recorder":
            pins.update(id=self.recorder, recorder_id=self.recorder, username=self.unrecorded)
        elif path.startswith("/gateway/recorder"):
            pins.update(id=self.recorder, recorder_id=self.recorder)
        elif path.startswith("/gateway/exporter"):
            pins.update(id=self.exporter, exporter_id=self.exporter)
            pins["recorder_id"] = self.stopped_recorder
        return pins


@pytest.fixture(scope="module")
def world(sandbox: SandboxServer) -> NeuroSpeedWorld:
    return NeuroSpeedWorld(sandbox)


@pytest.fixture(scope="module")
def neurospeed_schema(sandbox: SandboxServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _schema(tmp_path_factory, "neurospeed", sandbox.api_url)


@pytest.fixture(scope="module")
def e4connect_schema(sandbox: SandboxServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _schema(tmp_path_factory, "e4connect", sandbox.e4_url)


@pytest.fixture(scope="module")
def neurospeed_statuses() -> dict[str, list[int]]:
    return {}


@pytest.mark.parametrize(
    ("operation_id", "method", "path"),
    _operations(NEUROSPEED),
    ids=[o[0] for o in _operations(NEUROSPEED)],
)
def test_neurospeed_operation_answers_as_documented(
    operation_id: str,
    method: str,
    path: str,
    neurospeed_schema: Any,
    world: NeuroSpeedWorld,
    neurospeed_statuses: dict[str, list[int]],
) -> None:
    operation = neurospeed_schema[path][method.upper()]
    roles = _roles(NEUROSPEED, method, path)
    statuses = fuzz(operation, pins=None, headers=world.headers(roles, pinned=False))
    pinned = world.pins(method, path)
    statuses += fuzz(operation, pins=pinned, headers=world.headers(roles, pinned=True))
    assert len(statuses) == 2 * EXAMPLES
    neurospeed_statuses[operation_id] = statuses


def test_neurospeed_fuzzing_reached_successes(neurospeed_statuses: dict[str, list[int]]) -> None:
    """The pinned pass made every operation succeed at least once, so the success
    schemas were checked against real answers, not only the error body."""
    if len(neurospeed_statuses) < len(_operations(NEUROSPEED)):
        pytest.skip("runs after the whole NeuroSpeed fuzz only")
    never = sorted(op for op, got in neurospeed_statuses.items() if not any(s < 300 for s in got))
    assert never == [], {op: neurospeed_statuses[op] for op in never}


# -- E4 Connect ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def e4_cookies(sandbox: SandboxServer) -> dict[str, str]:
    """The cookie of a portal login. Passed to each call, it replaces the one schemathesis
    generates from the document's cookie scheme."""
    answer = requests.post(f"{sandbox.e4_url}/authenticate.php", data=E4USER, timeout=TIMEOUT)
    cookie = answer.cookies.get(SESSION_COOKIE)
    assert answer.status_code == 200 and cookie is not None, answer.text
    return {SESSION_COOKIE: cookie}


E4_PINS: Pins = {"user_id": str(E4USER_ID), "id": SEEDED_IDS[0], **E4USER}


@pytest.mark.parametrize(
    ("operation_id", "method", "path"),
    _operations(E4CONNECT),
    ids=[o[0] for o in _operations(E4CONNECT)],
)
def test_e4connect_operation_answers_as_documented(
    operation_id: str,
    method: str,
    path: str,
    e4connect_schema: Any,
    e4_cookies: dict[str, str],
) -> None:
    operation = e4connect_schema[path][method.upper()]
    statuses = fuzz(operation, pins=None, cookies=e4_cookies)
    statuses += fuzz(operation, pins=E4_PINS, cookies=e4_cookies)
    assert any(s < 300 for s in statuses), (operation_id, statuses)
