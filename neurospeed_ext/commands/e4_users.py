"""The users file of `neurospeed e4 -f`: one `e-mail:password` per line.

Parsed strictly, because a silently skipped or mis-split line means an account whose
sessions are never fetched. The e-mail is everything before the first ':' (addresses
have no ':'), the password everything after it, verbatim: it may hold ':', '@' and
spaces. Blank lines and lines starting with '#' are skipped. Each user's sessions go to a
folder named after the part of the e-mail before '@', so two e-mails that share it are
refused. Error messages name the file and line, never the line's text (it holds a
password).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .failures import UsageError


class UsersFileError(UsageError):
    """An unreadable users file, or a line that is not `e-mail:password`."""


@dataclass(frozen=True)
class UserEntry:
    line: int
    email: str
    password: str = field(repr=False)

    @property
    def folder(self) -> str:
        """The user's folder name: the e-mail's part before '@'."""
        return self.email.split("@", 1)[0]


def read_users_file(path: str | Path) -> list[UserEntry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsersFileError(f"cannot read the users file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsersFileError(f"users file {path}: not UTF-8 text") from None
    return parse_users(text, str(path))


def parse_users(text: str, source: str) -> list[UserEntry]:
    """The entries of a users file's `text`; `source` names it in errors."""
    entries: list[UserEntry] = []
    folders: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        entry = parse_line(raw, source, number)
        key = entry.folder.casefold()
        if key in folders:
            raise UsersFileError(
                f"users file {source}, line {number}: its folder {entry.folder!r} is already"
                f" used by line {folders[key]} (the part of the e-mail before '@' must differ)"
            )
        folders[key] = number
        entries.append(entry)
    if not entries:
        raise UsersFileError(f"users file {source}: no 'e-mail:password' line")
    return entries


def parse_line(raw: str, source: str, number: int) -> UserEntry:
    where = f"users file {source}, line {number}"
    email, colon, password = raw.partition(":")
    email = email.strip()
    if not colon:
        raise UsersFileError(f"{where}: expected 'e-mail:password' (no ':' found)")
    if not password:
        raise UsersFileError(f"{where}: the password after the first ':' is empty")
    local, at, domain = email.partition("@")
    if not (at and local and domain) or any(char.isspace() for char in email):
        raise UsersFileError(
            f"{where}: the text before the first ':' is not an e-mail address"
            " (expected 'e-mail:password')"
        )
    if local in (".", "..") or "/" in local or "\\" in local or "\x00" in local:
        raise UsersFileError(f"{where}: the e-mail's part before '@' cannot name a folder")
    return UserEntry(number, email, password)
