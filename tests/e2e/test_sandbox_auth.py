"""Logins, refresh, expiry and the access flags, over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from neurospeed_ext.sandbox import SandboxServer, Settings
from tests.e2e.conftest import (
    ACCOUNT_ID,
    CUSTOMER,
    Client,
    login_customer,
    login_user,
    two_customer_seed,
)


def test_customer_login_answers_both_tokens(sandbox: SandboxServer) -> None:
    answer = requests.post(f"{sandbox.api_url}/auth/login", json=CUSTOMER, timeout=5)
    assert answer.status_code == 200
    token = answer.json()["token"]
    assert set(token) == {"accessToken", "refreshToken"}
    assert token["accessToken"].count(".") == 2 and token["accessToken"] != token["refreshToken"]


def test_wrong_credentials_answer_401_with_a_message(sandbox: SandboxServer) -> None:
    api = sandbox.api_url
    wrong = requests.post(f"{api}/auth/login", json={**CUSTOMER, "password": "nope"}, timeout=5)
    assert wrong.status_code == 401 and wrong.json()["message"]
    unknown = {"account_id": ACCOUNT_ID, "username": "nobody", "password": "whatever-1"}
    assert requests.post(f"{api}/users/login", json=unknown, timeout=5).status_code == 401
    bad_pass = {"account_id": ACCOUNT_ID, "username": "user1", "password": "user2-pass"}
    assert requests.post(f"{api}/users/login", json=bad_pass, timeout=5).status_code == 401
    other_account = {"account_id": "elsewhere", "username": "user1", "password": "user1-pass"}
    assert requests.post(f"{api}/users/login", json=other_account, timeout=5).status_code == 401


def test_requests_without_a_good_token_answer_unauthorized(sandbox: SandboxServer) -> None:
    token = login_customer(sandbox).token
    assert token is not None
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": f"Bearer {tampered}"}):
        answer = Client(sandbox).get("/customers/current", headers=headers)
        assert answer.status_code == 401
        assert answer.json() == {"message": "Unauthorized"}


def test_refresh_answers_new_working_tokens(sandbox: SandboxServer) -> None:
    login = requests.post(f"{sandbox.api_url}/auth/login", json=CUSTOMER, timeout=5).json()
    answer = requests.post(
        f"{sandbox.api_url}/auth/refresh_token",
        json={"refreshToken": login["token"]["refreshToken"]},
        timeout=5,
    )
    assert answer.status_code == 200
    token = answer.json()["token"]
    assert token["accessToken"] != login["token"]["accessToken"] and token["refreshToken"]
    assert Client(sandbox, token["accessToken"]).ok("GET", "/customers/current")["id"] == 1


def test_a_failed_refresh_never_says_unauthorized(sandbox: SandboxServer) -> None:
    login = requests.post(f"{sandbox.api_url}/auth/login", json=CUSTOMER, timeout=5).json()
    for bad in ("garbage", "a.b.c", login["token"]["accessToken"]):
        answer = requests.post(
            f"{sandbox.api_url}/auth/refresh_token", json={"refreshToken": bad}, timeout=5
        )
        assert answer.status_code == 401
        assert answer.json()["message"] not in ("Unauthorized", None)
    # A refresh token is no access token either.
    as_access = Client(sandbox, login["token"]["refreshToken"]).get("/customers/current")
    assert as_access.status_code == 401


def test_access_tokens_expire_and_refresh_still_works(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    server = start_sandbox(settings=Settings(token_lifetime=0.3))
    login = requests.post(f"{server.api_url}/auth/login", json=CUSTOMER, timeout=5).json()
    client = Client(server, login["token"]["accessToken"])
    assert client.get("/customers/current").status_code == 200
    time.sleep(0.4)
    expired = client.get("/customers/current")
    assert expired.status_code == 401 and expired.json() == {"message": "Unauthorized"}
    fresh = requests.post(
        f"{server.api_url}/auth/refresh_token",
        json={"refreshToken": login["token"]["refreshToken"]},
        timeout=5,
    ).json()
    assert Client(server, fresh["token"]["accessToken"]).get("/customers/current").ok


def test_refresh_tokens_expire_too(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(settings=Settings(refresh_lifetime=0.2))
    login = requests.post(f"{server.api_url}/auth/login", json=CUSTOMER, timeout=5).json()
    time.sleep(0.3)
    answer = requests.post(
        f"{server.api_url}/auth/refresh_token",
        json={"refreshToken": login["token"]["refreshToken"]},
        timeout=5,
    )
    assert answer.status_code == 401 and answer.json()["message"] != "Unauthorized"


def test_tokens_do_not_survive_a_restart(start_sandbox: Callable[..., SandboxServer]) -> None:
    first, second = start_sandbox(), start_sandbox()
    token = login_customer(first).token
    assert Client(second, token).get("/customers/current").status_code == 401


def test_current_customer_and_access_flags(sandbox: SandboxServer) -> None:
    customer = login_customer(sandbox)
    me = customer.ok("GET", "/customers/current")
    assert me == {
        "id": 1,
        "email": "customer@sandbox.local",
        "role": "user",
        "firstName": "Sandy",
        "lastName": "Box",
        "is_active": True,
        "account_id": "sandbox",
        "company_name": "NeuroSpeed Sandbox",
    }
    user = login_user(sandbox, "user1", "user1-pass")
    for kind in ("insight", "recordings", "raw_data"):
        path = f"/customers/customers_access/get_{kind}_access"
        assert customer.ok("GET", path) == {"access": True}
        assert user.ok("GET", path) == {"access": True}
    assert user.get("/customers/current").status_code == 403


def test_access_flags_follow_the_seed(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(seed=two_customer_seed())
    other = login_customer(server, "other@sandbox.local", "other-pass")
    prefix = "/customers/customers_access"
    assert other.ok("GET", f"{prefix}/get_insight_access") == {"access": False}
    assert other.ok("GET", f"{prefix}/get_recordings_access") == {"access": True}
    user = login_user(server, "user1", "other1-pass", account_id="other")
    denied = user.post(
        "/users/settings/insights/daily_stress", json={"user_id": None, "daily_date": "2024-01-01"}
    )
    assert denied.status_code == 403 and denied.json()["message"]
