"""Exports: the CSV built from a recording, signed download URLs, Range, expiry, deletion."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests

from neurospeed_ext.sandbox import SandboxServer, Settings
from tests.e2e.conftest import (
    Client,
    login_customer,
    login_user,
    new_user,
    send_packets,
    sensor,
    start_recording,
    wait_for,
)

EDA = sensor("eda1", "EDA", ("EDA",))
ACC = sensor("acc1", "SMARTWATCH", ("X", "Y", "EDA"))


def record(customer: Client, sandbox: SandboxServer) -> int:
    """A stopped recording of two streams with labels; returns the recorder id."""
    name = new_user(customer)["username"]
    recorder_id: int = start_recording(customer, name)["id"]
    send_packets(
        sandbox,
        name,
        [
            {
                "stream_id": "eda1",
                "sensor_info": EDA,
                "samples": [[0.5, 10.0], [0.75, 10.25]],
                "labels": ["rest"],
            },
            {
                "stream_id": "acc1",
                "sensor_info": ACC,
                "samples": [[1, 2, 3, 10.5]],
                "labels": ["rest", "task"],
            },
        ],
    )
    customer.ok("PUT", "/gateway/recorder", params={"id": recorder_id}, data={"status": "stopped"})
    return recorder_id


def export(customer: Client, recorder_id: int, **config: Any) -> dict[str, Any]:
    body = {
        "recorder_id": recorder_id,
        "exporter_config": {"custom_name": "my data.csv", **config},
        "unlimited": True,
    }
    answer = customer.post("/gateway/exporter", json=body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    assert created["status"] == "exporting" and created["recorder"]["id"] == recorder_id
    path = f"/gateway/exporter/{created['id']}"
    done: dict[str, Any] = wait_for(
        lambda: (e := customer.ok("GET", path))["status"] == "exported" and e
    )
    return done


def url_of(customer: Client, exporter_id: int) -> str:
    url: str = customer.ok("GET", "/gateway/exporter/url", params={"exporter_id": exporter_id})[
        "url"
    ]
    return url


def test_export_csv_holds_every_sample(customer: Client, sandbox: SandboxServer) -> None:
    exporter = export(customer, record(customer, sandbox))
    assert exporter["exporter_name"] == "my data.csv" and exporter["file_size"] > 0
    url = url_of(customer, exporter["id"])
    assert url.startswith(sandbox.base_url) and "signature=" in url and "expires=" in url
    download = requests.get(url, timeout=5)
    assert download.status_code == 200
    assert download.headers["Content-Length"] == str(exporter["file_size"])
    assert download.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows == [
        ["timestamp", "packets_counter", "stream_id", "device_type", "EDA", "X", "Y", "label"],
        ["10.0", "1", "eda1", "EDA", "0.5", "", "", "rest"],
        ["10.25", "1", "eda1", "EDA", "0.75", "", "", "rest"],
        ["10.5", "2", "acc1", "SMARTWATCH", "3", "1", "2", "rest;task"],
    ]


def test_export_selects_streams_and_columns(customer: Client, sandbox: SandboxServer) -> None:
    recorder_id = record(customer, sandbox)
    exporter = export(customer, recorder_id, stream_ids=["acc1"], selected_columns=["Y", "X"])
    rows = list(
        csv.reader(io.StringIO(requests.get(url_of(customer, exporter["id"]), timeout=5).text))
    )
    assert rows[0] == [
        "timestamp",
        "packets_counter",
        "stream_id",
        "device_type",
        "Y",
        "X",
        "label",
    ]
    assert rows[1:] == [["10.5", "2", "acc1", "SMARTWATCH", "2", "1", "rest;task"]]


def test_range_requests_resume_a_download(customer: Client, sandbox: SandboxServer) -> None:
    exporter = export(customer, record(customer, sandbox))
    url = url_of(customer, exporter["id"])
    whole = requests.get(url, timeout=5).content
    head = requests.get(url, headers={"Range": "bytes=0-9"}, timeout=5)
    assert head.status_code == 206 and head.content == whole[:10]
    assert head.headers["Content-Range"] == f"bytes 0-9/{len(whole)}"
    tail = requests.get(url, headers={"Range": "bytes=10-"}, timeout=5)
    assert tail.status_code == 206 and head.content + tail.content == whole


def test_tampered_urls_are_forbidden(customer: Client, sandbox: SandboxServer) -> None:
    exporter = export(customer, record(customer, sandbox))
    url = url_of(customer, exporter["id"])
    parts = urlsplit(url)
    later = parts.query.replace("expires=", "expires=9")
    for bad in (
        url[:-3] + "abc",
        f"{parts.scheme}://{parts.netloc}{parts.path}?{later}",
        f"{parts.scheme}://{parts.netloc}{parts.path}",
        url.replace(f"/exports/{exporter['id']}/", "/exports/999/"),
    ):
        answer = requests.get(bad, timeout=5)
        assert answer.status_code == 403 and answer.json()["message"]


def test_urls_expire(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(settings=Settings(download_url_lifetime=0.2))
    customer = login_customer(server)
    url = url_of(customer, export(customer, record(customer, server))["id"])
    assert requests.get(url, timeout=5).status_code == 200
    time.sleep(0.25)
    expired = requests.get(url, timeout=5)
    assert expired.status_code == 403 and "expired" in expired.json()["message"]


def test_url_waits_for_the_export(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox(settings=Settings(exporter_delay=30.0))
    customer = login_customer(server)
    body = {
        "recorder_id": record(customer, server),
        "exporter_config": {"custom_name": "x.csv"},
        "unlimited": True,
    }
    exporter = customer.ok("POST", "/gateway/exporter", json=body)
    early = customer.get("/gateway/exporter/url", params={"exporter_id": exporter["id"]})
    assert early.status_code == 409 and early.json()["message"]


def test_list_and_delete_remove_the_file(customer: Client, sandbox: SandboxServer) -> None:
    recorder_id = record(customer, sandbox)
    exporter = export(customer, recorder_id)
    username = exporter["recorder"]["username"]
    query = {"pager": {"page_number": 1, "page_size": 10}, "filters": {"username": username}}
    listed = customer.ok("POST", "/gateway/exporter/list", json=query)["pager"]["items"]
    assert [e["id"] for e in listed] == [exporter["id"]]
    url = url_of(customer, exporter["id"])
    deleted = customer.delete("/gateway/exporter", params={"exporter_id": exporter["id"]})
    assert deleted.status_code == 200 and deleted.json()["id"] == exporter["id"]
    assert requests.get(url, timeout=5).status_code == 404
    assert customer.get(f"/gateway/exporter/{exporter['id']}").status_code == 404
    assert customer.ok("POST", "/gateway/exporter/list", json=query) == {"pager": {"items": []}}


def test_bad_exporter_requests(customer: Client, sandbox: SandboxServer) -> None:
    missing_name = customer.post(
        "/gateway/exporter", json={"recorder_id": 1, "exporter_config": {}}
    )
    assert missing_name.status_code == 400 and "custom_name" in missing_name.json()["message"]
    unknown = customer.post(
        "/gateway/exporter", json={"recorder_id": 987654, "exporter_config": {"custom_name": "x"}}
    )
    assert unknown.status_code == 404
    assert customer.get("/gateway/exporter/987654").status_code == 404
    assert customer.get("/gateway/exporter/url", params={"exporter_id": 987654}).status_code == 404
    assert customer.get("/gateway/exporter/url").status_code == 400
    assert customer.delete("/gateway/exporter", params={"exporter_id": 987654}).status_code == 404
    user = login_user(sandbox, "user1", "user1-pass")
    assert user.get("/gateway/exporter/url", params={"exporter_id": 1}).status_code == 403
