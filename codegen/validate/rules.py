"""Validation stage 2: what a meta-schema cannot say (names, refs, cycles, defaults)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from codegen.errors import SpecError
from codegen.load import LoadedApi, PointerPath, SpecFile
from codegen.naming import enum_member, snake_case
from codegen.refs import NamedSchema, index_schemas, ref_target

# Which keys each kind of schema may carry, beyond `description`.
_APPLIES: dict[str, set[str]] = {
    "object": {"properties", "required"},
    "string": {"format", "enum", "nullable"},
    "integer": {"enum", "nullable"},
    "number": {"nullable"},
    "boolean": {"nullable"},
    "any": {"nullable"},
    "array": {"items", "nullable"},
    "map": {"values", "nullable"},
    "$ref": {"nullable"},
}
_FIELD_KEYS = {"wire", "default", "encoding", "secret"}
_NEEDS = {"array": "items", "map": "values"}
_STRING_ENCODABLE = {"boolean", "integer", "number"}


class RuleChecker:
    """Collects every semantic error of one API; `skip` names schemas already broken."""

    def __init__(
        self, api: LoadedApi, skip: set[tuple[str, str]], reserved: frozenset[str] = frozenset()
    ) -> None:
        self.api = api
        self.skip = skip
        self.reserved = {snake_case(name): name for name in reserved}
        self.index = index_schemas(api)
        self.errors: list[SpecError] = []

    def run(self) -> list[SpecError]:
        self._sections()
        self._names()
        for decls in self.index.values():
            decl = decls[0]
            if (decl.file.label, decl.name) not in self.skip and isinstance(decl.body, dict):
                self._named(decl)
        self._cycles()
        return self.errors

    def report(self, file: SpecFile, path: PointerPath, message: str, *, key: bool = False) -> None:
        self.errors.append(file.error(path, message, key=key))

    # -- files and names -------------------------------------------------------------

    def _sections(self) -> None:
        for file in self.api.files:
            if not isinstance(file.data, dict):
                continue
            is_api_file = file.label == f"spec/{self.api.name}/api.yaml"
            if is_api_file and "api" not in file.data:
                self.report(
                    file, (), "api.yaml needs an 'api' section (name, title, version, package)"
                )
            api = file.data.get("api")
            if (
                is_api_file
                and isinstance(api, dict)
                and api.get("name", self.api.name) != self.api.name
            ):
                message = f"api.name is {api['name']!r} but the folder is '{self.api.name}'"
                self.report(file, ("api", "name"), message)
            for section in ("api", "servers", "auth"):
                if section in file.data and not is_api_file:
                    self.report(file, (section,), f"'{section}' belongs in api.yaml", key=True)

    def _names(self) -> None:
        by_snake: dict[str, NamedSchema] = {}
        for name, decls in self.index.items():
            first = decls[0]
            for again in decls[1:]:
                line, column = first.file.locate(first.path, key=True)
                first_at = f"{first.file.display}:{line}:{column}"
                message = f"duplicate schema name '{name}' (first declared at {first_at})"
                self.report(again.file, again.path, message, key=True)
            if snake_case(name) in self.reserved:
                message = f"schema name '{name}' is reserved by the generated package"
                self.report(first.file, first.path, message, key=True)
            other = by_snake.setdefault(snake_case(name), first)
            if other is not first:
                message = (
                    f"schema name '{name}' clashes with '{other.name}': both are "
                    f"'{snake_case(name)}' in snake_case"
                )
                self.report(first.file, first.path, message, key=True)

    # -- named schemas ---------------------------------------------------------------

    def _named(self, decl: NamedSchema) -> None:
        body, file, path = decl.body, decl.file, decl.path
        kind = self._kind(file, path, body)
        if kind is None:
            return
        allowed = set(_APPLIES[kind])
        if kind == "object" or "enum" in body:
            allowed -= {"nullable", "format"}  # nullability belongs to the fields that use them
        self._applicable(file, path, body, kind, allowed)
        if kind == "object":
            self._object(file, path, body)
        elif "enum" in body:
            self._enum(file, path, body, kind)
        else:
            self.check_type_expr(file, path, body, named=True)

    def _kind(self, file: SpecFile, path: PointerPath, body: dict[str, Any]) -> str | None:
        if "type" in body and "$ref" in body:
            self.report(
                file, (*path, "$ref"), "a schema has either 'type' or '$ref', not both", key=True
            )
            return None
        if "type" not in body and "$ref" not in body:
            self.report(file, path, "schema needs 'type' or '$ref'", key=True)
            return None
        return "$ref" if "$ref" in body else str(body["type"])

    def _applicable(
        self, file: SpecFile, path: PointerPath, body: dict[str, Any], kind: str, allowed: set[str]
    ) -> None:
        allowed |= {"type", "$ref", "description"}
        for key in body:
            if key not in allowed and key not in _FIELD_KEYS:
                what = "a $ref" if kind == "$ref" else f"type {kind}"
                if "enum" in body and kind in ("string", "integer"):
                    what = "an enum"
                message = f"key '{key}' does not apply to {what}"
                if key == "nullable":
                    message += " (nullability belongs to the fields that use it)"
                self.report(file, (*path, key), message, key=True)
        needed = _NEEDS.get(kind)
        if needed and needed not in body:
            self.report(file, path, f"type {kind} needs '{needed}'", key=True)

    def _enum(self, file: SpecFile, path: PointerPath, body: dict[str, Any], kind: str) -> None:
        python_type = str if kind == "string" else int
        seen: dict[Any, int] = {}
        members: dict[str, Any] = {}
        for i, value in enumerate(body["enum"]):
            where = (*path, "enum", i)
            if type(value) is not python_type:
                self.report(file, where, f"enum value {value!r} is not of type {kind}")
                continue
            if value in seen:
                self.report(
                    file, where, f"duplicate enum value {value!r} (also at index {seen[value]})"
                )
                continue
            seen[value] = i
            member = enum_member(value)
            if not member:
                self.report(
                    file, where, f"enum value {value!r} has no letters or digits to name it by"
                )
            elif member in members:
                message = (
                    f"enum values {members[member]!r} and {value!r} both name the member {member}"
                )
                self.report(file, where, message)
            else:
                members[member] = value

    def _object(self, file: SpecFile, path: PointerPath, body: dict[str, Any]) -> None:
        properties = body.get("properties", {})
        required = body.get("required", [])
        for i, name in enumerate(required):
            if name not in properties:
                self.report(
                    file,
                    (*path, "required", i),
                    f"required field '{name}' is not among the properties",
                )
            elif required.index(name) != i:
                self.report(
                    file, (*path, "required", i), f"field '{name}' is listed twice in required"
                )
        by_snake: dict[str, str] = {}
        by_wire: dict[str, str] = {}
        for name, field in properties.items():
            where = (*path, "properties", name)
            if not snake_case(name)[:1].isalpha():
                message = f"field name '{name}' must start with a letter after leading '_'s"
                self.report(file, where, message, key=True)
            other = by_snake.setdefault(snake_case(name), name)
            if other != name:
                snake = snake_case(name)
                message = f"field '{name}' clashes with '{other}': both are '{snake}' in snake_case"
                self.report(file, where, message, key=True)
            wire = field.get("wire", name)
            other = by_wire.setdefault(wire, name)
            if other != name:
                self.report(
                    file,
                    (*where, "wire"),
                    f"fields '{other}' and '{name}' share the wire name '{wire}'",
                )
            self._field(file, where, field, name in required)

    def _field(
        self, file: SpecFile, path: PointerPath, field: dict[str, Any], required: bool
    ) -> None:
        kind = self._kind(file, path, field)
        if kind is None:
            return
        if kind == "object":
            message = "inline objects are not supported: declare it under 'schemas' and use $ref"
            self.report(file, (*path, "type"), message)
            return
        self.check_type_expr(file, path, field, named=False)
        if field.get("encoding") == "string":
            base = self.base_type(file, field)
            if base is not None and base not in _STRING_ENCODABLE:
                message = f"encoding 'string' applies to boolean, integer or number, not {base}"
                self.report(file, (*path, "encoding"), message)
        if "default" in field:
            if required:
                self.report(file, (*path, "default"), "a required field has no default", key=True)
            else:
                problem = self.default_problem(file, field, field["default"])
                if problem:
                    self.report(file, (*path, "default"), f"invalid default: {problem}")

    # -- type expressions ------------------------------------------------------------

    def check_type_expr(
        self, file: SpecFile, path: PointerPath, body: dict[str, Any], *, named: bool
    ) -> None:
        kind = self._kind(file, path, body)
        if kind is None:
            return
        if kind == "object" and not named:
            message = "inline objects are not supported: declare it under 'schemas' and use $ref"
            self.report(file, (*path, "type"), message)
            return
        self._applicable(
            file, path, body, kind, set(_APPLIES[kind]) - {"enum", "properties", "required"}
        )
        if kind == "$ref":
            self._resolve(file, (*path, "$ref"), body["$ref"], report=True)
        for key in ("items", "values"):
            if isinstance(body.get(key), dict) and kind in ("array", "map"):
                self.check_type_expr(file, (*path, key), body[key], named=False)

    def _resolve(
        self, file: SpecFile, path: PointerPath, ref: str, *, report: bool
    ) -> NamedSchema | None:
        label, name = ref_target(ref, file.label)
        target = self.api.file(label)
        decls = self.index.get(name, [])
        problem = None
        if target is None:
            problem = f"$ref {ref!r}: no spec file {label} in this API"
        elif not decls:
            problem = f"$ref {ref!r}: schema '{name}' is not declared anywhere"
        elif all(d.file is not target for d in decls):
            problem = (
                f"$ref {ref!r}: schema '{name}' is declared in {decls[0].file.label}, not {label}"
            )
        if problem:
            if report:
                self.report(file, path, problem)
            return None
        return next(d for d in decls if d.file is target)

    def sound_target(self, file: SpecFile, body: dict[str, Any]) -> NamedSchema | None:
        """The target of a `$ref` when it exists and passed the meta-schema, else None."""
        target = self._resolve(file, (), body["$ref"], report=False)
        if target is None or (target.file.label, target.name) in self.skip:
            return None  # reported where the $ref is, or in the target itself
        return target if isinstance(target.body, dict) else None

    def base_type(self, file: SpecFile, body: dict[str, Any], depth: int = 0) -> str | None:
        """The type a type expression finally stands for, following aliases."""
        if "$ref" not in body:
            return str(body.get("type"))
        target = self.sound_target(file, body)
        if target is None or depth > 32:
            return None
        if "enum" in target.body:
            return "enum"
        return self.base_type(target.file, target.body, depth + 1)

    def default_problem(
        self, file: SpecFile, body: dict[str, Any], value: Any, depth: int = 0
    ) -> str | None:
        if value is None:
            return None if body.get("nullable") else "null, but the field is not nullable"
        if "$ref" in body:
            target = self.sound_target(file, body)
            if target is None or depth > 32:
                return None  # reported elsewhere
            if "enum" in target.body:
                values = target.body["enum"]
                return None if value in values else f"{value!r} is not one of {values}"
            if target.body.get("type") == "object":
                return "objects cannot have a default"
            return self.default_problem(target.file, target.body, value, depth + 1)
        return _literal_problem(body, value)

    # -- cycles ----------------------------------------------------------------------

    def _cycles(self) -> None:
        """A cycle of aliases, or of objects that require each other, can never be built."""
        edges = {
            name: self._strong_refs(decls[0])
            for name, decls in self.index.items()
            if (decls[0].file.label, name) not in self.skip
        }
        reported: set[frozenset[str]] = set()
        for start in self.index:
            for cycle in _cycles_from(start, edges):
                key = frozenset(cycle)
                if key in reported:
                    continue
                reported.add(key)
                first = self.index[cycle[0]][0]
                self.report(first.file, first.path, f"$ref cycle: {' -> '.join(cycle)}", key=True)

    def _strong_refs(self, decl: NamedSchema) -> list[str]:
        body = decl.body
        if not isinstance(body, dict) or "enum" in body:
            return []
        if body.get("type") == "object":
            required = set(body.get("required", []))
            fields = body.get("properties", {})
            return [
                self._ref_name(decl.file, f)
                for n, f in fields.items()
                if n in required and isinstance(f, dict) and "$ref" in f and not f.get("nullable")
            ]
        return [self._ref_name(decl.file, b) for b in _refs_in(body)]

    def _ref_name(self, file: SpecFile, body: dict[str, Any]) -> str:
        target = self._resolve(file, (), body["$ref"], report=False)
        return target.name if target else ""


def _refs_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    if "$ref" in body:
        return [body]
    found: list[dict[str, Any]] = []
    for key in ("items", "values"):
        if isinstance(body.get(key), dict):
            found.extend(_refs_in(body[key]))
    return found


def _cycles_from(start: str, edges: dict[str, list[str]]) -> list[list[str]]:
    """Cycles through `start` in the strong-reference graph (bounded depth-first search)."""
    cycles: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, trail = stack.pop()
        for nxt in edges.get(node, []):
            if nxt == start:
                cycles.append([*trail, start])
            elif nxt and nxt not in trail and len(trail) < len(edges):
                stack.append((nxt, [*trail, nxt]))
    return cycles


def _literal_problem(body: dict[str, Any], value: Any) -> str | None:
    kind = body.get("type")
    if kind == "any":
        return None
    if kind == "string":
        if not isinstance(value, str):
            return f"{value!r} is not a string"
        parse: dict[str, Callable[[str], object]] = {
            "date": datetime.date.fromisoformat,
            "date-time": datetime.datetime.fromisoformat,
        }
        fmt = body.get("format")
        if fmt in parse:
            try:
                parse[fmt](value)
            except ValueError:
                return f"{value!r} is not a valid {fmt}"
        return None
    checks: dict[str, tuple[Callable[[Any], bool], str]] = {
        "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
        "number": (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number"),
        "boolean": (lambda v: isinstance(v, bool), "a boolean"),
        "array": (lambda v: v == [], "an empty list (containers default to empty)"),
        "map": (lambda v: v == {}, "an empty mapping (containers default to empty)"),
    }
    if kind in checks:
        ok, wanted = checks[kind]
        return None if ok(value) else f"{value!r} is not {wanted}"
    return None
