"""Stage 3: turn a validated API's plain data into the IR (no checks left to do here)."""

from __future__ import annotations

from typing import Any, Literal

from codegen.ir.channels import build_channels
from codegen.ir.model import (
    AliasSchema,
    Api,
    Default,
    EnumSchema,
    Field,
    ObjectSchema,
    Schema,
    Server,
)
from codegen.ir.routes import build_auth, build_tags
from codegen.ir.typeref import type_ref
from codegen.load import LoadedApi
from codegen.refs import SCHEMAS


def build_api(loaded: LoadedApi) -> Api:
    """The IR of an API that `validate_api` accepted."""
    entry = loaded.file(f"spec/{loaded.name}/api.yaml")
    assert entry is not None, "validated APIs have an api.yaml"
    info = entry.data["api"]
    servers = tuple(
        Server(name, body["http"], body.get("socket"), body.get("description"))
        for name, body in entry.data.get("servers", {}).items()
    )
    schemas: list[Schema] = []
    for file in loaded.files:
        for name, body in file.data.get(SCHEMAS, {}).items():
            schemas.append(_schema(name, body, file.label))
    return Api(
        name=loaded.name,
        title=info["title"],
        version=str(info["version"]),
        package=info["package"],
        description=info.get("description"),
        servers=servers,
        schemas=tuple(schemas),
        sources=tuple(f.label for f in loaded.files),
        sha256=loaded.sha256,
        tags=build_tags(loaded),
        auth=build_auth(entry.data.get("auth")),
        channels=build_channels(loaded),
    )


def _schema(name: str, body: dict[str, Any], source: str) -> Schema:
    description = body.get("description")
    if body.get("type") == "object":
        required = set(body.get("required", []))
        fields = tuple(
            _field(field_name, field, field_name in required, source)
            for field_name, field in body.get("properties", {}).items()
        )
        return ObjectSchema(name, source, fields, description)
    if "enum" in body:
        base: Literal["string", "integer"] = "string" if body["type"] == "string" else "integer"
        return EnumSchema(name, source, base, tuple(body["enum"]), description)
    return AliasSchema(name, source, type_ref(body, source), description)


def _field(name: str, body: dict[str, Any], required: bool, source: str) -> Field:
    return Field(
        name=name,
        wire_name=body.get("wire", name),
        type=type_ref(body, source),
        required=required,
        default=Default(body["default"]) if "default" in body else None,
        description=body.get("description"),
        encoding=body.get("encoding"),
        secret=bool(body.get("secret", False)),
    )
