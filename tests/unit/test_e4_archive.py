"""Unpacking session ZIPs: what a hostile archive tries is refused, and nothing is left."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from neurospeed_ext.e4 import UnsafeArchiveError, extract_session


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def test_a_session_zip_unpacks_into_a_folder_named_after_it(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "101.zip", {"EDA.csv": b"1500000000.0\n4.0\n", "info.txt": b"x"})
    folder = extract_session(archive)
    assert folder == tmp_path / "101"
    assert (folder / "EDA.csv").read_bytes() == b"1500000000.0\n4.0\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["101", "101.zip"]


def test_an_existing_folder_is_kept_unless_overwrite(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "101.zip", {"TEMP.csv": b"new"})
    (tmp_path / "101").mkdir()
    (tmp_path / "101" / "TEMP.csv").write_bytes(b"old")
    with pytest.raises(FileExistsError):
        extract_session(archive)
    assert (tmp_path / "101" / "TEMP.csv").read_bytes() == b"old"
    extract_session(archive, overwrite=True)
    assert (tmp_path / "101" / "TEMP.csv").read_bytes() == b"new"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.txt", "outside the folder"),
        ("sub/../../evil.txt", "outside the folder"),
        ("/etc/evil.txt", "outside the folder"),
        ("C:/evil.txt", "not a plain relative path"),
        ("..\\evil.txt", "not a plain relative path"),
    ],
)
def test_names_that_escape_the_folder_are_refused_and_nothing_is_written(
    tmp_path: Path, name: str, reason: str
) -> None:
    archive = make_zip(tmp_path / "7.zip", {"ACC.csv": b"ok", name: b"pwned"})
    with pytest.raises(UnsafeArchiveError, match=reason):
        extract_session(archive, tmp_path / "out" / "7")
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "out" / "7").exists()
    assert list((tmp_path / "out").iterdir()) == []  # the staging folder is gone too


def test_a_symbolic_link_member_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "8.zip"
    link = zipfile.ZipInfo("HR.csv")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(link, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="symbolic link"):
        extract_session(archive)
    assert not (tmp_path / "8").exists()


def test_an_archive_that_inflates_past_the_limit_stops_at_the_limit(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "9.zip", {"BVP.csv": b"0" * 200_000})
    assert archive.stat().st_size < 10_000  # small on disk, large unpacked
    with pytest.raises(UnsafeArchiveError, match="more than 100000 bytes"):
        extract_session(archive, max_total_bytes=100_000)
    assert not (tmp_path / "9").exists()


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "10.zip", {f"f{i}.txt": b"" for i in range(5)})
    with pytest.raises(UnsafeArchiveError, match="5 members, more than 4"):
        extract_session(archive, max_members=4)


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile's, while making the test file
@pytest.mark.parametrize(
    "names", [["EDA.csv", "EDA.csv"], ["data", "data/EDA.csv"], ["data/EDA.csv", "data"]]
)
def test_a_member_written_twice_or_as_file_and_folder_is_refused(
    tmp_path: Path, names: list[str]
) -> None:
    archive = tmp_path / "11.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in names:
            zipped.writestr(name, b"x")
    with pytest.raises(UnsafeArchiveError, match="is there twice"):
        extract_session(archive)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["11.zip"]


def test_the_unpacked_folder_is_readable_like_any_other(tmp_path: Path) -> None:
    folder = extract_session(make_zip(tmp_path / "12.zip", {"HR.csv": b"1"}))
    assert folder.stat().st_mode & 0o777 == 0o755
