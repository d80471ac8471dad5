"""The sandbox's E4 Connect portal (PROTOCOL 6) over real HTTP: cookie logins, the user id
page, session and device lists decoded with the generated models, isolation, removal,
the path prefix, and its routes against spec/e4connect."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
import requests

import e4connect_api as e4
from codegen.pipeline import build_apis, targets
from neurospeed_ext.sandbox import SandboxServer, SeedError, Settings, parse_seed, route_table
from neurospeed_ext.sandbox.e4.routes import route_table as portal_routes
from neurospeed_ext.sandbox.e4.state import E4_KEY
from tests.e2e.e4_helpers import (
    E4OTHER,
    E4OTHER_ID,
    E4USER,
    E4USER_ID,
    OTHER_IDS,
    SEEDED_IDS,
    Portal,
)
from tests.helpers import SPEC

ROUTES = [
    ("GET", "/sessions.php"),
    ("GET", f"/connect.php/users/{E4USER_ID}/sessions?from=0&to=999999999999"),
    ("GET", "/download.php?id=101"),
    ("DELETE", "/connect.php/sessions/101"),
    ("GET", f"/connect.php/users/{E4USER_ID}/api/purchasedDevices"),
]


def test_a_login_sets_an_http_only_session_cookie(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox)
    answer = portal.request("POST", "/authenticate.php", data=E4USER)
    assert answer.status_code == 200
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("PHPSESSID=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/connect" in cookie
    assert "secure" not in cookie.lower()
    assert re.fullmatch(r"[0-9a-f]{32}", portal.http.cookies.get("PHPSESSID") or "")
    assert portal.request("GET", "/sessions.php").status_code == 200


@pytest.mark.parametrize(
    "form",
    [
        {"username": E4USER["username"], "password": "wrong-pass"},
        {"username": "nobody@sandbox.local", "password": E4USER["password"]},
        {"username": E4USER["username"]},
        {"password": E4USER["password"]},
        {},
    ],
    ids=["wrong password", "unknown e-mail", "no password", "no username", "empty"],
)
def test_bad_credentials_answer_401_and_no_cookie(
    sandbox: SandboxServer, form: dict[str, str]
) -> None:
    portal = Portal(sandbox)
    answer = portal.request("POST", "/authenticate.php", data=form)
    assert answer.status_code == 401
    assert "Set-Cookie" not in answer.headers and not portal.http.cookies
    assert answer.headers["Content-Type"].startswith("text/plain") and len(answer.text) < 100
    assert portal.request("GET", "/sessions.php").status_code == 401


def test_a_json_login_body_is_refused(sandbox: SandboxServer) -> None:
    """The portal takes a form, as the published client sends it."""
    answer = Portal(sandbox).request("POST", "/authenticate.php", json=E4USER)
    assert answer.status_code == 401


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_valid_cookie(sandbox: SandboxServer, method: str, path: str) -> None:
    portal = Portal(sandbox)
    assert portal.request(method, path).status_code == 401
    portal.http.cookies.set("PHPSESSID", "0" * 32, path="/connect")
    assert portal.request(method, path).status_code == 401


def test_the_sessions_page_carries_the_user_id(sandbox: SandboxServer) -> None:
    for credentials, user_id in ((E4USER, E4USER_ID), (E4OTHER, E4OTHER_ID)):
        page = Portal(sandbox).login(credentials).request("GET", "/sessions.php")
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        script = re.search(r"<script[^>]*>(.*?)</script>", page.text, re.S)
        assert script is not None and f"userId = {user_id};" in script.group(1)
        found = re.search(r"userId = ([0-9]*);", page.text)  # the published client's regex
        assert found is not None and found.group(1) == str(user_id)


def test_the_session_list_decodes_into_the_generated_models(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox).login()
    data = portal.sessions(**{"from": 0, "to": 999999999999})
    assert data[0]["id"] == "101" and data[0]["start_time"] == "1500000000"  # text, like PHP
    sessions = e4.CONVERTER.structure(data, list[e4.Session])
    assert [s.id for s in sessions] == SEEDED_IDS
    by_id = {s.id: s for s in sessions}
    assert by_id[101].label == "baseline" and by_id[101].duration == 120
    assert by_id[102].label == "walk, then run"
    assert by_id[103].label is None and by_id[103].device_id == "A02B7F"
    assert all(s.device == "E4 3.2" and s.status == 0 for s in sessions)


def test_from_and_to_filter_on_the_start_time_inclusively(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox).login()
    assert portal.session_ids() == SEEDED_IDS
    assert portal.session_ids(**{"from": 1500003600}) == [102, 103]
    assert portal.session_ids(to=1500003600) == [101, 102]
    assert portal.session_ids(**{"from": 1500003600, "to": 1500003600}) == [102]
    assert portal.session_ids(**{"from": 1600000000}) == []
    path = f"/connect.php/users/{E4USER_ID}/sessions"
    assert portal.request("GET", path, params={"from": "soon"}).status_code == 400


def test_other_user_ids_answer_403(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox).login()
    for user_id in (E4OTHER_ID, 999, "abc"):
        for tail in ("sessions", "api/purchasedDevices"):
            answer = portal.request("GET", f"/connect.php/users/{user_id}/{tail}")
            assert answer.status_code == 403, (user_id, tail)


def test_the_device_list_decodes_into_the_generated_models(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox).login()
    answer = portal.request("GET", f"/connect.php/users/{E4USER_ID}/api/purchasedDevices")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    devices = e4.CONVERTER.structure(answer.json(), list[e4.Device])
    assert [d.device_id for d in devices] == ["A01A3C", "A02B7F"]
    assert devices[0].model == "E4" and devices[0].purchase_id == 5001
    assert answer.json()[0]["purchase_id"] == "5001"


def test_accounts_see_their_own_sessions_only(sandbox: SandboxServer) -> None:
    user, other = Portal(sandbox).login(), Portal(sandbox).login(E4OTHER)
    assert other.session_ids(E4OTHER_ID) == OTHER_IDS
    assert user.download(OTHER_IDS[0]).status_code == 404
    assert other.download(SEEDED_IDS[0]).status_code == 404
    assert user.request("DELETE", f"/connect.php/sessions/{OTHER_IDS[0]}").status_code == 404
    assert other.session_ids(E4OTHER_ID) == OTHER_IDS


def test_a_removed_session_is_gone(start_sandbox: Callable[..., SandboxServer]) -> None:
    portal = Portal(start_sandbox()).login()
    assert portal.download(102).status_code == 200  # its ZIP is built, then removed
    answer = portal.request("DELETE", "/connect.php/sessions/102")
    assert answer.status_code == 200 and answer.text in ("", "true")
    assert portal.session_ids() == [101, 103]
    assert portal.download(102).status_code == 404
    assert portal.request("DELETE", "/connect.php/sessions/102").status_code == 404
    assert portal.request("DELETE", "/connect.php/sessions/abc").status_code == 404


def test_a_custom_prefix_moves_the_portal(start_sandbox: Callable[..., SandboxServer]) -> None:
    sandbox = start_sandbox(settings=Settings(e4_prefix="/e4"))
    assert sandbox.e4_url == f"{sandbox.base_url}/e4"
    portal = Portal(sandbox)
    answer = portal.request("POST", "/authenticate.php", data=E4USER)
    assert answer.status_code == 200 and "Path=/e4" in answer.headers["Set-Cookie"]
    assert portal.session_ids() == SEEDED_IDS
    old = requests.post(f"{sandbox.base_url}/connect/authenticate.php", data=E4USER, timeout=5)
    assert old.status_code == 404
    assert not any(".php" in path for _, path in route_table(sandbox.app))


@pytest.mark.parametrize("prefix", ["", "/", "connect", "/connect/", "/con nect", "//x", "/api"])
def test_bad_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="e4_prefix"):
        Settings(e4_prefix=prefix)


def test_logins_expire(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(settings=Settings(e4_session_lifetime=60.0))
    portal = Portal(server).login()
    assert portal.request("GET", "/sessions.php").status_code == 200
    logins = server.call(lambda: server.app[E4_KEY].logins)
    real_clock = logins.clock
    server.call(lambda: setattr(logins, "clock", lambda: real_clock() + 61.0))  # a minute on
    assert portal.request("GET", "/sessions.php").status_code == 401
    assert portal.login().request("GET", "/sessions.php").status_code == 200


def test_the_portal_routes_are_the_specs(sandbox: SandboxServer) -> None:
    """Fails when spec/e4connect has a route the portal does not serve, or the other way."""
    (api,) = [a for a in build_apis(SPEC, targets()["python"]) if a.name == "e4connect"]
    spec = {(op.method, op.path) for tag in api.tags for op in tag.operations}
    assert len(spec) == 6
    assert portal_routes(sandbox.app, sandbox.settings.e4_prefix) == spec


def test_no_password_or_cookie_reaches_the_logs(
    sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        portal = Portal(sandbox).login()
        Portal(sandbox).request("POST", "/authenticate.php", data={**E4USER, "password": "p4ss"})
        assert portal.download(101).status_code == 200
    cookie = portal.http.cookies.get("PHPSESSID")
    assert cookie and caplog.records
    for secret in (cookie, E4USER["password"], "p4ss"):
        assert secret not in caplog.text


CUSTOMERS = [{"email": "c@sandbox.local", "password": "pw", "account_id": "a"}]
GOOD_ACCOUNT: dict[str, Any] = {
    "email": "e4@sandbox.local",
    "password": "pw",
    "user_id": 7,
    "devices": [{"device_id": "D1"}],
    "sessions": [{"id": 5, "start_time": 0, "duration": 60}],
}


def test_e4_seed_sessions_may_be_counted() -> None:
    account = {**GOOD_ACCOUNT, "sessions": [{"count": 3, "start_time": 100, "duration": 60}]}
    other = {**GOOD_ACCOUNT, "email": "x@sandbox.local", "user_id": 8}
    seed = parse_seed({"customers": CUSTOMERS, "e4_accounts": [account, other]})
    counted = seed.e4_accounts[0].sessions
    assert [s.id for s in counted] == [6, 7, 8]  # after the highest explicit id, 5
    assert [s.start_time for s in counted] == [100, 220, 340]
    assert {s.device_id for s in counted} == {"D1"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"user_id": "7"}, r"e4_accounts\[0\]\.user_id"),
        ({"email": None}, r"e4_accounts\[0\]\.email"),
        ({"devices": {}}, r"e4_accounts\[0\]\.devices"),
        ({"sessions": [{"id": 5, "duration": 60}]}, r"sessions\[0\]\.start_time"),
        ({"sessions": [{"id": 5, "start_time": 0, "duration": 0}]}, r"sessions\[0\]\.duration"),
        ({"sessions": [{"id": 5, "start_time": 0, "duration": 9, "label": 3}]}, r"\.label"),
        ({"sessions": [{"id": 5, "start_time": 0, "duration": 9, "tags": ["x"]}]}, r"\.tags"),
        ({"sessions": [{"id": 5, "count": 2, "start_time": 0, "duration": 9}]}, "id or count"),
        ({"devices": [], "sessions": [{"id": 5, "start_time": 0, "duration": 9}]}, "device_id"),
    ],
)
def test_bad_e4_seeds_name_the_field(change: dict[str, Any], field: str) -> None:
    data = {"customers": CUSTOMERS, "e4_accounts": [{**GOOD_ACCOUNT, **change}]}
    with pytest.raises(SeedError, match=field):
        parse_seed(data, "seed.yaml")


def test_e4_seed_ids_and_emails_are_unique() -> None:
    twin = {**GOOD_ACCOUNT, "user_id": 8}
    with pytest.raises(SeedError, match="duplicate email"):
        parse_seed({"customers": CUSTOMERS, "e4_accounts": [GOOD_ACCOUNT, twin]})
    twin = {**GOOD_ACCOUNT, "email": "x@sandbox.local", "user_id": 8}
    with pytest.raises(SeedError, match="duplicate id '5'"):
        parse_seed({"customers": CUSTOMERS, "e4_accounts": [GOOD_ACCOUNT, twin]})
