"""`neurospeed stream` and `neurospeed export`: a file in, the same samples back out."""

from __future__ import annotations

import csv
import itertools
import math
import re
import time
from pathlib import Path

import numpy
import pytest

from neurospeed_ext import cli
from neurospeed_ext.sandbox import SandboxServer
from tests.e2e.conftest import CUSTOMER, login_customer, new_user, wait_for

PASSWORD = "secret-pass"
SUMMARY = re.compile(
    r"^(\d+) samples, (\d+) packets, (\d+) bytes, [\d.]+ s \(stream (\S+), HIA \w+\)$"
)


@pytest.fixture
def username(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sandbox: SandboxServer) -> str:
    """A fresh user; the environment holds their login and the customer's."""
    user: str = new_user(login_customer(sandbox), PASSWORD)["username"]
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEUROSPEED_CONFIG", raising=False)
    for name, value in {
        "SERVER": sandbox.base_url,
        "EMAIL": CUSTOMER["email"],
        "PASSWORD": CUSTOMER["password"],
        "ACCOUNT_ID": "sandbox",
        "USERNAME": user,
        "USER_PASSWORD": PASSWORD,
    }.items():
        monkeypatch.setenv(f"NEUROSPEED_{name}", value)
    return user


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must succeed; its stdout."""
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def start(capsys: pytest.CaptureFixture[str], username: str) -> int:
    return int(run(capsys, "record", "start", username))


def stream(capsys: pytest.CaptureFixture[str], *argv: str) -> re.Match[str]:
    summary = SUMMARY.match(run(capsys, "stream", *argv).strip())
    assert summary is not None
    return summary


def wait_for_packets(sandbox: SandboxServer, recorder_id: int, packets: int) -> None:
    """Sent means handed to the socket: wait until the recorder has stored them."""
    customer = login_customer(sandbox)
    path = f"/gateway/recorder/{recorder_id}"
    wait_for(lambda: customer.ok("GET", path)["packets_count"] == packets, timeout=5)


def exported_rows(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, str]]:
    path = Path(run(capsys, "export", *argv, "--no-progress").strip())
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_stream_a_csv_while_recording_then_export_it(
    sandbox: SandboxServer, username: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    channels = ["Fp1", "Fp2", "C3", "C4"]
    begin = round(time.time() - 2, 3)
    samples = [[round(math.sin(i / 10 + c) * 50, 6) for c in range(4)] for i in range(2 * 64)]
    stamps = [begin + i / 64 for i in range(len(samples))]
    source = tmp_path / "eeg.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", *channels])
        writer.writerows([stamp, *row] for stamp, row in zip(stamps, samples, strict=True))

    recorder_id = start(capsys, username)
    summary = stream(capsys, str(source), "--stream-id", "eeg_cli", "--label", "baseline")
    assert summary.group(1) == "128"
    assert summary.group(4) == "eeg_cli"
    wait_for_packets(sandbox, recorder_id, int(summary.group(2)))

    out = tmp_path / "exports"
    rows = exported_rows(capsys, str(recorder_id), "--out", f"{out}/", "--name", "eeg")
    assert (out / "eeg.csv").is_file()
    assert [[float(row[c]) for c in channels] for row in rows] == samples
    assert [float(row["timestamp"]) for row in rows] == stamps
    assert {(row["stream_id"], row["device_type"], row["label"]) for row in rows} == {
        ("eeg_cli", "EEG", "baseline")
    }

    status = cli.main(["export", str(recorder_id), "--out", f"{out}/", "--name", "eeg"])
    assert status == 1
    assert "eeg.csv exists; pass --overwrite" in capsys.readouterr().err


def test_stream_a_npy_file(
    sandbox: SandboxServer, username: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 3,000 samples: three file chunks, several packets of at most 64 KiB.
    samples = numpy.arange(3 * 3000, dtype=numpy.float64).reshape(3000, 3) / 8
    source = tmp_path / "eda.npy"
    numpy.save(source, samples)

    recorder_id = start(capsys, username)
    before = time.time()
    summary = stream(
        capsys,
        str(source),
        "--rate",
        "32",
        "--device-type",
        "EDA",
        "--channels",
        "x, y,z",
    )
    assert summary.group(1) == "3000"
    assert int(summary.group(2)) >= 2
    stream_id = summary.group(4)
    assert stream_id.startswith("EDA_")
    wait_for_packets(sandbox, recorder_id, int(summary.group(2)))

    rows = exported_rows(capsys, str(recorder_id), "--out", str(tmp_path / "out"), "--name", "npy")
    assert (tmp_path / "out" / "npy.csv").is_file()
    assert [[float(row[c]) for c in "xyz"] for row in rows] == samples.tolist()
    stamps = [float(row["timestamp"]) for row in rows]
    steps = {round(b - a, 6) for a, b in itertools.pairwise(stamps)}
    assert steps == {round(1 / 32, 6)}
    assert before - 1 < stamps[0] < time.time()


def test_realtime_paces_at_the_sampling_rate(
    username: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "slow.csv"
    source.write_text("".join(f"{i},{-i}\n" for i in range(20)), encoding="utf-8")
    started = time.monotonic()
    summary = stream(capsys, str(source), "--rate", "20", "--realtime", "--device-type", "PPG")
    assert time.monotonic() - started >= 0.95
    assert summary.group(1) == "20"
    assert int(summary.group(2)) >= 4


def test_stream_usage_errors(
    username: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "plain.csv"
    source.write_text("1,2\n3,4\n", encoding="utf-8")
    for argv, message in [
        ([str(source)], "give the sampling rate with --rate HZ"),
        ([str(source), "--rate", "10", "--channels", "a"], "--channels names 1 channels"),
        ([str(source), "--rate", "10", "--label", "a,b"], "--label: label 'a,b' contains a comma"),
        ([str(tmp_path / "none.csv"), "--rate", "10"], "cannot read"),
    ]:
        assert cli.main(["stream", *argv]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert message in err
