"""Session ZIPs of the sandbox's E4 Connect portal over real HTTP: the E4 layout, stable
bytes, refusals, concurrent first downloads, the bulk hook and cut-off downloads."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.e4_helpers import E4OTHER, E4USER, OTHER_IDS, Portal, add_bulk

MEMBERS = ["ACC.csv", "BVP.csv", "EDA.csv", "HR.csv", "IBI.csv", "TEMP.csv", "info.txt", "tags.txt"]
RATES = {"ACC.csv": 32, "BVP.csv": 64, "EDA.csv": 4, "TEMP.csv": 4, "HR.csv": 1}
SEEDED = {101: (1500000000, 120), 102: (1500003600, 180), 103: (1500090000, 90)}
"""id: (start_time, duration), as default_seed.yaml has them."""


@pytest.fixture(scope="module")
def portal(sandbox: SandboxServer) -> Portal:
    return Portal(sandbox).login()


@pytest.fixture
def no_faults(sandbox: SandboxServer) -> Iterator[None]:
    yield
    requests.delete(f"{sandbox.base_url}/__sandbox__/faults", timeout=5)


def rows(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("ascii")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def test_a_download_is_a_zip_in_the_e4_layout(portal: Portal) -> None:
    answer = portal.download(102)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/zip"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="102.zip"'
    assert int(answer.headers["Content-Length"]) == len(answer.content)
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(MEMBERS)
    start, duration = SEEDED[102]
    for name, rate in RATES.items():
        table = rows(archive, name)
        width = 3 if name == "ACC.csv" else 1
        begins = start + 10 if name == "HR.csv" else start
        assert table[0] == [f"{begins}.000000"] * width, name
        assert table[1] == [f"{rate}.000000"] * width, name
        samples = table[2:]
        assert len(samples) == (duration - 10 if name == "HR.csv" else duration) * rate, name
        assert all(len(row) == width for row in samples), name
    assert all(abs(int(v)) <= 128 for row in rows(archive, "ACC.csv")[2:] for v in row)
    assert all(0 < float(v) < 100 for (v,) in rows(archive, "EDA.csv")[2:])
    assert all(25 < float(v) < 40 for (v,) in rows(archive, "TEMP.csv")[2:])
    ibi = rows(archive, "IBI.csv")
    assert ibi[0] == [f"{start}.000000", "IBI"]
    beats = [(float(t), float(gap)) for t, gap in ibi[1:]]
    assert beats and all(0 < t < duration and 0.3 < gap < 1.5 for t, gap in beats)
    assert [t for t, _ in beats] == sorted(t for t, _ in beats)
    assert archive.read("info.txt").strip() and archive.read("tags.txt") == b""


def test_tags_hold_the_seeded_event_markers(portal: Portal) -> None:
    archive = zipfile.ZipFile(io.BytesIO(portal.download(101).content))
    tags = archive.read("tags.txt").decode().split()
    assert [float(t) for t in tags] == [1500000030.25, 1500000090.5]


def test_a_session_always_downloads_the_same_bytes(
    portal: Portal, start_sandbox: Callable[..., SandboxServer]
) -> None:
    first = portal.download(103).content
    assert portal.download(103).content == first
    fresh = Portal(start_sandbox()).login()
    assert fresh.download(103).content == first  # made from the seed, not from chance


def test_concurrent_first_downloads_get_one_zip(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    portal = Portal(start_sandbox()).login()
    with ThreadPoolExecutor(4) as pool:
        bodies = list(pool.map(lambda _: portal.download(102), range(8)))
    assert {b.status_code for b in bodies} == {200}
    assert len({b.content for b in bodies}) == 1


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 400), ("?id=", 400), ("?id=abc", 400), ("?id=-1", 400), ("?id=999", 404)],
)
def test_bad_ids_are_refused(portal: Portal, query: str, status: int) -> None:
    assert portal.request("GET", f"/download.php{query}").status_code == status


def test_another_accounts_session_is_not_found(portal: Portal) -> None:
    assert portal.download(OTHER_IDS[0]).status_code == 404


def test_the_bulk_hook_adds_large_sessions(sandbox: SandboxServer) -> None:
    portal = Portal(sandbox).login(E4OTHER)
    made = add_bulk(sandbox, E4OTHER["username"], 3, 200_000)
    assert len(made["ids"]) == 3 and made["file_size"] >= 200_000
    listed = {int(s["id"]): s for s in portal.sessions(1002)}
    assert set(made["ids"]) <= set(listed)
    assert len({listed[i]["start_time"] for i in made["ids"]}) == 3
    for session_id in made["ids"]:
        answer = portal.download(session_id)
        assert answer.status_code == 200
        assert int(answer.headers["Content-Length"]) == len(answer.content) == made["file_size"]
        assert sorted(zipfile.ZipFile(io.BytesIO(answer.content)).namelist()) == sorted(MEMBERS)


def test_the_bulk_hook_makes_a_hundred_5_mb_sessions(
    start_sandbox: Callable[..., SandboxServer],
) -> None:
    sandbox = start_sandbox()
    made = add_bulk(sandbox, E4USER["username"], 100, 5_000_000)
    assert len(set(made["ids"])) == 100 and made["file_size"] >= 5_000_000
    portal = Portal(sandbox).login()
    assert len(portal.sessions()) == 103
    last = portal.download(made["ids"][-1])
    assert len(last.content) == made["file_size"]
    assert portal.request("DELETE", f"/connect.php/sessions/{made['ids'][0]}").status_code == 200
    assert len(portal.download(made["ids"][1]).content) == made["file_size"]  # still shared


@pytest.mark.parametrize(
    "body",
    [
        {"email": "nobody@sandbox.local", "count": 1, "size_bytes": 10},
        {"email": E4USER["username"], "count": 0, "size_bytes": 10},
        {"email": E4USER["username"], "count": 1, "size_bytes": "big"},
        {"count": 1, "size_bytes": 10},
        [],
    ],
)
def test_the_bulk_hook_refuses_bad_requests(sandbox: SandboxServer, body: Any) -> None:
    answer = requests.post(f"{sandbox.base_url}/__sandbox__/e4/sessions", json=body, timeout=5)
    assert answer.status_code in (400, 404) and "message" in answer.json()


def test_a_cut_after_fault_truncates_the_download(
    sandbox: SandboxServer, portal: Portal, no_faults: None
) -> None:
    whole = portal.download(101).content
    rule: dict[str, Any] = {"method": "GET", "path": "/connect/download.php", "cut_after": 1000}
    made = requests.post(f"{sandbox.base_url}/__sandbox__/faults", json=rule, timeout=5)
    assert made.status_code == 201, made.text
    received = bytearray()
    with portal.download_stream(101) as answer:
        assert answer.status_code == 200
        assert int(answer.headers["Content-Length"]) == len(whole)
        with pytest.raises(requests.exceptions.RequestException):
            for chunk in answer.iter_content(100):  # urllib3 drops a short read's bytes
                received += chunk
    assert len(received) == 1000 < len(whole) and bytes(received) == whole[:1000]
    assert portal.download(101).content == whole  # the fault was used up
