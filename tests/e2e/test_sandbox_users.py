"""Users of a customer: get, create, modify, delete, list; user tokens stay in their lane."""

from __future__ import annotations

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import Client, login_user, new_user, start_recording


def test_get_user_by_name(customer: Client) -> None:
    user = customer.ok("GET", "/users/user1")
    assert user["username"] == "user1" and isinstance(user["id"], int)
    assert user["settings"]["userId"] == user["id"]
    missing = customer.get("/users/nobody")
    assert missing.status_code == 404 and missing.json()["message"]


def test_create_answers_the_user_with_settings(customer: Client, sandbox: SandboxServer) -> None:
    answer = customer.post("/users", json={"username": "fresh", "password": "long-enough"})
    assert answer.status_code == 201
    created = answer.json()
    assert created["username"] == "fresh" and "createdAt" in created["settings"]
    assert customer.ok("GET", "/users/fresh")["id"] == created["id"]
    assert login_user(sandbox, "fresh", "long-enough").token


def test_create_refuses_short_passwords_and_duplicates(customer: Client) -> None:
    short = customer.post("/users", json={"username": "shorty", "password": "1234567"})
    assert short.status_code == 400 and "password" in short.json()["message"]
    duplicate = customer.post("/users", json={"username": "user1", "password": "long-enough"})
    assert duplicate.status_code == 409 and duplicate.json()["message"]
    bad_name = customer.post("/users", json={"username": "a b/c", "password": "long-enough"})
    assert bad_name.status_code == 400


def test_modify_takes_a_form_body_and_a_query_id(customer: Client, sandbox: SandboxServer) -> None:
    user = new_user(customer)
    answer = customer.put(
        "/users", params={"id": user["id"]}, data={"username": "renamed", "password": "new-secret"}
    )
    assert answer.status_code == 200 and answer.json()["username"] == "renamed"
    assert login_user(sandbox, "renamed", "new-secret").token
    clash = customer.put(
        "/users", params={"id": user["id"]}, data={"username": "user2", "password": "new-secret"}
    )
    assert clash.status_code == 409
    short = customer.put(
        "/users", params={"id": user["id"]}, data={"username": "renamed", "password": "short"}
    )
    assert short.status_code == 400
    missing = customer.put(
        "/users", params={"id": 99999}, data={"username": "x", "password": "y" * 8}
    )
    assert missing.status_code == 404
    no_id = customer.put("/users", data={"username": "x", "password": "y" * 8})
    assert no_id.status_code == 400 and "id" in no_id.json()["message"]


def test_delete_answers_true_and_takes_recorders_along(
    customer: Client, sandbox: SandboxServer
) -> None:
    user = new_user(customer)
    token = login_user(sandbox, user["username"], "secret-pass")
    recorder = start_recording(customer, user["username"])
    answer = customer.delete("/users", params={"id": user["id"]})
    assert answer.status_code == 200 and answer.json() is True
    assert customer.get(f"/users/{user['username']}").status_code == 404
    assert customer.get(f"/gateway/recorder/{recorder['id']}").status_code == 404
    assert token.get(f"/users/{user['username']}").status_code == 401
    assert customer.delete("/users", params={"id": user["id"]}).status_code == 404


def test_list_pages_and_filters(customer: Client) -> None:
    for _ in range(3):
        new_user(customer)
    everyone = customer.ok(
        "POST", "/users/list", json={"pager": {"page_number": 1, "page_size": 100}, "filters": {}}
    )["pager"]["items"]
    assert len(everyone) >= 5 and [u["id"] for u in everyone] == sorted(u["id"] for u in everyone)
    second = customer.ok(
        "POST", "/users/list", json={"pager": {"page_number": 2, "page_size": 2}, "filters": {}}
    )["pager"]["items"]
    assert second == everyone[2:4]
    only = customer.ok(
        "POST",
        "/users/list",
        json={"pager": {"page_number": 1, "page_size": 10}, "filters": {"username": "user2"}},
    )["pager"]["items"]
    assert [u["username"] for u in only] == ["user2"]
    beyond = customer.ok(
        "POST", "/users/list", json={"pager": {"page_number": 99, "page_size": 10}, "filters": {}}
    )
    assert beyond == {"pager": {"items": []}}
    zero = customer.post(
        "/users/list", json={"pager": {"page_number": 0, "page_size": 10}, "filters": {}}
    )
    assert zero.status_code == 400


def test_user_tokens_read_only_themselves(sandbox: SandboxServer) -> None:
    user = login_user(sandbox, "user1", "user1-pass")
    assert user.ok("GET", "/users/user1")["username"] == "user1"
    assert user.get("/users/user2").status_code == 403
    assert (
        user.post("/users", json={"username": "x1", "password": "long-enough"}).status_code == 403
    )
    assert user.delete("/users", params={"id": 2}).status_code == 403
    listing = user.post(
        "/users/list", json={"pager": {"page_number": 1, "page_size": 5}, "filters": {}}
    )
    assert listing.status_code == 403 and listing.json()["message"]
