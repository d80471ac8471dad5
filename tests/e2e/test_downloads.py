"""download() against a real sandbox: whole files, names, overwrite rules, cut-off
connections resumed with Range, give-ups that leave a resumable .part, refused URLs."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from neurospeed_ext.download import (
    DownloadError,
    DownloadExistsError,
    DownloadHTTPError,
    IncompleteDownloadError,
    download,
)
from neurospeed_ext.sandbox import SandboxServer
from neurospeed_ext.sandbox.downloads import signed_path
from tests.e2e.conftest import TIMEOUT, Client, new_user

SIZE = 400_000
NAME = "eeg session.csv"
SERVED_NAME = "eeg_session.csv"
"""The sandbox makes custom names safe for its URL and Content-Disposition."""
LOGGER = "neurospeed_ext.download"


class Export:
    """A synthetic export of one user, its signed URL and its bytes as plain requests sees them."""

    def __init__(self, sandbox: SandboxServer, customer: Client, size: int = SIZE) -> None:
        self.sandbox = sandbox
        username = new_user(customer)["username"]
        made = requests.post(
            f"{sandbox.base_url}/__sandbox__/exports",
            json={"username": username, "size_bytes": size, "custom_name": NAME},
            timeout=TIMEOUT,
        )
        assert made.status_code == 201, made.text
        self.exporter_id: int = made.json()["exporter_id"]
        self.url: str = customer.ok(
            "GET", "/gateway/exporter/url", params={"exporter_id": self.exporter_id}
        )["url"]
        self.path = urlsplit(self.url).path
        self.body = requests.get(self.url, timeout=TIMEOUT).content
        assert len(self.body) == made.json()["file_size"] >= size

    def cut(self, after: int, count: int) -> None:
        """The next `count` downloads get `after` body bytes, then the connection closes."""
        rule = {"method": "GET", "path": self.path, "cut_after": after, "count": count}
        answer = requests.post(f"{self.sandbox.base_url}/__sandbox__/faults", json=rule, timeout=5)
        assert answer.status_code == 201, answer.text

    def pending_faults(self) -> list[dict[str, object]]:
        faults: list[dict[str, object]] = requests.get(
            f"{self.sandbox.base_url}/__sandbox__/faults", timeout=5
        ).json()
        return faults


@pytest.fixture
def export(sandbox: SandboxServer, customer: Client) -> Iterator[Export]:
    made = Export(sandbox, customer)
    yield made
    requests.delete(f"{sandbox.base_url}/__sandbox__/faults", timeout=5)


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _raw_get(url: str, extra: str = "") -> tuple[str, bytes]:
    """Head and body of a GET over a bare socket, read until the server closes it."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        request = f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: x\r\n{extra}\r\n"
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode(), body


def test_the_cut_fault_truncates_real_answers(export: Export) -> None:
    export.cut(after=1000, count=3)
    head, body = _raw_get(export.url)
    assert head.startswith("HTTP/1.1 200") and f"Content-Length: {len(export.body)}" in head
    assert body == export.body[:1000]
    head, body = _raw_get(export.url, "Range: bytes=5000-\r\n")
    assert head.startswith("HTTP/1.1 206") and body == export.body[5000:6000]
    assert f"Content-Range: bytes 5000-{len(export.body) - 1}/{len(export.body)}" in head
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(export.url, timeout=5)
    whole = requests.get(export.url, headers={"Range": "bytes=5000-"}, timeout=5)
    assert whole.status_code == 206 and whole.content == export.body[5000:]
    bad = {"method": "GET", "path": export.path, "cut_after": -1}
    refused = requests.post(f"{export.sandbox.base_url}/__sandbox__/faults", json=bad, timeout=5)
    assert refused.status_code == 400 and "cut_after" in refused.json()["message"]


def test_the_cut_fault_truncates_json_answers(sandbox: SandboxServer, customer: Client) -> None:
    rule = {"method": "GET", "path": "/api/customers/current", "cut_after": 5}
    requests.post(f"{sandbox.base_url}/__sandbox__/faults", json=rule, timeout=5)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        customer.get("/customers/current")
    assert customer.ok("GET", "/customers/current")["account_id"] == "sandbox"


