"""Validation stage 1: every file against the JSON Schema meta-schema, with positions."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from codegen.errors import SpecError
from codegen.load import PointerPath, SpecFile

_JSON_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
}


def meta_schema() -> dict[str, Any]:
    """The meta-schema as written (a test checks it is itself a valid JSON Schema)."""
    text = resources.files("codegen").joinpath("metaschema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def meta_validator() -> jsonschema.Draft202012Validator:
    schema = meta_schema()
    return jsonschema.Draft202012Validator(_inline_refs(schema, schema["$defs"], set()))


def _inline_refs(node: Any, defs: dict[str, Any], inlining: set[str]) -> Any:
    """Replace `$ref`s to `$defs` by their target, except where a definition recurses.

    Resolving a `$ref` through `referencing` is the largest cost of validating a spec;
    inlining once at start-up leaves only the recursive references to resolve.
    """
    if isinstance(node, list):
        return [_inline_refs(item, defs, inlining) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
        name = ref.removeprefix("#/$defs/")
        if name not in inlining:
            return _inline_refs(defs[name], defs, inlining | {name})
    return {key: _inline_refs(value, defs, inlining) for key, value in node.items()}


def meta_errors(file: SpecFile) -> list[tuple[PointerPath, SpecError]]:
    """All meta-schema violations of one file, each at the key or value it concerns."""
    leaves = _leaves(meta_validator().iter_errors(file.data))
    return [(tuple(e.absolute_path), found) for e in leaves for found in _located(file, e)]


def _leaves(errors: Any) -> list[ValidationError]:
    """Report the most specific errors: a failed `$ref` branch stands for its causes."""
    found: list[ValidationError] = []
    for error in errors:
        if error.context:
            found.extend(_leaves(error.context))
        else:
            found.append(error)
    return found


def _located(file: SpecFile, error: ValidationError) -> list[SpecError]:
    path = tuple(error.absolute_path)
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        instance: Any = error.instance
        return [
            file.error((*path, key), _unknown_key(key, path, allowed), key=True)
            for key in sorted(set(instance) - set(allowed))
        ]
    return [_one(file, error, path, schema)]


def _one(
    file: SpecFile, error: ValidationError, path: PointerPath, schema: dict[str, Any]
) -> SpecError:
    where = _where(path)
    kind = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    if kind == "pattern" and schema.get("x-name"):
        message = f"invalid {schema['x-name']} {instance!r}"
        if schema.get("x-hint"):
            message += f" ({schema['x-hint']})"
        if _is_key_error(error):
            return file.error((*path, instance), message, key=True)
        return file.error(path, message)
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_JSON_TYPES.get(n, n) for n in names)
        return file.error(path, f"{_subject(path)} must be {wanted}, not {_yaml_kind(instance)}")
    if kind == "enum":
        options = ", ".join(repr(v) for v in expected)
        return file.error(path, f"{_subject(path)} is {instance!r}; expected one of {options}")
    return file.error(path, f"{error.message}{where}")


def _unknown_key(key: str, path: PointerPath, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key '{key}'{_where(path)}{hint} (allowed: {', '.join(allowed)})"


def _is_key_error(error: ValidationError) -> bool:
    return "propertyNames" in error.absolute_schema_path


def _where(path: tuple[Any, ...]) -> str:
    return f" in {'.'.join(str(p) for p in path)}" if path else ""


def _subject(path: tuple[Any, ...]) -> str:
    return f"'{'.'.join(str(p) for p in path)}'" if path else "the file"


def _yaml_kind(value: Any) -> str:
    if value is None:
        return "null"
    for name, types in (("a boolean", bool), ("a number", (int, float)), ("a string", str)):
        if isinstance(value, types):
            return f"{name} ({value!r})"
    return "a list" if isinstance(value, list) else "a mapping"
