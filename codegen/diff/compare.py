"""The comparison of two specs: APIs matched by name, then each API's parts in turn."""

from __future__ import annotations

import attrs

from codegen.diff.change import BREAKING, COMPATIBLE, Change, ordered
from codegen.diff.channels import compare_channels
from codegen.diff.context import ApiDiff
from codegen.diff.locate import Locator
from codegen.diff.members import match
from codegen.diff.routes import compare_operations
from codegen.diff.schemas import compare_schemas
from codegen.ir.model import Api, AuthScheme, Refresh


def diff_apis(
    old: list[Api], new: list[Api], old_files: Locator, new_files: Locator
) -> list[Change]:
    """Every change from the `old` APIs to the `new` ones, in report order."""
    changes: list[Change] = []
    found = match(old, new, key=lambda api: api.name)
    for api in found.removed:
        where = old_files.at(api.entry_source, ("api",))
        message = f"API {api.title} removed: its generated package {api.package} disappears"
        changes.append(Change("api-removed", BREAKING, where, f"api {api.name}", message))
    for api in found.added:
        where = new_files.at(api.entry_source, ("api",))
        message = f"new API {api.title} (package {api.package})"
        changes.append(Change("api-added", COMPATIBLE, where, f"api {api.name}", message))
    for before, after in found.pairs:
        diff = ApiDiff(before, after, old_files, new_files)
        compare_schemas(diff)  # first: it records the renamed schemas the others rely on
        compare_operations(diff)
        compare_channels(diff)
        _api(diff)
        changes.extend(diff.changes)
    return ordered(changes)


def _api(diff: ApiDiff) -> None:
    old, new = diff.old, diff.new
    entry = new.entry_source
    if old.package != new.package:
        where = diff.new_at(entry, ("api", "package"))
        message = f"package {old.package} -> {new.package}: every import of the old one breaks"
        diff.add("package-renamed", BREAKING, where, f"api {new.name}", message)
    _servers(diff)
    _auth(diff, old.auth, new.auth)


def _servers(diff: ApiDiff) -> None:
    found = match(
        diff.old.servers, diff.new.servers, key=lambda s: s.name, alike=lambda s: (s.http, s.socket)
    )
    for server in found.removed:
        where = diff.old_at(diff.old.entry_source, ("servers", server.name))
        message = f"{server.http} removed: code choosing it breaks"
        diff.add("server-removed", BREAKING, where, f"server {server.name}", message)
    for server in found.added:
        where = diff.new_at(diff.new.entry_source, ("servers", server.name))
        diff.add("server-added", COMPATIBLE, where, f"server {server.name}", f"new {server.http}")
    renamed = {id(o) for o, _ in found.renamed}
    for before, after in found.pairs:
        base = ("servers", after.name)
        subject = f"server {after.name}"
        if id(before) in renamed:
            message = f"renamed from {before.name} (same URLs): code choosing {before.name} breaks"
            where = diff.new_at(diff.new.entry_source, base)
            diff.add("server-renamed", BREAKING, where, subject, message)
        for key in ("http", "socket"):
            was, now = getattr(before, key), getattr(after, key)
            if was == now:
                continue
            where = diff.new_at(diff.new.entry_source, (*base, key), base)
            if was is None:
                message = f"now has a {key} URL {now}"
                diff.add("server-changed", COMPATIBLE, where, subject, message)
            else:
                message = f"{key} URL {was} -> {now or 'none'}: old clients still use {was}"
                diff.add("server-changed", BREAKING, where, subject, message)


def _auth(diff: ApiDiff, old: AuthScheme | None, new: AuthScheme | None) -> None:
    entry = diff.new.entry_source
    if old == new:
        return
    if old is None or new is None:
        where = diff.new_at(entry, ("auth",), ("api",))
        what = "now declared" if old is None else "no longer declared"
        message = f"the auth scheme is {what}: clients built for the old one break"
        diff.add("auth-scheme-changed", BREAKING, where, "auth", message)
        return
    if old.kind != new.kind:
        where = diff.new_at(entry, ("auth", "kind"), ("auth",))
        message = f"{old.kind} -> {new.kind}: clients built for the old scheme break"
        diff.add("auth-scheme-changed", BREAKING, where, "auth", message)
        return
    for name in attrs.fields_dict(AuthScheme):
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            where = diff.new_at(entry, ("auth", name), ("auth",))
            message = f"{name} {_spell(was)} -> {_spell(now)}: clients built for the old one break"
            diff.add("auth-scheme-changed", BREAKING, where, "auth", message)


def _spell(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        return ".".join(str(v) for v in value)
    if isinstance(value, Refresh):
        return f"{value.operation} ({value.field})"
    return str(value)