def test_whole_file_lands_under_its_final_name(export: Export, tmp_path: Path) -> None:
    path = download(export.url, tmp_path / "sub" / "data.csv")
    assert path == tmp_path / "sub" / "data.csv"
    assert path.read_bytes() == export.body
    assert files_in(tmp_path) == ["sub", "sub/data.csv"]


def test_a_folder_takes_the_content_disposition_name(export: Export, tmp_path: Path) -> None:
    assert download(export.url, tmp_path) == tmp_path / SERVED_NAME
    fresh = download(export.url, f"{tmp_path / 'new'}/")
    assert fresh == tmp_path / "new" / SERVED_NAME
    assert fresh.read_bytes() == export.body
    assert files_in(tmp_path) == [SERVED_NAME, "new", f"new/{SERVED_NAME}"]


def test_filename_stays_inside_the_folder(export: Export, tmp_path: Path) -> None:
    inside = tmp_path / "a" / "b"
    inside.mkdir(parents=True)
    path = download(export.url, inside, filename="../../evil.csv")
    assert path == inside / "evil.csv" and path.read_bytes() == export.body
    assert files_in(tmp_path) == ["a", "a/b", "a/b/evil.csv"]


def test_an_existing_file_is_left_alone(export: Export, tmp_path: Path) -> None:
    target = tmp_path / "data.csv"
    target.write_bytes(b"mine")
    fault = {"method": "GET", "path": export.path, "status": 500, "count": 1}
    requests.post(f"{export.sandbox.base_url}/__sandbox__/faults", json=fault, timeout=5)
    with pytest.raises(DownloadExistsError) as caught:
        download(export.url, target)
    assert isinstance(caught.value, FileExistsError) and caught.value.path == target
    assert target.read_bytes() == b"mine" and files_in(tmp_path) == ["data.csv"]
    assert [f["remaining"] for f in export.pending_faults()] == [1], "no request was made"
    requests.delete(f"{export.sandbox.base_url}/__sandbox__/faults", timeout=5)
    with pytest.raises(DownloadExistsError):
        download(export.url, tmp_path, filename="data.csv")
    assert download(export.url, target, overwrite=True).read_bytes() == export.body
    assert files_in(tmp_path) == ["data.csv"]


