"""Drive the published `e4client` 1.12 package, unmodified, against a sandbox's E4 portal.

Runs in the published package's own virtual environment:
`python published_e4_flows.py http://127.0.0.1:PORT/connect`. Only the class's URL
attributes are pointed at the sandbox (their paths, query strings and placeholders kept),
before anything else runs, so no call can reach the real portal. The last line printed is
a JSON report `{"passed": [...], "failed": [...], "skipped": []}`; exit status 1 on failures.
"""

from __future__ import annotations

import contextlib
import io
import json
import runpy
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from e4client import E4Connect

BASE = sys.argv[1]
PORTAL = "https://www.empatica.com/connect"
for _name in [n for n in vars(E4Connect) if n.startswith("_URL_")]:
    _url = getattr(E4Connect, _name)
    if not _url.startswith(f"{PORTAL}/"):
        raise SystemExit(f"unexpected {_name} in the published client: {_url}")
    setattr(E4Connect, _name, BASE + _url[len(PORTAL) :])

SCRIPT = Path(sys.executable).parent / "e4client"
MEMBERS = ["ACC.csv", "BVP.csv", "EDA.csv", "HR.csv", "IBI.csv", "TEMP.csv", "info.txt", "tags.txt"]
USER = ("e4user@sandbox.local", "e4user-pass")
OTHER = ("e4other@sandbox.local", "e4other-pass")

report: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}


def check(name: str, probe: Callable[[], Any], ok: Callable[[Any], bool] = bool) -> Any:
    try:
        value = probe()
    except Exception:
        report["failed"].append(f"{name}: {traceback.format_exc(limit=2).splitlines()[-1]}")
        return None
    (report["passed"] if ok(value) else report["failed"]).append(
        name if ok(value) else f"{name}: got {value!r:.300}"
    )
    return value


def refused(call: Callable[[], Any], status: int) -> Callable[[], int]:
    """A probe: the status of the HTTPError `call` raises (0 when it raises none)."""

    def probe() -> int:
        try:
            call()
        except Exception as exc:  # requests.HTTPError, from raise_for_status
            response = getattr(exc, "response", None)
            return getattr(response, "status_code", -1)
        return 0

    return probe


def zip_members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            return []
        return sorted(archive.namelist())


def acc_header(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("ACC.csv").decode("ascii").splitlines()
    return lines[:2]


def run_script(*args: str) -> str:
    """The published command line, in this process (so it sees the patched class)."""
    out = io.StringIO()
    argv = sys.argv
    sys.argv = [str(SCRIPT), *args]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(SCRIPT), run_name="__main__")
    finally:
        sys.argv = argv
    return out.getvalue()


def main(folder: Path) -> int:
    client = check("auth (constructor)", lambda: E4Connect(*USER), lambda c: c.user_id == "1001")
    check("auth refused", refused(lambda: E4Connect(USER[0], "wrong-pass"), 401), (401).__eq__)
    if client is None:
        return 1
    sessions = check(
        "sessions_list",
        client.sessions_list,
        lambda s: [x["id"] for x in s] == ["101", "102", "103"],
    )
    if sessions:
        check("label with a comma", lambda: sessions[1]["label"], "walk, then run".__eq__)
        check("null label", lambda: sessions[2]["label"], lambda v: v is None)
        check(
            "session keys",
            lambda: sorted(sessions[0]),
            sorted(
                [
                    "id",
                    "device_id",
                    "duration",
                    "status",
                    "start_time",
                    "label",
                    "device",
                    "exit_code",
                ]
            ).__eq__,
        )
    check(
        "download_session into a folder",
        lambda: client.download_session("102", str(folder)) or zip_members(folder / "102.zip"),
        MEMBERS.__eq__,
    )
    check(
        "E4 layout of ACC.csv",
        lambda: acc_header(folder / "102.zip"),
        [", ".join(["1500003600.000000"] * 3), ", ".join(["32.000000"] * 3)].__eq__,
    )
    named = folder / "named.zip"
    check(
        "download_session to a file name",
        lambda: client.download_session("101", str(named)) or zip_members(named),
        MEMBERS.__eq__,
    )
    check(
        "purchased_devices",
        client.purchased_devices,
        lambda d: [x["device_id"] for x in d] == ["A01A3C", "A02B7F"],
    )
    check("remove_session", lambda: client.remove_session("103"), lambda r: r is None)
    check(
        "sessions_list after remove",
        client.sessions_list,
        lambda s: [x["id"] for x in s] == ["101", "102"],
    )
    check("remove again: 404", refused(lambda: client.remove_session("103"), 404), (404).__eq__)

    other = check("auth, second account", lambda: E4Connect(*OTHER), lambda c: c.user_id == "1002")
    if other is not None:
        check("isolation: list", other.sessions_list, lambda s: [x["id"] for x in s] == ["104"])
        check(
            "isolation: remove another's",
            refused(lambda: other.remove_session("101"), 404),
            (404).__eq__,
        )
        check("isolation: sessions kept", client.sessions_list, lambda s: len(s) == 2)

    cli(folder / "cli")
    return 1 if report["failed"] else 0


def cli(folder: Path) -> None:
    """The published command line's flows (-a, -i, -d, -l, -f) against the sandbox."""
    folder.mkdir()
    user = ["-u", USER[0], "-p", USER[1]]
    check(
        "cli -a (all sessions)",
        lambda: (
            run_script(*user, "-a", "-o", str(folder)) and sorted(p.name for p in folder.iterdir())
        ),
        ["101.zip", "102.zip"].__eq__,
    )
    check(
        "cli -i (one session)",
        lambda: (
            run_script(*user, "-i", "101", "-o", str(folder / "one.zip"))
            and zip_members(folder / "one.zip")
        ),
        MEMBERS.__eq__,
    )
    check(
        "cli -d (devices CSV)",
        lambda: (
            run_script(*user, "-d", "-o", str(folder))
            or (folder / "devices.csv").read_text().splitlines()
        ),
        lambda rows: rows[0].startswith("device_id,label,model") and len(rows) == 3,
    )
    check(
        "cli -l (sessions CSV)",
        lambda: (
            run_script(*user, "-l", "-o", str(folder))
            or (folder / "sessions.csv").read_text().splitlines()
        ),
        lambda rows: rows[0].startswith("id,device_id,duration") and len(rows) == 3,
    )
    users_file = folder / "users.txt"
    users_file.write_text(f"{USER[0]}:{USER[1]}\n{OTHER[0]}:{OTHER[1]}\n")
    many = folder / "many"
    check(
        "cli -f (users file)",
        lambda: (
            run_script("-f", str(users_file), "-a", "-o", str(many))
            and sorted(p.relative_to(many).as_posix() for p in many.rglob("*.zip"))
        ),
        ["e4other/104.zip", "e4user/101.zip", "e4user/102.zip"].__eq__,
    )
    check(
        "cli -f skips existing zips",
        lambda: run_script("-f", str(users_file), "-a", "-o", str(many)),
        lambda out: out.count("Skipping") == 3 and "Downloading" not in out,
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="published-e4-") as tmp:
        try:
            status = main(Path(tmp))
        except Exception:
            report["failed"].append(f"driver: {traceback.format_exc(limit=3)}")
            status = 1
    print(json.dumps(report))
    sys.exit(status)
