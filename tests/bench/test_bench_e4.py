"""Downloading every session of an E4 Connect account with `-a` (issue 6, item 8): our
`e4client` command against the published e4client 1.12's, in the same run.

The sandbox gets an account holding NEUROSPEED_BENCH_E4_SESSIONS sessions (default 100)
of NEUROSPEED_BENCH_E4_MB megabytes each (default 5), made with the bulk hook
`POST /__sandbox__/e4/sessions`. Each round runs (a) our command
(`neurospeed_ext.commands.e4.main`, this interpreter) and (b) the published script,
unmodified, in its own venv with its class-level `_URL_*` pointed at the sandbox, each in a
fresh process reporting its wall time and peak RSS (VmHWM: see test_bench_download.py for
why not ru_maxrss). The two alternate, so a slow spell of the machine lands on both.

Reported, not asserted: the ratios of wall time and peak RSS. Asserted: both commands
fetched every session, byte-identical, and ours left no `.part` file behind.

Run: `pytest tests/bench/test_bench_e4.py -s`.
"""

from __future__ import annotations

import filecmp
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from neurospeed_ext.sandbox import SandboxServer, parse_seed
from tests.bench.peak_rss import PEAK_RSS
from tests.published_venv import E4CLIENT, published_python

MEGABYTE = 1_000_000
SESSIONS = int(os.environ.get("NEUROSPEED_BENCH_E4_SESSIONS", "100"))
SIZE = int(float(os.environ.get("NEUROSPEED_BENCH_E4_MB", "5")) * MEGABYTE)
ROUNDS = int(os.environ.get("NEUROSPEED_BENCH_E4_ROUNDS", "3"))
CHILD_TIMEOUT = 900.0
EMAIL, PASSWORD = "bench@sandbox.local", "bench-pass"
PORTAL = "https://www.empatica.com/connect"

OURS = (
    PEAK_RSS
    + """
base, user, password, out = sys.argv[1:5]
from neurospeed_ext.commands.e4 import main
import neurospeed_ext.e4, neurospeed_ext.commands.e4_csv  # what main() imports when it runs
imported = peak_rss()
start = time.perf_counter()
status = main(["-u", user, "-p", password, "-a", "--server", base, "-o", out, "--no-progress"])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak": peak_rss(), "imported": imported, "status": status}))
"""
)

PUBLISHED = (
    PEAK_RSS
    + f"""
import runpy
base, user, password, out = sys.argv[1:5]
from e4client import E4Connect
for name, value in list(vars(E4Connect).items()):
    if name.startswith("_URL_"):
        setattr(E4Connect, name, value.replace({PORTAL!r}, base))
imported = peak_rss()
sys.argv = ["e4client", "-u", user, "-p", password, "-a", "-o", out]
start = time.perf_counter()
runpy.run_path(str(Path(sys.executable).parent / "e4client"), run_name="__main__")
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak": peak_rss(), "imported": imported, "status": 0}}))
"""
)

SEED = {
    "customers": [{"email": "c@sandbox.local", "password": "c-pass", "account_id": "bench"}],
    "e4_accounts": [{"email": EMAIL, "password": PASSWORD, "user_id": 4242, "sessions": []}],
}


def _run(python: Path, script: str, base: str, out: Path) -> dict[str, float]:
    out.mkdir()
    done = subprocess.run(
        [str(python), "-c", script, base, EMAIL, PASSWORD, str(out)],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr[-3000:]
    return report


@pytest.mark.bench
def test_download_every_session_with_dash_a(tmp_path: Path) -> None:
    theirs_python = published_python(tmp_path / "published-e4client", E4CLIENT)
    pythons = {"ours": Path(sys.executable), "published": theirs_python}
    scripts = {"ours": OURS, "published": PUBLISHED}
    labels = {"ours": "(a) e4client -a (this SDK)", "published": "(b) e4client 1.12 -a"}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in scripts}
    with SandboxServer(seed=parse_seed(SEED)) as server:
        made = requests.post(
            f"{server.base_url}/__sandbox__/e4/sessions",
            json={"email": EMAIL, "count": SESSIONS, "size_bytes": SIZE},
            timeout=CHILD_TIMEOUT,
        )
        assert made.status_code == 201, made.text
        ids, file_size = made.json()["ids"], made.json()["file_size"]
        for round_number in range(ROUNDS):
            for name in scripts:
                out = tmp_path / f"{name}-{round_number}"
                runs[name].append(_run(pythons[name], scripts[name], server.e4_url, out))
                if round_number < ROUNDS - 1:
                    _remove_tree(out)  # keep only the last round's files on disk

    last = {name: tmp_path / f"{name}-{ROUNDS - 1}" for name in scripts}
    names = {name: sorted(p.name for p in folder.iterdir()) for name, folder in last.items()}
    expected = sorted(f"{i}.zip" for i in ids)
    identical = all(
        filecmp.cmp(last["ours"] / n, last["published"] / n, shallow=False) for n in expected
    )
    for folder in last.values():
        _remove_tree(folder)

    total_mb = len(ids) * file_size / MEGABYTE
    print(
        f"\n{len(ids)} sessions of {file_size / MEGABYTE:.1f} MB ({total_mb:,.0f} MB) with -a"
        f" over loopback, {ROUNDS} runs each"
    )
    medians: dict[str, tuple[float, float]] = {}
    for name, label in labels.items():
        seconds = statistics.median(r["seconds"] for r in runs[name])
        peak = max(r["peak"] for r in runs[name])
        imported = max(r["imported"] for r in runs[name])
        medians[name] = (seconds, peak - imported)
        print(
            f"  {label}: median {seconds:.2f} s ({total_mb / seconds:,.0f} MB/s), peak RSS"
            f" {peak / MEGABYTE:,.1f} MB, {(peak - imported) / MEGABYTE:,.1f} MB above imports"
        )
    (ours, our_growth), (theirs, their_growth) = medians["ours"], medians["published"]
    print(f"  wall time: ours is {theirs / ours:.2f}x as fast as the published client")
    print(
        f"  memory above imports: ours {our_growth / MEGABYTE:,.1f} MB, published"
        f" {their_growth / MEGABYTE:,.1f} MB ({their_growth / max(our_growth, 1):.1f}x)"
    )
    print(f"  files byte-identical: {identical}")
    assert names["ours"] == names["published"] == expected  # no .part left, nothing missing
    assert identical


def _remove_tree(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
