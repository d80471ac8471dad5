"""Stage 4 for TypeScript: decide the files, names, types and imports; templates print them.

Output per API: `typescript/<package-in-kebab-case>/` with `package.json`, `tsconfig.json`
and `src/` (models with decoders and encoders, a fetch-based client, socket.io-client
channels, and the hand-written runtime files). Templates emit the final layout: there is
no formatter to run afterwards, so what is rendered is what is committed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from codegen.ir.model import Api
from codegen.render import OutputFile, Renderer
from codegen.targets.typescript.channels import channel_view
from codegen.targets.typescript.filters import FILTERS
from codegen.targets.typescript.models import schema_view
from codegen.targets.typescript.naming import package_name, property_name
from codegen.targets.typescript.operations import (
    TagView,
    refresh_path,
    tag_view,
    token_expressions,
)

RUNTIME_FILES = ("decode.ts", "errors.ts", "http.ts", "servers.ts", "sockets.ts")
HTTP_RUNTIME = frozenset({"errors.ts", "http.ts"})
SOCKET_RUNTIME = frozenset({"sockets.ts"})

DECODE_EXPORTS = (
    "DecodeError",
    "ObjectReader",
    "arrayOf",
    "decodeBoolean",
    "decodeDate",
    "decodeDateTime",
    "decodeInteger",
    "decodeIntegerText",
    "decodeJson",
    "decodeNumber",
    "decodeString",
    "encodeArray",
    "encodeJson",
    "encodeJsonText",
    "encodeMap",
    "encodeNullable",
    "encodeScalar",
    "encodeText",
    "fromText",
    "jsonText",
    "mapOf",
    "nullable",
    "openEnum",
    "secret",
)
TYPE_ONLY = frozenset(
    {
        "ChannelSpec",
        "Decoder",
        "Encoder",
        "Json",
        "JsonObject",
        "OperationSpec",
        "Problem",
        "SocketOptions",
        "TransportOptions",
    }
)

RESERVED_NAMES = frozenset(
    {
        # what the package exports besides the models
        "ApiConnectionError",
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "ChannelSpec",
        "Client",
        "ClientOptions",
        "ConflictError",
        "DecodeError",
        "Decoder",
        "Encoder",
        "HttpTransport",
        "IncompleteAnswerError",
        "Json",
        "JsonObject",
        "NotFoundError",
        "ObjectReader",
        "OperationSpec",
        "PermissionDeniedError",
        "Problem",
        "RateLimitError",
        "RequestTooLargeError",
        "ResponseDecodeError",
        "Server",
        "SERVERS",
        "ServerError",
        "SocketChannel",
        "SocketConnectError",
        "SocketError",
        "SocketNotConnectedError",
        "SocketOptions",
        "TokenStore",
        "TransportOptions",
        # schemas whose decodeX/encodeX would be the runtime's own
        "Boolean",
        "Date",
        "DateTime",
        "Integer",
        "IntegerText",
        "Number",
        "String",
        "Text",
        # global names a model type would shadow
        "Array",
        "Error",
        "Map",
        "Object",
        "Promise",
        "Readonly",
        "ReadonlyArray",
        "Record",
        "Uint8Array",
    }
)
"""Names no schema may take, since the generated package uses them itself."""


class TypeScriptTarget:
    """Plans every file of one API's TypeScript package."""

    name = "typescript"
    reserved_names = RESERVED_NAMES

    def __init__(self) -> None:
        self.renderer = Renderer(resources.files(__package__).joinpath("templates"), FILTERS)
        self._model_names: frozenset[str] = frozenset()  # of the API being planned
        self._model_types: frozenset[str] = frozenset()  # its names that are only types

    def root(self, api: Api) -> str:
        return f"typescript/{package_name(api)}"

    def files(self, api: Api) -> list[OutputFile]:
        root = self.root(api)
        out = [self._runtime(api, root, name) for name in _runtime_names(api)]
        views = [schema_view(api, s) for s in api.schemas]
        self._model_names = frozenset(n for v in views for n in (v.name, v.decoder, v.encoder))
        self._model_types = frozenset(v.name for v in views if v.kind != "enum")
        out.append(self._module(api, root, "src/models.ts", "models.ts.jinja", schemas=views))
        out.append(self._module(api, root, "src/servers.ts", "servers.ts.jinja"))
        tags = [(tag, tag_view(api, tag)) for tag in api.tags]
        for tag, tag_v in tags:
            out.append(
                self._module(
                    api, root, f"src/api/{tag_v.file}", "api.ts.jinja", tag.source, tag=tag_v
                )
            )
        if tags:
            out.append(self._client(api, root, [v for _, v in tags]))
            out.append(
                self._module(
                    api, root, "src/api/index.ts", "api_index.ts.jinja", tags=[v for _, v in tags]
                )
            )
        channels = [(c, channel_view(api, c)) for c in api.channels]
        for channel, view in channels:
            out.append(
                self._module(
                    api,
                    root,
                    f"src/sockets/{view.file}",
                    "socket.ts.jinja",
                    channel.source,
                    channel=view,
                    socket_path=channel.path,
                )
            )
        out.append(
            self._module(
                api,
                root,
                "src/index.ts",
                "index.ts.jinja",
                summary=_summary(api),
                tags=[v for _, v in tags],
                channels=[v for _, v in channels],
            )
        )
        out.append(self._package_json(api, root))
        out.append(self._render(api, root, "tsconfig.json", "tsconfig.json.jinja"))
        return out

    # -- pieces ----------------------------------------------------------------------

    def _client(self, api: Api, root: str, tags: list[TagView]) -> OutputFile:
        auth = api.auth
        kind = auth.kind if auth else "bearer"
        refresh = None
        if auth is not None and auth.refresh is not None:
            operation = api.operation(auth.refresh.operation)
            tokens = token_expressions(api)
            assert tokens is not None, "bearer auth with a refresh operation"
            path = refresh_path(api)
            refresh = {
                "call": f"{property_name(operation.tag)}.{property_name(operation.name)}",
                "field": property_name(auth.refresh.field),
                "access": tokens[0],
                "refresh": tokens[1],
                # an answer without a new refresh token leaves the one just used
                "keep": f"{path} ?? refreshToken" if path else "refreshToken",
            }
        return self._module(
            api,
            root,
            "src/client.ts",
            "client.ts.jinja",
            doc=_client_doc(api, kind),
            tags=tags,
            auth_kind=kind,
            auth_header=auth.header if auth else "Authorization",
            auth_scheme=auth.scheme if auth else "Bearer",
            default_server=api.servers[0].name if api.servers else "",
            user_agent=f"{package_name(api)}/{api.version}",
            refresh=refresh,
        )

    def _module(
        self,
        api: Api,
        root: str,
        path: str,
        template: str,
        origin: str | None = None,
        **context: Any,
    ) -> OutputFile:
        """A .ts file: rendered body, then the imports the body uses, then the header."""
        depth = path.count("/") - 1
        up = "./" if depth == 0 else "../" * depth
        body = self.renderer.render(template, api=api, up=up, **context)
        imports = _imports(body, up, path, self._model_names, self._model_types)
        text = header(api, origin or api.entry_source) + "\n" + imports + body
        return OutputFile(f"{root}/{path}", text)

    def _render(self, api: Api, root: str, path: str, template: str) -> OutputFile:
        text = self.renderer.render(template, api=api, header=header(api, api.entry_source))
        return OutputFile(f"{root}/{path}", text)

    def _runtime(self, api: Api, root: str, name: str) -> OutputFile:
        source = resources.files(__package__).joinpath("runtime", name)
        body = source.read_text(encoding="utf-8")
        return OutputFile(f"{root}/src/runtime/{name}", header(api, api.entry_source) + body)

    def _package_json(self, api: Api, root: str) -> OutputFile:
        document: dict[str, Any] = {
            "//": _header_line(api),
            "name": package_name(api),
            "version": api.version,
            "description": f"{api.title} API {api.version}: typed client, models and decoders.",
            "license": "MIT",
            "type": "module",
            "main": "dist/index.js",
            "types": "dist/index.d.ts",
            "exports": {".": {"types": "./dist/index.d.ts", "default": "./dist/index.js"}},
            "files": ["dist", "src"],
            "scripts": {"build": "tsc -p tsconfig.json", "check": "tsc -p tsconfig.json --noEmit"},
            "engines": {"node": ">=18"},
            "devDependencies": {"typescript": "^5.4.0"},
        }
        if api.channels:
            document["dependencies"] = {"socket.io-client": "^4.7.0"}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        return OutputFile(f"{root}/package.json", text)


