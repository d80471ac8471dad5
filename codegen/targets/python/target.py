"""Stage 4 for Python: decide the files, names, annotations and imports; templates print them."""

from __future__ import annotations

from importlib import resources
from typing import Any

import attrs

from codegen.ir.model import (
    AliasSchema,
    Api,
    Channel,
    EnumSchema,
    Field,
    ObjectSchema,
    Schema,
    Tag,
)
from codegen.render import OutputFile, Renderer
from codegen.targets.python import types
from codegen.targets.python.channels import ChannelView, channel_needs, channel_view
from codegen.targets.python.filters import FILTERS
from codegen.targets.python.naming import (
    attribute_name,
    class_name,
    identifier,
    member_name,
    module_name,
)
from codegen.targets.python.operations import (
    TagView,
    module_needs,
    tag_view,
    token_expressions,
)

RESERVED_NAMES = frozenset(
    {
        "DecodeError",
        "Problem",
        "Server",
        "SERVERS",
        "JsonValue",
        "FieldSpec",
        "ModelConverter",
        "OpenStrEnum",
        "OpenIntEnum",
        "CONVERTER",
        "SocketError",
        "SocketConnectError",
        "SocketNotConnectedError",
    }
)
"""Names the generated package exports besides the models: no schema may take them."""

RUNTIME_FILES = (
    "__init__.py",
    "converter.py",
    "download.py",
    "enums.py",
    "errors.py",
    "fastpath.py",
    "http.py",
    "http_errors.py",
    "jsoncodec.py",
    "servers.py",
    "sockets.py",
    "values.py",
)
SOCKET_RUNTIME = frozenset({"sockets.py"})
"""Runtime files only APIs with Socket.IO channels get."""


@attrs.frozen
class FieldView:
    attr: str
    annotation: str
    assignment: str  # "" or " = <expression>"
    doc: str | None
    spec: str  # the FieldSpec(...) call for the converter table


@attrs.frozen
class ClassView:
    name: str
    kind: str  # "object" | "enum"
    doc: str | None
    base: str = ""
    members: tuple[tuple[str, str], ...] = ()
    fields: tuple[FieldView, ...] = ()


