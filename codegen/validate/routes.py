"""Semantic checks of the `routes:` and `auth:` sections (after the meta-schema)."""

from __future__ import annotations

import re
from typing import Any

from codegen.load import PointerPath, SpecFile
from codegen.naming import pascal_case, snake_case
from codegen.validate.rules import RuleChecker

ROUTES = "routes"
AUTH = "auth"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SCALARS = {"string", "integer", "number", "boolean", "enum"}
_PARAMETER_KEYS = {"in", "required", "wire", "description", "default"}
_BEARER_KEYS = ("header", "scheme", "access_token", "refresh_token", "refresh")
_COOKIE_KEYS = ("login", "cookie")
TO_FILE_ARGUMENTS = ("destination", "overwrite", "on_progress")
"""Keyword arguments every target gives operations with a binary answer."""
_UNPORTABLE_PATTERN = re.compile(r"\(\?P|\(\?<[=!]|\(\?[aiLmsux]|\\[AZz]")
"""Python-only regular expression syntax: named groups, lookbehind, inline flags, \\A \\Z."""


class RouteChecker:
    """Paths against parameters, bodies, answers, `returns`, and the auth section."""

    def __init__(self, rules: RuleChecker, skip: set[tuple[str, str]]) -> None:
        self.rules = rules
        self.skip = skip  # (file label, tag) pairs that failed the meta-schema
        self.operations: dict[str, tuple[SpecFile, PointerPath, dict[str, Any]]] = {}

    def run(self) -> None:
        tags: dict[str, SpecFile] = {}
        endpoints: dict[tuple[str, str], str] = {}
        schema_names = {snake_case(name) for name in self.rules.index}
        for file in self.rules.api.files:
            routes = file.data.get(ROUTES) if isinstance(file.data, dict) else None
            if not isinstance(routes, dict):
                continue
            for tag, body in routes.items():
                where: PointerPath = (ROUTES, tag)
                if tag in tags:
                    message = f"tag '{tag}' is already declared in {tags[tag].display}"
                    self.rules.report(file, where, message, key=True)
                    continue
                tags[tag] = file
                if snake_case(pascal_case(tag) + "Api") in schema_names:
                    message = f"tag '{tag}' makes the class {pascal_case(tag)}Api, a schema's name"
                    self.rules.report(file, where, message, key=True)
                if (file.label, tag) in self.skip:
                    continue
                for name, operation in body["operations"].items():
                    path = (*where, "operations", name)
                    self.operations[f"{tag}.{name}"] = (file, path, operation)
                    self._operation(file, path, operation)
                    endpoint = (operation["method"], operation["path"])
                    if endpoint in endpoints:
                        message = f"{endpoint[0]} {endpoint[1]} is also {endpoints[endpoint]}"
                        self.rules.report(file, (*path, "path"), message)
                    endpoints.setdefault(endpoint, f"{tag}.{name}")
        self._auth()

    def _operation(self, file: SpecFile, path: PointerPath, operation: dict[str, Any]) -> None:
        parameters: dict[str, Any] = operation.get("parameters", {})
        in_path = {k: v for k, v in parameters.items() if v["in"] == "path"}
        placeholders = _PLACEHOLDER.findall(operation["path"])
        wires = {p.get("wire", name): name for name, p in in_path.items()}
        for placeholder in placeholders:
            if placeholder not in wires:
                message = f"path parameter '{{{placeholder}}}' is not declared under parameters"
                self.rules.report(file, (*path, "path"), message)
        for wire, name in wires.items():
            if wire not in placeholders:
                message = f"path parameter '{name}' does not appear in the path"
                self.rules.report(file, (*path, "parameters", name), message, key=True)
            if in_path[name].get("required") is False:
                message = "path parameters are always required"
                self.rules.report(file, (*path, "parameters", name, "required"), message)
        for name, parameter in parameters.items():
            type_expr = {k: v for k, v in parameter.items() if k not in _PARAMETER_KEYS}
            self.rules.check_type_expr(file, (*path, "parameters", name), type_expr, named=False)
            if "default" in parameter:
                self._parameter_default(file, (*path, "parameters", name), parameter, type_expr)
        body_fields = self._body(file, path, operation)
        for name in parameters:
            if snake_case(name) in body_fields:
                message = f"parameter '{name}' and a body field are one keyword argument"
                self.rules.report(file, (*path, "parameters", name), message, key=True)
        if "response" in operation:
            self.rules.check_type_expr(
                file, (*path, "response"), operation["response"], named=False
            )
        self._answer_format(file, path, operation)
        if "returns" in operation:
            if "response" not in operation:
                self.rules.report(file, (*path, "returns"), "'returns' needs a 'response'")
            else:
                problem = self.field_path_problem(file, operation["response"], operation["returns"])
                if problem:
                    self.rules.report(file, (*path, "returns"), problem)

    def _parameter_default(
        self,
        file: SpecFile,
        path: PointerPath,
        parameter: dict[str, Any],
        type_expr: dict[str, Any],
    ) -> None:
        where = (*path, "default")
        if parameter["in"] == "path":
            self.rules.report(file, where, "path parameters take no default", key=True)
        elif parameter.get("required"):
            self.rules.report(file, where, "a required parameter has no default", key=True)
        else:
            problem = self.rules.default_problem(file, type_expr, parameter["default"])
            if problem:
                self.rules.report(file, where, f"invalid default: {problem}")

    def _answer_format(self, file: SpecFile, path: PointerPath, operation: dict[str, Any]) -> None:
        """binary answers have no type; text answers are a string or integer."""
        answer = operation.get("response_format", "json")
        if answer == "json" and "media_type" in operation:
            message = "'media_type' checks text and binary answers (JSON is always JSON)"
            self.rules.report(file, (*path, "media_type"), message, key=True)
        if answer == "binary":
            for key in ("response", "returns", "extract"):
                if key in operation:
                    message = f"a binary answer is streamed to a file: '{key}' does not apply"
                    self.rules.report(file, (*path, key), message, key=True)
            self._to_file_names(file, path, operation)
        elif answer == "text":
            response = operation.get("response")
            if not isinstance(response, dict) or response.get("type") not in ("string", "integer"):
                message = "a text answer needs 'response: {type: string}' (or integer)"
                self.rules.report(file, (*path, "response_format"), message)
            if "extract" in operation and isinstance(operation["extract"].get("pattern"), str):
                problem = _pattern_problem(operation["extract"]["pattern"])
                if problem:
                    self.rules.report(file, (*path, "extract", "pattern"), problem)
        elif "extract" in operation:
            message = "'extract' reads text answers: add 'response_format: text'"
            self.rules.report(file, (*path, "extract"), message, key=True)

    def _to_file_names(self, file: SpecFile, path: PointerPath, operation: dict[str, Any]) -> None:
        """A binary answer's method takes TO_FILE_ARGUMENTS: no parameter may take them."""
        for name in operation.get("parameters", {}):
            if snake_case(name) in TO_FILE_ARGUMENTS:
                message = (
                    f"parameter '{name}' clashes with the '{snake_case(name)}' argument of"
                    " operations streamed to a file: rename it (its `wire` name can stay)"
                )
                self.rules.report(file, (*path, "parameters", name), message, key=True)

    def _body(self, file: SpecFile, path: PointerPath, operation: dict[str, Any]) -> set[str]:
        """Check the request body; return its fields' snake_case names."""
        body = operation.get("body")
        if body is None:
            if operation.get("body_encoding"):
                self.rules.report(file, (*path, "body_encoding"), "'body_encoding' needs a 'body'")
            return set()
        where = (*path, "body")
        if "$ref" not in body or set(body) - {"$ref", "description"}:
            self.rules.report(file, where, "a body is a $ref to an object schema")
            return set()
        self.rules.check_type_expr(file, where, body, named=False)
        target = self.rules.sound_target(file, body)
        if target is None:
            return set()
        if target.body.get("type") != "object":
            self.rules.report(file, where, f"body '{target.name}' is not an object schema")
            return set()
        properties: dict[str, Any] = target.body.get("properties", {})
        if operation.get("body_encoding") == "form":
            for name, field in properties.items():
                if self.rules.base_type(target.file, field) not in _SCALARS:
                    message = (
                        f"form bodies hold scalars; field '{name}' of {target.name} is not one"
                    )
                    self.rules.report(file, (*path, "body_encoding"), message)
        return {snake_case(name) for name in properties}

    def field_path_problem(self, file: SpecFile, start: dict[str, Any], dotted: str) -> str | None:
        """Why `dotted` field names cannot be followed from the type `start`, or None."""
        body, owner = start, file
        for name in dotted.split("."):
            target = self.rules.sound_target(owner, body) if "$ref" in body else None
            for _ in range(32):  # follow aliases
                if target is None or "$ref" not in target.body:
                    break
                target = self.rules.sound_target(target.file, target.body)
            if target is None or target.body.get("type") != "object":
                return f"'{dotted}': '{name}' is not reached through an object schema"
            properties = target.body.get("properties", {})
            if name not in properties:
                return f"'{dotted}': {target.name} has no field '{name}'"
            body, owner = properties[name], target.file
        return None

    def _auth(self) -> None:
        entry = self.rules.api.file(f"spec/{self.rules.api.name}/api.yaml")
        section = entry.data.get(AUTH) if entry and isinstance(entry.data, dict) else None
        if entry is not None and (entry.label, AUTH) in self.skip:
            return  # the meta-schema already reported what is wrong with it
        needs_auth = [ref for ref, (_, _, op) in self.operations.items() if op["auth"] != "none"]
        if entry is None or not isinstance(section, dict):
            if needs_auth and entry is not None:
                message = (
                    f"operations need a token ({needs_auth[0]}, ...) but api.yaml has no 'auth'"
                )
                self.rules.report(entry, (), message)
            return
        if section.get("kind") == "cookie":
            self._cookie_auth(entry, section)
            return
        for key in _COOKIE_KEYS:
            if key in section:
                message = f"'{key}' belongs to a cookie session (kind: cookie)"
                self.rules.report(entry, (AUTH, key), message, key=True)
        refresh = section.get("refresh")
        if isinstance(refresh, dict) and isinstance(refresh.get("operation"), str):
            self._refresh(entry, section, refresh)
        for file, path, operation in self.operations.values():
            if operation.get("sets_tokens") and "response" in operation:
                for key in ("access_token", "refresh_token"):
                    if isinstance(section.get(key), str):
                        problem = self.field_path_problem(file, operation["response"], section[key])
                        if problem:
                            self.rules.report(file, (*path, "sets_tokens"), f"auth.{key} {problem}")

    def _cookie_auth(self, entry: SpecFile, section: dict[str, Any]) -> None:
        """A cookie session: a login operation anyone may call, and no token keys."""
        for key in _BEARER_KEYS:
            if key in section:
                message = f"'{key}' belongs to bearer auth; a cookie session has none"
                self.rules.report(entry, (AUTH, key), message, key=True)
        login = section["login"]
        found = self.operations.get(login)
        if found is None:
            self.rules.report(entry, (AUTH, "login"), f"no operation {login} in the routes")
        elif found[2]["auth"] != "none":
            message = f"{login} starts the session, so it must be callable with 'auth: none'"
            self.rules.report(entry, (AUTH, "login"), message)
        elif found[2].get("response_format", "json") != "json":
            message = f"{login} starts the session: its answer cannot be text or binary"
            self.rules.report(entry, (AUTH, "login"), message)
        for file, path, operation in self.operations.values():
            if operation.get("sets_tokens"):
                message = "a cookie session keeps no tokens: the cookie is kept by itself"
                self.rules.report(file, (*path, "sets_tokens"), message, key=True)
            if operation["auth"] not in ("none", "user"):
                message = (
                    f"auth '{operation['auth']}': a cookie session has one kind of caller;"
                    " use 'user' (or 'none')"
                )
                self.rules.report(file, (*path, "auth"), message)

    def _refresh(self, entry: SpecFile, section: dict[str, Any], refresh: dict[str, Any]) -> None:
        found = self.operations.get(refresh["operation"])
        where = ("auth", "refresh", "operation")
        if found is None:
            self.rules.report(entry, where, f"no operation {refresh['operation']} in the routes")
            return
        file, _, operation = found
        if operation.get("auth") != "none":
            # It runs because the access token was refused: it cannot need that token.
            message = f"{refresh['operation']} renews the tokens, so it must have 'auth: none'"
            self.rules.report(entry, where, message)
        body = operation.get("body")
        target = self.rules.sound_target(file, body) if isinstance(body, dict) else None
        if target is None or refresh["field"] not in target.body.get("properties", {}):
            message = f"{refresh['operation']} has no body field '{refresh['field']}'"
            self.rules.report(entry, ("auth", "refresh", "field"), message)
        if "response" not in operation:
            self.rules.report(
                entry, where, f"{refresh['operation']} answers nothing to read tokens from"
            )
            return
        for key in ("access_token", "refresh_token"):
            if isinstance(section.get(key), str):
                problem = self.field_path_problem(file, operation["response"], section[key])
                if problem:
                    self.rules.report(entry, ("auth", key), problem)


def _pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot extract one value in every target language, or None."""
    try:
        groups = re.compile(pattern).groups
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    unportable = _UNPORTABLE_PATTERN.search(pattern)
    if unportable:
        return (
            f"'{unportable.group()}' is not portable: patterns use the syntax Python and"
            " JavaScript share (no named groups, lookbehind, inline flags, \\A or \\Z)"
        )
    if groups != 1:
        return f"the pattern needs exactly one group (the value), not {groups}"
    return None
