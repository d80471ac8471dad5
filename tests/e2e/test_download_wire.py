"""download() against a small HTTP server on 127.0.0.1 for what the sandbox never sends:
a gzip Content-Encoding, a body that stalls mid-way (a read timeout, then a resume), and
a file that got shorter, sent whole to a Range request."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from neurospeed_ext.download import IncompleteDownloadError, download

BODY = bytes(range(256)) * 2_000  # 512 KB, several reads
SHORTER = b"replaced\n" * 1_000
PIECE = 4096
"""download()'s chunk size where a stall is tested: pieces well short of STALL_AT."""
STALL_AT = 100_000
STALL_SECONDS = 2.0
"""Far longer than the client's read timeout below; the server gives up on its own."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    release: threading.Event
    requests_seen: list[str | None]

    def do_GET(self) -> None:
        self.requests_seen.append(self.headers.get("Range"))
        if self.path == "/gzip":
            self._send(200, gzip.compress(BODY), {"Content-Encoding": "gzip"})
        elif self.path in ("/stall", "/shrinks") and self.headers.get("Range") is None:
            self._send_stalling()
        elif self.path == "/shrinks":
            self._send(200, SHORTER, {})  # Range ignored: the file changed meanwhile
        elif self.path == "/stall":
            start = int(self.headers["Range"].removeprefix("bytes=").removesuffix("-"))
            content_range = f"bytes {start}-{len(BODY) - 1}/{len(BODY)}"
            self._send(206, BODY[start:], {"Content-Range": content_range})
        else:
            self._send(404, b"no such file", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(body)

    def _send_stalling(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(BODY[:STALL_AT])
        self.wfile.flush()
        self.release.wait(STALL_SECONDS)  # bounded: the test sets it when done
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads what it needs from `requests_seen`."""


def same_bytes(got: bytes, sent: bytes) -> bool:
    """Equality without pytest's diff of two large byte strings, which takes minutes."""
    return got == sent


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"release": threading.Event(), "requests_seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_a_gzip_encoded_body_is_saved_decoded(
    server: tuple[str, type[_Handler]], tmp_path: Path
) -> None:
    base, handler = server
    path = download(f"{base}/gzip", tmp_path / "data.csv", progress=False)
    assert same_bytes(path.read_bytes(), BODY)
    assert handler.requests_seen == [None]


def test_a_stalled_body_is_resumed_after_the_read_timeout(
    server: tuple[str, type[_Handler]], tmp_path: Path
) -> None:
    base, handler = server
    path = download(
        f"{base}/stall", tmp_path / "data.csv", progress=False, timeout=(2.0, 0.3), chunk_size=PIECE
    )
    assert same_bytes(path.read_bytes(), BODY)
    first, resumed = handler.requests_seen
    assert first is None
    # From the last whole piece written: the read the timeout cut loses what it held.
    assert resumed is not None
    start = int(resumed.removeprefix("bytes=").removesuffix("-"))
    assert STALL_AT - PIECE < start <= STALL_AT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


def test_a_shorter_whole_file_answer_leaves_no_stale_bytes(
    server: tuple[str, type[_Handler]], tmp_path: Path
) -> None:
    base, handler = server
    target = tmp_path / "data.csv"
    url = f"{base}/shrinks"
    with pytest.raises(IncompleteDownloadError):
        download(url, target, progress=False, timeout=(2.0, 0.3), max_resumes=0, chunk_size=PIECE)
    assert (tmp_path / "data.csv.part").stat().st_size > len(SHORTER)
    handler.release.set()
    assert same_bytes(download(url, target, progress=False).read_bytes(), SHORTER)
    assert handler.requests_seen[-1] is not None  # the second call asked to resume