class PythonTarget:
    """Plans every file of one API's Python package."""

    name = "python"
    reserved_names = RESERVED_NAMES

    def __init__(self) -> None:
        self.renderer = Renderer(resources.files(__package__).joinpath("templates"), FILTERS)

    def root(self, api: Api) -> str:
        return api.package

    def files(self, api: Api) -> list[OutputFile]:
        package = self.root(api)
        runtime = [n for n in RUNTIME_FILES if api.channels or n not in SOCKET_RUNTIME]
        out = [self._runtime_file(api, package, name) for name in runtime]
        modules = self._modules(api)
        for module, (source, classes) in modules.items():
            out.append(
                self._render(
                    api,
                    f"{package}/models/{module}.py",
                    source,
                    "models_module.py.jinja",
                    classes=classes,
                    source=source,
                    imports=self._module_imports(api, source),
                )
            )
        classes_by_module = {m: sorted(c.name for c in cs) for m, (_, cs) in modules.items()}
        alias_schemas = [s for s in api.schemas if isinstance(s, AliasSchema)]
        aliases = [
            (class_name(a.name), types.annotation(api, a.type), a.description)
            for a in alias_schemas
        ]
        entry = api.entry_source
        objects_names = [class_name(s.name) for s in api.schemas if isinstance(s, ObjectSchema)]
        model_exports = sorted(
            [*(c for cs in classes_by_module.values() for c in cs), *(a[0] for a in aliases)]
        )
        out.append(
            self._render(
                api,
                f"{package}/models/__init__.py",
                entry,
                "models_init.py.jinja",
                modules=classes_by_module,
                aliases=aliases,
                objects=objects_names,
                exports=model_exports,
            )
        )
        objects = [
            self._converter_entry(api, s) for s in api.schemas if isinstance(s, ObjectSchema)
        ]
        out.append(
            self._render(
                api, f"{package}/_converter.py", entry, "converter.py.jinja", objects=objects
            )
        )
        out.append(self._render(api, f"{package}/servers.py", entry, "servers.py.jinja"))
        client_names = self._client_files(api, out)
        socket_names = self._socket_files(api, out)
        runtime_names = [
            *client_names,
            *socket_names,
            "API_NAME",
            "API_VERSION",
            "CONVERTER",
            "SERVERS",
            "SPEC_SHA256",
            "DecodeError",
            "JsonValue",
            "Problem",
            "Server",
            "dumps",
            "loads",
            "structure",
            "unstructure",
        ]
        what = "typed client, models and converter" if api.tags else "typed models and converter"
        package_doc = f"{api.title} API {api.version}: {what}.\n\n{api.description or ''}"
        out.append(
            self._render(
                api,
                f"{package}/__init__.py",
                entry,
                "package_init.py.jinja",
                exports=model_exports,
                all_names=sorted([*runtime_names, *model_exports], key=_export_order),
                client_names=client_names,
                socket_names=socket_names,
                package_doc=package_doc,
            )
        )
        out.append(OutputFile(f"{package}/py.typed", header(api, entry)))
        return out

    # -- pieces ----------------------------------------------------------------------

    def _client_files(self, api: Api, out: list[OutputFile]) -> list[str]:
        """The api/ modules and the client; returns the names the package exports for them."""
        if not api.tags:
            return []
        package, entry = api.package, api.entry_source
        auth_kind = api.auth.kind if api.auth else "bearer"
        views = [(tag, tag_view(api, tag)) for tag in api.tags]
        for tag, view in views:
            out.append(
                self._render(
                    api,
                    f"{package}/api/{view.attribute}.py",
                    tag.source,
                    "api_module.py.jinja",
                    tag=view,
                    imports=_api_imports(api, tag, view),
                )
            )
        classes = sorted((view.attribute, view.name) for _, view in views)
        out.append(
            self._render(
                api, f"{package}/api/__init__.py", entry, "api_init.py.jinja", classes=classes
            )
        )
        out.append(
            self._render(
                api,
                f"{package}/client.py",
                entry,
                "client.py.jinja",
                tags=[view for _, view in views],
                default_server=api.servers[0].name if api.servers else "",
                auth_kind=auth_kind,
                bearer_tokens=auth_kind == "bearer",  # token arguments and accessors
                credentials_doc=_CREDENTIALS_DOC[auth_kind],
                runtime_imports=", ".join(
                    ["DEFAULT_TIMEOUT", "HttpTransport"]
                    + (["TokenStore"] if auth_kind == "bearer" else [])
                ),
                auth_header=api.auth.header if api.auth else "Authorization",
                auth_scheme=api.auth.scheme if api.auth else "Bearer",
                user_agent=f"{api.package}/{api.version}",
                refresh=_refresh_view(api),
            )
        )
        return ["Client", *HTTP_ERRORS]

    def _socket_files(self, api: Api, out: list[OutputFile]) -> list[str]:
        """The sockets/ modules; returns the names the package exports for them."""
        if not api.channels:
            return []
        package = api.package
        views = [(channel, channel_view(api, channel)) for channel in api.channels]
        for channel, view in views:
            out.append(
                self._render(
                    api,
                    f"{package}/sockets/{view.module}.py",
                    channel.source,
                    "socket_module.py.jinja",
                    channel=view,
                    module_doc=f"The {channel.name} channel: Socket.IO path {channel.path}.",
                    imports=_socket_imports(api, channel, view),
                )
            )
        classes = sorted((view.module, view.name) for _, view in views)
        out.append(
            self._render(
                api,
                f"{package}/sockets/__init__.py",
                api.entry_source,
                "sockets_init.py.jinja",
                classes=classes,
            )
        )
        return [*sorted(name for _, name in classes), *SOCKET_ERRORS]

    def _render(
        self, api: Api, path: str, origin: str, template: str, **context: Any
    ) -> OutputFile:
        text = self.renderer.render(template, api=api, header=header(api, origin), **context)
        return OutputFile(path, text)

    def _runtime_file(self, api: Api, package: str, name: str) -> OutputFile:
        body = resources.files(__package__).joinpath("runtime", name).read_text(encoding="utf-8")
        return OutputFile(f"{package}/_runtime/{name}", header(api, api.entry_source) + body)

    def _modules(self, api: Api) -> dict[str, tuple[str, list[ClassView]]]:
        modules: dict[str, tuple[str, list[ClassView]]] = {}
        for schema in api.schemas:
            if isinstance(schema, AliasSchema):
                continue
            view = self._class_view(api, schema)
            modules.setdefault(module_name(schema.source), (schema.source, []))[1].append(view)
        return modules

    def _class_view(self, api: Api, schema: ObjectSchema | EnumSchema) -> ClassView:
        if isinstance(schema, EnumSchema):
            members = tuple((member_name(v), repr(v)) for v in schema.values)
            base = "OpenStrEnum" if schema.base == "string" else "OpenIntEnum"
            return ClassView(class_name(schema.name), "enum", _doc(schema), base, members)
        fields = tuple(self._field_view(api, f) for f in schema.fields)
        return ClassView(class_name(schema.name), "object", _doc(schema), fields=fields)

    def _field_view(self, api: Api, field: Field) -> FieldView:
        default = types.default_expression(api, field)
        if field.secret:
            args = ["repr=redacted"]
            if default is not None:
                factory = default.startswith("attrs.Factory(")
                args.insert(0, f"default={default}" if not factory else f"factory={default[14:-1]}")
            assignment = f" = attrs.field({', '.join(args)})"
        else:
            assignment = f" = {default}" if default is not None else ""
        return FieldView(
            attribute_name(field),
            types.field_annotation(api, field),
            assignment,
            field.description,
            _field_spec(field),
        )

    def _module_imports(self, api: Api, source: str) -> dict[str, Any]:
        """What one models module imports: at run time, and for type checkers only."""
        schemas = api.schemas_from(source)
        local = {class_name(s.name) for s in schemas if not isinstance(s, AliasSchema)}
        needed: set[str] = set()
        objects = [s for s in schemas if isinstance(s, ObjectSchema)]
        for model in objects:
            for field in model.fields:
                needed |= types.uses(api, field.type)  # enum defaults use their field's class
        enums = {s.base for s in schemas if isinstance(s, EnumSchema)}
        foreign: dict[str, list[str]] = {}
        for name in sorted(needed - local - {"datetime", "JsonValue"}):
            schema = _class_schema(api, name)
            foreign.setdefault(module_name(schema.source), []).append(name)
        values = sorted({"JsonValue"} & needed | ({"redacted"} if _has_secret(objects) else set()))
        enum_bases = sorted("OpenStrEnum" if b == "string" else "OpenIntEnum" for b in enums)
        stdlib = ["import datetime"] if "datetime" in needed else []
        stdlib += ["from typing import TYPE_CHECKING"] if foreign else []
        package = [f"from .._runtime.enums import {', '.join(enum_bases)}"] if enum_bases else []
        package += [f"from .._runtime.values import {', '.join(values)}"] if values else []
        groups = [stdlib, ["import attrs"] if objects else [], package]
        type_checking = [f"from .{m} import {', '.join(n)}" for m, n in sorted(foreign.items())]
        return {
            "block": "\n\n".join("\n".join(group) for group in groups if group),
            "type_checking": type_checking,
        }

    def _converter_entry(self, api: Api, schema: ObjectSchema) -> tuple[str, list[str]]:
        return class_name(schema.name), [_field_spec(f) for f in schema.fields]


