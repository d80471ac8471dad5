"""The generated e4connect_api client against the sandbox's portal, over real HTTP: the
cookie session, the user id extracted from HTML, typed lists, binary answers streamed to
`<name>.part` and renamed, and every failure typed (test_sandbox_e4.py checks that the
portal serves exactly the routes of spec/e4connect)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import requests

import e4connect_api as e4
from neurospeed_ext.sandbox import SandboxServer, Settings

USER, PASSWORD = "e4user@sandbox.local", "e4user-pass"
DROPPED = r"dropped after \d+ bytes|got \d+ of \d+ bytes"
ZIP_MEMBERS = {"ACC.csv", "BVP.csv", "EDA.csv", "HR.csv", "IBI.csv", "TEMP.csv", "info.txt"}


@pytest.fixture
def client(sandbox: SandboxServer) -> e4.Client:
    with e4.Client(sandbox.e4_url, timeout=5.0) as logged_in:
        logged_in.account.authenticate(username=USER, password=PASSWORD)
        yield logged_in


def test_login_keeps_the_cookie_and_the_user_id_comes_out_of_the_page(
    client: e4.Client,
) -> None:
    assert client.has_session
    assert client.account.user_id() == "1001"


def test_sessions_and_devices_are_typed(client: e4.Client) -> None:
    sessions = client.sessions.list("1001")
    assert [s.id for s in sessions][:3] == [101, 102, 103]
    assert all(isinstance(s, e4.Session) for s in sessions)
    assert any(s.label == "walk, then run" for s in sessions)
    assert any(s.label is None for s in sessions)
    early = client.sessions.list("1001", from_=0, to=1_500_000_000)
    assert [s.id for s in early] == [101]
    devices = client.devices.purchased("1001")
    assert {d.device_id for d in devices} == {"A01A3C", "A02B7F"}


def test_a_download_streams_to_a_part_file_and_lands_complete(
    client: e4.Client, tmp_path: Path
) -> None:
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "101.zip"

    def progress(done: int, total: int | None) -> None:
        assert target.with_name("101.zip.part").exists() and not target.exists()
        seen.append((done, total))

    path = client.sessions.download(id=101, destination=target, on_progress=progress)
    assert path == target
    assert [p.name for p in tmp_path.iterdir()] == ["101.zip"]
    total = target.stat().st_size
    assert seen[-1] == (total, total)
    with zipfile.ZipFile(target) as zipped:
        assert set(zipped.namelist()) >= ZIP_MEMBERS
    with pytest.raises(FileExistsError):
        client.sessions.download(id=101, destination=target)
    again = client.sessions.download(id=101, destination=target, overwrite=True)
    assert again.read_bytes() == path.read_bytes()


def test_a_dropped_download_leaves_neither_the_file_nor_the_part(
    client: e4.Client, sandbox: SandboxServer, tmp_path: Path
) -> None:
    prefix = sandbox.settings.e4_prefix
    fault = {"method": "GET", "path": f"{prefix}/download.php", "cut_after": 1000, "count": 4}
    assert requests.post(f"{sandbox.base_url}/__sandbox__/faults", json=fault, timeout=5).ok
    try:
        with pytest.raises(
            e4.IncompleteAnswerError, match=r"dropped after \d+ bytes|got \d+ of \d+ bytes"
        ):
            client.sessions.download(id=102, destination=tmp_path / "102.zip")
    finally:
        requests.delete(f"{sandbox.base_url}/__sandbox__/faults", timeout=5)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_session_is_a_typed_404_and_writes_nothing(
    client: e4.Client, tmp_path: Path
) -> None:
    with pytest.raises(e4.NotFoundError) as caught:
        client.sessions.download(id=999_999, destination=tmp_path / "x.zip")
    assert caught.value.status == 404
    assert list(tmp_path.iterdir()) == []


def test_calls_before_a_login_fail_without_a_request(sandbox: SandboxServer) -> None:
    with (
        e4.Client(sandbox.e4_url) as client,
        pytest.raises(e4.AuthenticationError, match="not logged in"),
    ):
        client.sessions.list("1001")


def test_a_wrong_password_is_a_401_and_keeps_no_earlier_session(sandbox: SandboxServer) -> None:
    with e4.Client(sandbox.e4_url) as client:
        client.account.authenticate(username=USER, password=PASSWORD)
        with pytest.raises(e4.AuthenticationError) as caught:
            client.account.authenticate(username="e4other@sandbox.local", password="Xq7-secret")
        assert caught.value.status == 401
        assert PASSWORD not in str(caught.value) and "Xq7-secret" not in str(caught.value)
        assert not client.has_session  # the first account's cookie is not reused by mistake


def test_a_cookie_the_portal_no_longer_knows_is_an_authentication_error(
    sandbox: SandboxServer,
) -> None:
    with e4.Client(sandbox.e4_url) as client:
        host = sandbox.host
        client.transport.session.cookies.set("PHPSESSID", "forged-or-expired", domain=host)
        with pytest.raises(e4.AuthenticationError, match="log in again") as caught:
            client.account.user_id()
        assert caught.value.status == 401


def test_the_client_follows_a_custom_path_prefix(
    start_sandbox: object,
) -> None:
    server = start_sandbox(settings=Settings(e4_prefix="/e4/portal"))  # type: ignore[operator]
    assert server.e4_url.endswith("/e4/portal")
    with e4.Client(server.e4_url) as client:
        client.account.authenticate(username=USER, password=PASSWORD)
        assert client.account.user_id() == "1001"