def _runtime_names(api: Api) -> list[str]:
    names = []
    for name in RUNTIME_FILES:
        if name in HTTP_RUNTIME and not api.tags:
            continue
        if name in SOCKET_RUNTIME and not api.channels:
            continue
        names.append(name)
    return names


_WIDTH = 100
_WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def _code_words(body: str) -> set[str]:
    """Identifiers in code lines (comments and string literals do not count)."""
    found: set[str] = set()
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("*", "/*", "//")):
            continue
        found.update(_WORD.findall(re.sub(r'"(?:[^"\\]|\\.)*"', '""', line)))
    return found


def _imports(
    body: str, up: str, path: str, models: frozenset[str], model_types: frozenset[str]
) -> str:
    """The import lines a module's body needs, in a fixed order (runtime, then local)."""
    words = _code_words(body)
    lines: list[str] = []

    def add(module: str, candidates: Iterable[str], type_only: frozenset[str] = TYPE_ONLY) -> None:
        used = sorted(n for n in set(candidates) if n in words)
        if not used:
            return
        names = ", ".join(f"type {n}" if n in type_only else n for n in used)
        keyword = "import"
        if all(n in type_only for n in used):
            keyword, names = "import type", ", ".join(used)
        line = f'{keyword} {{ {names} }} from "{module}";'
        if len(line) > _WIDTH:
            items = "".join(f"\n  {name}," for name in names.split(", "))
            line = f'{keyword} {{{items}\n}} from "{module}";'
        lines.append(line)

    if path in ("src/index.ts", "src/api/index.ts"):
        return ""  # these re-export; they import nothing
    add(f"{up}runtime/decode.js", [*DECODE_EXPORTS, "Json", "JsonObject", "Decoder"])
    http = ["HttpTransport", "OperationSpec", "TokenStore", "TransportOptions"]
    add(f"{up}runtime/http.js", http)
    add(f"{up}runtime/servers.js", ["httpBase"])
    add(f"{up}runtime/sockets.js", ["ChannelSpec", "SocketChannel", "SocketOptions"])
    if path != "src/models.ts":
        add(f"{up}models.js", models, model_types)
    if path != "src/servers.ts":
        add(f"{up}servers.js", ["SERVERS"])
    if path == "src/client.ts":
        add("./api/index.js", [w for w in words if w.endswith("Api")])
    return "\n".join(lines) + ("\n\n" if lines else "")