HTTP_ERRORS = (
    "ApiConnectionError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "IncompleteAnswerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "ResponseDecodeError",
    "ServerError",
)


_CREDENTIALS_DOC = {
    "bearer": (
        "Tokens given here or kept from a login are sent with each call; an expired\n"
        "    access token is refreshed once when a call answers 401."
    ),
    "cookie": (
        "The session cookie of a login is kept and sent with each later call; a call\n"
        "    without one (or with one the server has expired) raises AuthenticationError."
    ),
}


SOCKET_ERRORS = ("SocketConnectError", "SocketError", "SocketNotConnectedError")


def _socket_imports(api: Api, channel: Channel, view: ChannelView) -> str:
    """The import block of one sockets/ module, sorted as isort would."""
    needs = channel_needs(api, channel)
    stdlib = ["import datetime"] if "datetime" in needs else []
    stdlib += ["from collections.abc import Callable"] if view.listens else []
    runtime = ["SocketChannel"]
    runtime += ["Callback"] if view.emits else []
    runtime += ["ChannelSpec"]
    runtime += ["ConnectParam"] if channel.parameters else []
    local = ["from .._converter import CONVERTER"]
    local += [f"from .._runtime.sockets import {', '.join(sorted(runtime))}"]
    local += ["from .._runtime.values import JsonValue"] if "JsonValue" in needs else []
    local += [f"from ..models import {', '.join(view.imports)}"] if view.imports else []
    local += ["from ..servers import SERVERS"]
    return "\n\n".join("\n".join(group) for group in (stdlib, local) if group)


