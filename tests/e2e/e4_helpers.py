"""A logged-in E4 Connect portal session over real HTTP, shared by the sandbox's E4 tests."""

from __future__ import annotations

from typing import Any

import requests

from neurospeed_ext.sandbox import SandboxServer

E4USER = {"username": "e4user@sandbox.local", "password": "e4user-pass"}
E4OTHER = {"username": "e4other@sandbox.local", "password": "e4other-pass"}
E4USER_ID = 1001
E4OTHER_ID = 1002
SEEDED_IDS = [101, 102, 103]
OTHER_IDS = [104]
TIMEOUT = 5.0


class Portal:
    """A requests.Session against one sandbox's portal; `login` keeps its cookie."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self.url = sandbox.e4_url
        self.http = requests.Session()

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.http.request(method, f"{self.url}{path}", **kwargs)

    def login(self, credentials: dict[str, str] = E4USER) -> Portal:
        answer = self.request("POST", "/authenticate.php", data=credentials)
        assert answer.status_code == 200, answer.text
        return self

    def sessions(self, user_id: int = E4USER_ID, **params: Any) -> list[dict[str, Any]]:
        answer = self.request("GET", f"/connect.php/users/{user_id}/sessions", params=params)
        assert answer.status_code == 200, answer.text
        listed: list[dict[str, Any]] = answer.json()
        return listed

    def session_ids(self, user_id: int = E4USER_ID, **params: Any) -> list[int]:
        return [int(s["id"]) for s in self.sessions(user_id, **params)]

    def download(self, session_id: int | str) -> requests.Response:
        return self.request("GET", "/download.php", params={"id": session_id})

    def download_stream(self, session_id: int | str) -> requests.Response:
        """The download's head, its body left to read (a context manager)."""
        return self.request("GET", "/download.php", params={"id": session_id}, stream=True)


def add_bulk(sandbox: SandboxServer, email: str, count: int, size: int) -> dict[str, Any]:
    answer = requests.post(
        f"{sandbox.base_url}/__sandbox__/e4/sessions",
        json={"email": email, "count": count, "size_bytes": size},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made