def _client_doc(api: Api, kind: str) -> str:
    servers = ", ".join(server.name for server in api.servers)
    credentials = {
        "bearer": "Tokens given here or kept from a login are sent with each call; an expired"
        " access token is refreshed once when a call answers 401.",
        "cookie": "The session cookie of a login is kept and sent with each later call; a call"
        " without one (or with one the server has expired) rejects with AuthenticationError.",
    }[kind]
    return (
        f"Typed calls to every REST operation of the {api.title} API.\n\n"
        f"`server` is a named server ({servers}) or any base URL. {credentials}"
    )


def _summary(api: Api) -> str:
    parts = ["typed models with decoders and encoders"]
    parts += ["a fetch-based client"] if api.tags else []
    parts += ["socket.io-client channels"] if api.channels else []
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{api.title} API {api.version}: {listed}.\n\n{api.description or ''}"


def _header_line(api: Api) -> str:
    return (
        "DO NOT EDIT: generated by `python -m codegen generate` from the spec; regenerate."
        f" spec sha256: {api.sha256}"
    )


def header(api: Api, source: str) -> str:
    return (
        "// DO NOT EDIT: generated by `python -m codegen generate` from the spec; regenerate.\n"
        f"// source: {source}\n"
        f"// spec sha256: {api.sha256}\n"
    )