def test_cut_connections_resume_with_range(
    export: Export, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    export.cut(after=100_000, count=2)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        path = download(export.url, tmp_path / "data.csv")
    assert path.read_bytes() == export.body
    assert files_in(tmp_path) == ["data.csv"]
    assert export.pending_faults() == []
    answers = [r.getMessage() for r in caplog.records if ": answer " in r.getMessage()]
    assert [a.rpartition(": ")[2] for a in answers] == [
        "answer 200 to the whole file",
        "answer 206 to bytes=100000-",
        "answer 206 to bytes=200000-",
    ]


def test_giving_up_keeps_the_part_for_the_next_call(
    export: Export, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "data.csv"
    part = tmp_path / "data.csv.part"
    export.cut(after=60_000, count=3)
    with pytest.raises(IncompleteDownloadError) as caught:
        download(export.url, target, max_resumes=1)
    error = caught.value
    assert (error.received, error.expected, error.part) == (120_000, len(export.body), part)
    assert files_in(tmp_path) == ["data.csv.part", "data.csv.part.json"]
    assert part.read_bytes() == export.body[:120_000]
    requests.delete(f"{export.sandbox.base_url}/__sandbox__/faults", timeout=5)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert download(export.url, target).read_bytes() == export.body
    assert files_in(tmp_path) == ["data.csv"]
    assert any(r.getMessage().endswith("answer 206 to bytes=120000-") for r in caplog.records)


def test_a_leftover_part_is_found_by_the_answers_name(
    export: Export, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    export.cut(after=12_345, count=1)
    with pytest.raises(IncompleteDownloadError):
        download(export.url, tmp_path, max_resumes=0)
    assert (tmp_path / f"{SERVED_NAME}.part").stat().st_size == 12_345
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert download(export.url, tmp_path).read_bytes() == export.body
    assert files_in(tmp_path) == [SERVED_NAME]
    assert any(r.getMessage().endswith("answer 206 to bytes=12345-") for r in caplog.records)


def test_a_part_left_by_another_file_is_not_spliced_on(export: Export, tmp_path: Path) -> None:
    """Bytes of another download (or of unknown origin) are never taken as this file's."""
    part = tmp_path / "data.csv.part"
    part.write_bytes(b"bytes of some other export" * 100)
    assert download(export.url, tmp_path / "data.csv").read_bytes() == export.body
    part.write_bytes(b"bytes of some other export" * 100)
    (tmp_path / "data.csv.part.json").write_text('{"path": "/downloads/exports/999/other.csv"}')
    assert download(export.url, tmp_path / "data.csv", overwrite=True).read_bytes() == export.body
    assert files_in(tmp_path) == ["data.csv"]


def test_a_part_that_does_not_fit_is_restarted(export: Export, tmp_path: Path) -> None:
    target = tmp_path / "data.csv"
    (tmp_path / "data.csv.part").write_bytes(b"x" * (len(export.body) + 10))
    assert download(export.url, target).read_bytes() == export.body
    (tmp_path / "again.csv.part").write_bytes(export.body)
    assert download(export.url, tmp_path / "again.csv").read_bytes() == export.body
    assert files_in(tmp_path) == ["again.csv", "data.csv"]


def test_a_given_session_is_used_without_its_token(export: Export, tmp_path: Path) -> None:
    sent: list[tuple[str | None, str | None]] = []

    def note(response: requests.Response, *args: object, **kwargs: object) -> None:
        headers = response.request.headers
        sent.append((headers.get("Authorization"), headers.get("Accept-Encoding")))

    with requests.Session() as session:
        session.headers["Authorization"] = "Bearer not-for-object-stores"
        session.hooks["response"].append(note)
        assert download(export.url, tmp_path / "a.csv", session=session).exists()
        assert session.get(export.url, timeout=5).status_code == 200, "still open"
    assert sent[0] == (None, "identity")


def test_busy_answers_are_retried(export: Export, tmp_path: Path) -> None:
    fault = {"method": "GET", "path": export.path, "status": 503, "retry_after": 0, "count": 2}
    requests.post(f"{export.sandbox.base_url}/__sandbox__/faults", json=fault, timeout=5)
    assert download(export.url, tmp_path / "data.csv").read_bytes() == export.body
    assert export.pending_faults() == []


def test_an_altered_url_is_refused_without_its_secret(export: Export, tmp_path: Path) -> None:
    signature = parse_qs(urlsplit(export.url).query)["signature"][0]
    altered = export.url.replace(f"signature={signature}", f"signature={signature[::-1]}")
    with pytest.raises(DownloadHTTPError) as caught:
        download(altered, tmp_path / "data.csv")
    error = caught.value
    assert error.status == 403 and "invalid download link" in error.body
    for text in (str(error), repr(error), error.url, error.body):
        assert signature not in text and signature[::-1] not in text
        assert "signature=" not in text
    assert error.url == f"{export.sandbox.base_url}{export.path}"
    assert files_in(tmp_path) == []


def test_an_expired_url_is_refused(export: Export, tmp_path: Path) -> None:
    state = export.sandbox.state
    exporter = state.exporters[export.exporter_id]
    expired = signed_path(state, exporter, expires=state.tokens.now() - 1)
    with pytest.raises(DownloadHTTPError) as caught:
        download(f"{export.sandbox.base_url}{expired}", tmp_path)
    assert caught.value.status == 403 and "expired" in str(caught.value)
    assert "signature" not in str(caught.value) and files_in(tmp_path) == []


def test_an_unreachable_server_is_a_download_error(tmp_path: Path) -> None:
    with SandboxServer() as server:
        url = f"{server.base_url}/downloads/exports/1/x.csv?signature=s3cr3t-value"
    with pytest.raises(DownloadError) as caught:
        download(url, tmp_path / "x.csv", max_resumes=1, timeout=1.0)
    assert "s3cr3t-value" not in str(caught.value) and files_in(tmp_path) == []


def test_progress_bar_on_a_small_file(
    export: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = download(export.url, tmp_path / "data.csv", progress=True)
    assert path.read_bytes() == export.body
    out, err = capsys.readouterr()
    assert out == "" and "data.csv" in err and "100%" in err
    download(export.url, tmp_path / "quiet.csv", progress=False)
    assert capsys.readouterr().err == ""
