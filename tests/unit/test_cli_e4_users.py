"""The users file of `neurospeed e4 -f`: strict parsing, passwords kept verbatim, never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from neurospeed_ext.commands.e4_users import (
    UserEntry,
    UsersFileError,
    parse_users,
    read_users_file,
)
from neurospeed_ext.commands.failures import EXIT_USAGE

SECRET = "s3cret:Pass@word"


def test_entries_blank_lines_and_comments() -> None:
    text = "# lab accounts\n\nann@lab.org:ann-pass\n   \n  # old\nbob@lab.org:bob-pass\n"
    entries = parse_users(text, "users.txt")
    assert [(e.line, e.email, e.password, e.folder) for e in entries] == [
        (3, "ann@lab.org", "ann-pass", "ann"),
        (6, "bob@lab.org", "bob-pass", "bob"),
    ]


def test_the_password_is_everything_after_the_first_colon_verbatim() -> None:
    [entry] = parse_users(f"  ann@lab.org :{SECRET} \n", "f")
    assert entry.email == "ann@lab.org"
    assert entry.password == f"{SECRET} "


def test_crlf_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "users.txt"
    path.write_bytes(b"\xef\xbb\xbfann@lab.org:a:b\r\nbob@lab.org:pw\r\n")
    entries = read_users_file(path)
    assert [(e.email, e.password) for e in entries] == [
        ("ann@lab.org", "a:b"),
        ("bob@lab.org", "pw"),
    ]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        (SECRET.replace(":", ""), "no ':' found"),
        ("ann@lab.org:", "password after the first ':' is empty"),
        (f"ann:{SECRET}", "not an e-mail address"),
        (f"@lab.org:{SECRET}", "not an e-mail address"),
        (f"ann@:{SECRET}", "not an e-mail address"),
        (f"ann smith@lab.org:{SECRET}", "not an e-mail address"),
        (f"..@lab.org:{SECRET}", "cannot name a folder"),
        (f"a/b@lab.org:{SECRET}", "cannot name a folder"),
    ],
)
def test_a_malformed_line_names_the_file_and_line_not_the_password(
    line: str, complaint: str
) -> None:
    with pytest.raises(UsersFileError) as raised:
        parse_users(f"# header\nok@lab.org:ok-pass\n{line}\n", "users.txt")
    message = str(raised.value)
    assert message.startswith("users file users.txt, line 3: ")
    assert complaint in message
    assert SECRET not in message and "s3cret" not in message
    assert raised.value.exit_status == EXIT_USAGE


def test_two_emails_sharing_a_folder_are_refused() -> None:
    with pytest.raises(UsersFileError, match=r"line 3: its folder 'Ann' is already used by line 1"):
        parse_users("ann@lab.org:x\nbob@lab.org:y\nAnn@other.org:z\n", "f")


def test_a_file_without_users_is_refused() -> None:
    with pytest.raises(UsersFileError, match="no 'e-mail:password' line"):
        parse_users("# nobody yet\n\n", "f")


def test_a_missing_or_binary_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsersFileError, match="cannot read the users file"):
        read_users_file(tmp_path / "missing.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00ann")
    with pytest.raises(UsersFileError, match="not UTF-8"):
        read_users_file(binary)


def test_the_repr_hides_the_password() -> None:
    entry = UserEntry(1, "ann@lab.org", SECRET)
    assert SECRET not in repr(entry) and "ann@lab.org" in repr(entry)
