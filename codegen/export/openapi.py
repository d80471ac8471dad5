"""One API's REST routes as an OpenAPI 3.1.0 document.

Where OpenAPI asks for more than the spec says, the document states what the servers do
(the cloud as PROTOCOL describes it, and the sandbox, which the schemathesis test holds
to this document):

- Success: the operation's `status` in the spec (200 unless it says otherwise, e.g. 201 for
  the creates). The SDKs themselves take any 2xx.
- Errors: an API whose spec names an `ErrorBody` schema answers every error as that JSON
  (NeuroSpeed's `{"message": ...}`); one without (E4 Connect, a PHP portal) answers short
  text. 400, 401, 403 and 404 are declared where the operation can meet them (input to
  refuse, a caller to check, a thing to find), and `4XX` stands for the other refusals.
- The cookie session's name: `auth.cookie` in the spec (E4 Connect's `PHPSESSID`); a cookie
  API whose spec does not name it cannot be exported.
"""

from __future__ import annotations

from codegen.export.errors import NothingToExport
from codegen.export.jsonschema import INTEGER_TEXT, JSON_MEDIA_TYPE, JsonObject, SchemaMapper
from codegen.export.text import summary
from codegen.ir.model import Api, Nullable, Operation, Parameter, Primitive, Server, named_refs

OPENAPI_VERSION = "3.1.0"
ERROR_SCHEMA = "ErrorBody"
"""The named schema of error answers, when the API has one."""
BEARER_SCHEME = "bearer"
SESSION_SCHEME = "session"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
_METHOD_ORDER = ("get", "put", "post", "delete", "patch")
"""The order of OpenAPI's path item fields."""


def openapi_document(api: Api) -> JsonObject:
    """The OpenAPI 3.1 document of `api`'s routes; NothingToExport when it has none."""
    operations = [op for tag in api.tags for op in tag.operations]
    if not operations:
        raise NothingToExport(f"the API '{api.name}' has no REST routes")
    session_cookie = ""
    if api.auth is not None and api.auth.kind == "cookie":
        if not api.auth.cookie:
            raise NothingToExport(
                f"the API '{api.name}' has a cookie session but its spec does not name the"
                " cookie: add `cookie: NAME` to its auth section"
            )
        session_cookie = api.auth.cookie
    return _Builder(api, session_cookie).document(operations)


