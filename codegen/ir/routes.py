"""IR of the `routes:` and `auth:` sections (validated before they get here)."""

from __future__ import annotations

from typing import Any

from codegen.ir.model import (
    AuthScheme,
    Default,
    Extract,
    Named,
    Operation,
    Parameter,
    Refresh,
    Tag,
)
from codegen.ir.typeref import type_ref
from codegen.load import LoadedApi

ROUTES = "routes"


def build_tags(loaded: LoadedApi) -> tuple[Tag, ...]:
    """Every tag in file order, its operations in declaration order."""
    tags: list[Tag] = []
    for file in loaded.files:
        for name, body in file.data.get(ROUTES, {}).items():
            operations = tuple(
                _operation(name, op_name, op, file.label)
                for op_name, op in body["operations"].items()
            )
            tags.append(Tag(name, file.label, operations, body.get("description")))
    return tuple(tags)


def build_auth(section: dict[str, Any] | None) -> AuthScheme | None:
    if section is None:
        return None
    if section.get("kind") == "cookie":
        return AuthScheme(kind="cookie", login=section["login"], cookie=section.get("cookie"))
    refresh = section.get("refresh")
    return AuthScheme(
        header=section["header"],
        scheme=section["scheme"],
        access_token=field_path(section["access_token"]),
        refresh_token=field_path(section["refresh_token"]) if "refresh_token" in section else None,
        refresh=Refresh(refresh["operation"], refresh["field"]) if refresh else None,
    )


def field_path(text: str) -> tuple[str, ...]:
    return tuple(text.split("."))


def _operation(tag: str, name: str, body: dict[str, Any], source: str) -> Operation:
    request = type_ref(body["body"], source) if "body" in body else None
    return Operation(
        tag=tag,
        name=name,
        method=body["method"],
        path=body["path"],
        auth=body["auth"],
        parameters=tuple(
            _parameter(p_name, p, source) for p_name, p in body.get("parameters", {}).items()
        ),
        body=request if isinstance(request, Named) else None,
        body_encoding=body.get("body_encoding", "json"),
        response=type_ref(body["response"], source) if "response" in body else None,
        returns=field_path(body["returns"]) if "returns" in body else (),
        sets_tokens=bool(body.get("sets_tokens", False)),
        description=body.get("description"),
        source=source,
        response_format=body.get("response_format", "json"),
        extract=_extract(body["extract"]) if "extract" in body else None,
        media_type=body.get("media_type"),
        status=body.get("status", 200),
    )


def _extract(body: dict[str, Any]) -> Extract:
    return Extract(body["pattern"], body.get("what", "the value"))


def _parameter(name: str, body: dict[str, Any], source: str) -> Parameter:
    return Parameter(
        name=name,
        wire_name=body.get("wire", name),
        location=body["in"],
        type=type_ref(body, source),
        required=body["in"] == "path" or bool(body.get("required", False)),
        description=body.get("description"),
        default=Default(body["default"]) if "default" in body else None,
    )
