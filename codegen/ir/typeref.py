"""The IR type of a spec type expression (shared by schemas, fields and parameters)."""

from __future__ import annotations

from typing import Any, cast

from codegen.ir.model import ArrayOf, MapOf, Named, Nullable, Primitive, TypeRef
from codegen.refs import ref_target


def type_ref(body: dict[str, Any], source: str) -> TypeRef:
    """The IR type of a type expression (`$ref`, or `type` with its extra keys)."""
    ref: TypeRef
    kind = body.get("type")
    if "$ref" in body:
        ref = Named(ref_target(body["$ref"], source)[1])
    elif kind == "array":
        ref = ArrayOf(type_ref(body["items"], source))
    elif kind == "map":
        ref = MapOf(type_ref(body["values"], source))
    elif kind == "string" and body.get("format") in ("date", "date-time"):
        ref = Primitive(cast(Any, body["format"]))
    else:
        ref = Primitive(cast(Any, kind))
    return Nullable(ref) if body.get("nullable") else ref