class _Builder:
    def __init__(self, api: Api, session_cookie: str) -> None:
        self.api = api
        self.session_cookie = session_cookie
        self.mapper = SchemaMapper(api)
        self.has_error_schema = any(s.name == ERROR_SCHEMA for s in api.schemas)

    def document(self, operations: list[Operation]) -> JsonObject:
        info: JsonObject = {"title": self.api.title, "version": self.api.version}
        if self.api.description:
            info["description"] = self.api.description
        document: JsonObject = {"openapi": OPENAPI_VERSION, "info": info}
        servers = [_server(s) for s in self.api.servers]
        if servers:
            document["servers"] = servers
        document["tags"] = [_tag(t.name, t.description) for t in self.api.tags]
        document["paths"] = self._paths(operations)
        components: JsonObject = {"schemas": self.mapper.components(self._roots(operations))}
        schemes = self._security_schemes()
        if schemes:
            components["securitySchemes"] = schemes
        document["components"] = components
        return document

    def _roots(self, operations: list[Operation]) -> set[str]:
        roots: set[str] = {ERROR_SCHEMA} if self.has_error_schema else set()
        for op in operations:
            for parameter in op.parameters:
                roots.update(named_refs(parameter.type))
            if op.body is not None:
                roots.add(op.body.name)
            if op.response is not None and op.response_format == "json":
                roots.update(named_refs(op.response))
        return roots

    def _paths(self, operations: list[Operation]) -> JsonObject:
        by_path: dict[str, dict[str, JsonObject]] = {}
        for op in operations:
            by_path.setdefault(op.path, {})[op.method.lower()] = self._operation(op)
        return {
            path: {m: item[m] for m in _METHOD_ORDER if m in item}
            for path, item in sorted(by_path.items())
        }

    # -- one operation -------------------------------------------------------------------

    def _operation(self, op: Operation) -> JsonObject:
        result: JsonObject = {"tags": [op.tag], "operationId": op.ref}
        if op.description:
            result["summary"] = summary(op.description)
            if result["summary"] != op.description:
                result["description"] = op.description
        if op.parameters:
            result["parameters"] = [self._parameter(p) for p in op.parameters]
        if op.body is not None:
            media = FORM_MEDIA_TYPE if op.body_encoding == "form" else JSON_MEDIA_TYPE
            body_schema = self.mapper.type_schema(op.body)
            result["requestBody"] = {"required": True, "content": {media: {"schema": body_schema}}}
        responses = {str(op.status): self._success(op), **self._errors(op)}
        result["responses"] = dict(sorted(responses.items()))
        result["security"] = self._security(op)
        return result

    def _parameter(self, parameter: Parameter) -> JsonObject:
        # A parameter that is None is left out of the request, so null never travels.
        kind = parameter.type.inner if isinstance(parameter.type, Nullable) else parameter.type
        in_path = parameter.location == "path"
        result: JsonObject = {
            "name": parameter.name if in_path else parameter.wire_name,
            "in": parameter.location,
            "required": in_path or parameter.required,
        }
        if parameter.description:
            result["description"] = parameter.description
        result["schema"] = self.mapper.value_schema(kind, default=parameter.default)
        return result

    def _success(self, op: Operation) -> JsonObject:
        if op.response_format == "binary":
            media = op.media_type or "application/octet-stream"
            return {
                "description": f"The file ({media}), to stream to disk.",
                "content": {media: {"schema": {"type": "string", "format": "binary"}}},
            }
        if op.response_format == "text":
            return self._text_success(op)
        if op.response is None:
            result: JsonObject = {
                "description": "Success; the answer carries nothing (a body, if any, is ignored)."
            }
            if self._is_session_login(op):
                result["description"] = "Logged in: the answer sets the session cookie."
                result["headers"] = {
                    "Set-Cookie": {
                        "description": f"The session cookie ({self.session_cookie}).",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                }
            return result
        text = "Success."
        if op.sets_tokens:
            text = "The tokens; later requests carry the access token."
        return {
            "description": text,
            "content": {JSON_MEDIA_TYPE: {"schema": self.mapper.type_schema(op.response)}},
        }

    def _text_success(self, op: Operation) -> JsonObject:
        media = op.media_type or "text/plain"
        schema: JsonObject = {"type": "string"}
        if op.extract is not None:
            schema["pattern"] = op.extract.pattern  # unanchored: found anywhere in the text
            text = f"A {media} answer; {op.extract.what} is what the pattern's one group matches."
        else:
            resolved = self.api.resolve(op.response) if op.response is not None else None
            if isinstance(resolved, Primitive) and resolved.kind == "integer":
                schema["pattern"] = INTEGER_TEXT
            text = f"The answer as {media} text."
        return {"description": text, "content": {media: {"schema": schema}}}

    def _errors(self, op: Operation) -> dict[str, JsonObject]:
        if self.has_error_schema:
            error_schema = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
            content: JsonObject = {JSON_MEDIA_TYPE: {"schema": error_schema}}
        else:
            content = {"text/plain": {"schema": {"type": "string"}}}
        errors: dict[str, str] = {}
        takes_input = bool(op.parameters) or op.body is not None
        if takes_input:
            errors["400"] = "The request was refused: a parameter or the body is not valid."
        if op.auth != "none":
            errors["401"] = self._unauthorized_text()
            errors["403"] = self._forbidden_text()
            if takes_input:
                errors["404"] = "What the request names does not exist, or is not the caller's."
        elif op.sets_tokens or self._is_refresh(op) or self._is_session_login(op):
            errors["401"] = "The credentials were refused."
        errors["4XX"] = "Another refusal (e.g. 409 conflict, 413 too large, 429 too many)."
        return {code: {"description": text, "content": content} for code, text in errors.items()}

    def _forbidden_text(self) -> str:
        auth = self.api.auth
        if auth is not None and auth.kind == "cookie":
            return "The session may not do this (e.g. another account's data)."
        return (
            "The token may not do this (e.g. a user token on a customer route, an account "
            "without the access, or another account's data)."
        )

    def _unauthorized_text(self) -> str:
        auth = self.api.auth
        if auth is not None and auth.kind == "cookie":
            return "No session, or it has expired: log in again."
        if auth is not None and auth.refresh is not None:
            return (
                "The access token is missing, invalid or expired; clients refresh it once "
                f"({auth.refresh.operation}) and repeat the request once."
            )
        return "The access token is missing, invalid or expired."

    # -- security ------------------------------------------------------------------------

    def _is_refresh(self, op: Operation) -> bool:
        auth = self.api.auth
        return auth is not None and auth.refresh is not None and auth.refresh.operation == op.ref

    def _is_session_login(self, op: Operation) -> bool:
        auth = self.api.auth
        return auth is not None and auth.kind == "cookie" and auth.login == op.ref

    def _security_schemes(self) -> JsonObject:
        auth = self.api.auth
        if auth is None:
            return {}
        if auth.kind == "cookie":
            text = f"The session cookie that {auth.login} sets; there is no refresh."
            return {
                SESSION_SCHEME: {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": self.session_cookie,
                    "description": text,
                }
            }
        text = (
            "The access token of a login. Scopes name the kind of token an operation takes: "
            "`customer` (the account) or `user` (one of its users)."
        )
        if auth.header.lower() == "authorization" and auth.scheme.lower() == "bearer":
            scheme: JsonObject = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        else:
            scheme = {"type": "apiKey", "in": "header", "name": auth.header}
            text += f" Sent as `{auth.header}: {auth.scheme} <access token>`."
        return {BEARER_SCHEME: {**scheme, "description": text}}

    def _security(self, op: Operation) -> list[JsonObject]:
        auth = self.api.auth
        if auth is None or op.auth == "none":
            return []
        if auth.kind == "cookie":
            return [{SESSION_SCHEME: []}]
        kinds = ["customer", "user"] if op.auth == "any" else [op.auth]
        return [{BEARER_SCHEME: [kind]} for kind in kinds]


def _server(server: Server) -> JsonObject:
    text = f"{server.name}: {server.description}" if server.description else server.name
    return {"url": server.http, "description": text}


def _tag(name: str, description: str | None) -> JsonObject:
    return {"name": name, "description": description} if description else {"name": name}