def _api_imports(api: Api, tag: Tag, view: TagView) -> str:
    """The import block of one api/ module, sorted as isort would."""
    methods = view.methods
    to_file = any(m.to_file for m in methods)
    stdlib = (
        ["import builtins"] if any("builtins." in m.signature + m.returns for m in methods) else []
    )
    stdlib += ["import datetime"] if "datetime" in module_needs(api, tag) else []
    stdlib += ["import os", "import pathlib"] if to_file else []
    stdlib += ["from collections.abc import Callable"] if to_file else []
    stdlib += ["from typing import cast"] if any(m.answer_type for m in methods) else []
    values = ["JsonValue"] if "JsonValue" in module_needs(api, tag) else []
    values += ["given"] if any("**given(" in m.request for m in methods) else []
    transport = ["Extract"] if any("Extract(" in m.spec for m in methods) else []
    transport += ["HttpTransport", "OperationSpec"]
    local = [f"from .._runtime.http import {', '.join(transport)}"]
    local += [f"from .._runtime.values import {', '.join(values)}"] if values else []
    local += [f"from ..models import {', '.join(view.imports)}"] if view.imports else []
    return "\n\n".join("\n".join(group) for group in (stdlib, local) if group)


def _refresh_view(api: Api) -> dict[str, str] | None:
    """How the client calls the refresh operation and reads the new tokens."""
    if api.auth is None or api.auth.refresh is None:
        return None
    operation = api.operation(api.auth.refresh.operation)
    tokens = token_expressions(api)
    assert tokens is not None, "an auth section is there"
    access, refresh = tokens
    return {
        "call": f"{identifier(operation.tag)}.{identifier(operation.name)}",
        "argument": identifier(api.auth.refresh.field),
        "access": access,
        "refresh": refresh,
    }


def _has_secret(objects: list[ObjectSchema]) -> bool:
    return any(field.secret for schema in objects for field in schema.fields)


def _export_order(name: str) -> tuple[int, str]:
    """isort's order for `__all__`: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _doc(schema: Schema) -> str:
    return schema.description or f"{schema.name}, as declared in {schema.source}."


def header(api: Api, source: str) -> str:
    return (
        "# DO NOT EDIT: generated by `python -m codegen generate` from the spec; regenerate.\n"
        f"# source: {source}\n"
        f"# spec sha256: {api.sha256}\n"
    )


def _field_spec(field: Field) -> str:
    args = [repr(attribute_name(field)), repr(field.wire_name)]
    if field.encoding:
        args.append(f"encoding={field.encoding!r}")
    if field.omitted_when_none:
        args.append("omit_none=True")
    if field.secret:
        args.append("secret=True")
    return f"FieldSpec({', '.join(args)})"


def _class_schema(api: Api, python_name: str) -> Schema:
    return next(
        s
        for s in api.schemas
        if class_name(s.name) == python_name and not isinstance(s, AliasSchema)
    )
