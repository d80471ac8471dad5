"""The e4client surface (`from e4client import E4Connect`) against the sandbox's portal:
the published calls and results, with typed errors where e4client half-worked."""

from __future__ import annotations

import asyncio
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

import e4client
from e4client import E4Connect
from neurospeed_ext.e4 import (
    AuthenticationError,
    ProtocolError,
    SessionNotFoundError,
    extract_session,
)
from neurospeed_ext.sandbox import SandboxServer
from neurospeed_ext.sandbox.server import start_runner

USER, PASSWORD = "e4user@sandbox.local", "e4user-pass"
COLUMNS = ["id", "device_id", "duration", "status", "start_time", "label", "device", "exit_code"]


@pytest.fixture
def portal(sandbox: SandboxServer) -> Iterator[E4Connect]:
    with E4Connect(USER, PASSWORD, server=sandbox.e4_url) as connected:
        yield connected


def test_the_import_path_is_the_published_one() -> None:
    assert e4client.E4Connect is E4Connect
    assert issubclass(e4client.AuthenticationError, e4client.E4Error)


def test_login_then_the_published_calls_answer_what_e4client_answered(portal: E4Connect) -> None:
    assert portal.user_id() == "1001"  # a method, as documented (e4client shadowed it)
    sessions = portal.sessions_list()
    assert [list(s) for s in sessions] == [COLUMNS] * len(sessions)
    assert [s["id"] for s in sessions][:3] == ["101", "102", "103"]  # text, as the portal sends
    devices = portal.purchased_devices()
    assert {d["device_id"] for d in devices} == {"A01A3C", "A02B7F"}
    assert "e4user@sandbox.local" in repr(portal) and PASSWORD not in repr(portal)


def test_download_session_into_a_folder_or_to_a_file(
    portal: E4Connect, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    into_cwd = portal.download_session("101")  # e4client's default: "." -> ./101.zip
    assert into_cwd == Path("101.zip")
    named = portal.download_session(102, tmp_path / "walk.zip", progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["101.zip", "walk.zip"]
    with zipfile.ZipFile(named) as zipped:
        assert "IBI.csv" in zipped.namelist()
    folder = extract_session(named)
    rows = (folder / "EDA.csv").read_text().splitlines()
    assert float(rows[0].split(",")[0]) == 1_500_003_600  # first row: the start time
    assert float(rows[1].split(",")[0]) == 4.0  # second row: the sample rate


def test_a_session_id_that_is_no_number_is_refused_before_any_request(portal: E4Connect) -> None:
    for bad in ("../101", "101.zip", "", "\u0661\u0660\u0661"):
        with pytest.raises(ValueError, match="session id must be a number"):
            portal.download_session(bad)


def test_remove_session_then_it_is_gone(sandbox: SandboxServer, tmp_path: Path) -> None:
    with E4Connect("e4other@sandbox.local", "e4other-pass", server=sandbox.e4_url) as other:
        (only,) = other.sessions()
        other.remove_session(str(only.id))
        assert other.sessions_list() == []
        with pytest.raises(SessionNotFoundError) as caught:
            other.download_session(only.id, tmp_path)
        assert caught.value.status == 404
        assert list(tmp_path.iterdir()) == []


def test_a_wrong_password_raises_authentication_error(sandbox: SandboxServer) -> None:
    with pytest.raises(AuthenticationError, match="wrong e-mail or password") as caught:
        E4Connect(USER, "not-the-password", server=sandbox.e4_url)
    assert caught.value.status == 401
    assert "not-the-password" not in str(caught.value)


def test_calls_before_a_login_say_so() -> None:
    portal = E4Connect(server="http://127.0.0.1:9/connect")  # never contacted
    with pytest.raises(AuthenticationError, match="not logged in"):
        portal.sessions_list()
    with pytest.raises(AuthenticationError, match="not logged in"):
        portal.user_id()


@pytest.fixture
def page_without_user_id() -> Iterator[str]:
    """A real HTTP server whose login works but whose sessions page lacks `userId = N;`."""

    async def authenticate(request: web.Request) -> web.Response:
        answer = web.Response(text="ok")
        answer.set_cookie("PHPSESSID", "abc", httponly=True)
        return answer

    async def sessions_page(request: web.Request) -> web.Response:
        page = "<html><script>var user = {}; var parentuserId = 7;</script></html>"
        return web.Response(text=page, content_type="text/html")

    async def login_page_instead_of_a_zip(request: web.Request) -> web.Response:
        return web.Response(text="<html>Please log in</html>", content_type="text/html")

    app = web.Application()
    app.router.add_post("/connect/authenticate.php", authenticate)
    app.router.add_get("/connect/sessions.php", sessions_page)
    app.router.add_get("/connect/download.php", login_page_instead_of_a_zip)
    loop = asyncio.new_event_loop()
    runner, port = loop.run_until_complete(start_runner(app, "127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/connect"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


def test_a_page_without_the_user_id_is_a_protocol_error_that_says_so(
    page_without_user_id: str,
) -> None:
    with pytest.raises(ProtocolError, match="carries no user id") as caught:
        E4Connect(USER, PASSWORD, server=page_without_user_id)
    assert caught.value.status == 200


def test_a_login_page_served_instead_of_a_zip_is_refused_and_not_kept(
    page_without_user_id: str, tmp_path: Path
) -> None:
    portal = E4Connect(server=page_without_user_id)
    portal.client.account.authenticate(username=USER, password=PASSWORD)
    with pytest.raises(ProtocolError, match="expected application/zip, got text/html"):
        portal.download_session(101, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_url_without_the_portal_prefix_is_named_as_the_problem(sandbox: SandboxServer) -> None:
    with pytest.raises(ProtocolError, match="no E4 Connect login page at") as caught:
        E4Connect(USER, PASSWORD, server=sandbox.base_url)  # forgot /connect
    assert caught.value.status == 404


def test_a_path_ending_in_a_slash_is_a_folder_made_for_the_zip(
    portal: E4Connect, tmp_path: Path
) -> None:
    path = portal.download_session(103, f"{tmp_path}/new/")
    assert path == tmp_path / "new" / "103.zip"
    assert zipfile.is_zipfile(path)
