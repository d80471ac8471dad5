"""TypeScript views of operations: method signatures, call parts, answers, token keeping."""

from __future__ import annotations

import attrs

from codegen.ir.model import Api, Field, ObjectSchema, Operation, Parameter, Tag, TypeRef
from codegen.targets.docs import caller
from codegen.targets.typescript import layout, types
from codegen.targets.typescript.naming import (
    api_class_name,
    constant_name,
    encoder_name,
    kebab_case,
    property_name,
    type_name,
)

PROGRESS_TYPE = "(received: number, total: number | null) => void"


@attrs.frozen
class MethodView:
    name: str
    doc: str
    constant: str  # the module's OperationSpec constant
    spec: str  # its object literal
    signature: str  # inside the parentheses
    returns: str  # the Promise's type
    body: str  # the statements, indented


@attrs.frozen
class TagView:
    name: str  # the class
    attribute: str  # the client's property
    file: str  # below src/api/
    doc: str
    methods: tuple[MethodView, ...]

    @property
    def module(self) -> str:
        """The file's name without `.ts`, as imports write it (`./sockets/hia.js`)."""
        return self.file.removesuffix(".ts")


def tag_view(api: Api, tag: Tag) -> TagView:
    methods = tuple(_method(api, op) for op in tag.operations)
    return TagView(
        name=api_class_name(tag.name),
        attribute=property_name(tag.name),
        file=f"{kebab_case(tag.name)}.ts",
        doc=tag.description or f"The {tag.name} operations.",
        methods=methods,
    )


def _method(api: Api, op: Operation) -> MethodView:
    body_fields = _body_fields(api, op)
    members: list[str] = []
    for p in op.parameters:
        mark = "" if p.required else "?"
        members.append(f"readonly {property_name(p.name)}{mark}: {_param_type(p)}")
    if op.response_format == "binary":
        members.append(f"readonly onProgress?: {PROGRESS_TYPE}")
    result = api.field_type(op.response, op.returns) if op.response is not None else None
    returns = _returns(op, result)
    # the signature's line: `  async name(args: {...}): Promise<returns> {`
    column = len(f"  async {property_name(op.name)}(args: ") + len(f"): Promise<{returns}> {{")
    arg_type = layout.members(members, 2, column) if members else ""
    if op.body is not None:
        body_type = type_name(op.body.name)
        arg_type = f"{arg_type} & {body_type}" if arg_type else body_type
    if arg_type:
        everything_optional = all(not p.required for p in op.parameters) and not any(
            f.required for f in body_fields
        )
        signature = f"args: {arg_type}" + (" = {}" if everything_optional else "")
    else:
        signature = ""
    parts = _call_parts(api, op)
    return MethodView(
        name=property_name(op.name),
        doc=_doc(api, op),
        constant=constant_name(op.name),
        spec=_spec(api, op),
        signature=signature,
        returns=returns,
        body=_body(api, op, parts),
    )


def _param_type(p: Parameter) -> str:
    return types.ts_type(p.type)


def _body_fields(api: Api, op: Operation) -> tuple[Field, ...]:
    if op.body is None:
        return ()
    schema = api.schema(op.body.name)
    return schema.fields if isinstance(schema, ObjectSchema) else ()


def _argument(api: Api, p: Parameter) -> str:
    """The expression of a parameter's value in the call (defaults applied).

    Scalars and lists of scalars go as they are (a list repeats its key); anything else
    travels as JSON text.
    """
    value = f"args.{property_name(p.name)}"
    if p.default is not None and p.default.value is not None:
        value = f"{value} ?? {types.literal(p.default.value)}"
    if types.is_scalar(api, p.type) or types.is_scalar_list(api, p.type):
        return value
    text = f"JSON.stringify({types.encoder(p.type)}({value}))"
    return text if p.required else f"{value} === undefined ? undefined : {text}"


def _call_parts(api: Api, op: Operation) -> list[str]:
    parts: list[str] = []
    for location, key in (("path", "path"), ("query", "query"), ("header", "headers")):
        chosen = [p for p in op.parameters if p.location == location]
        if chosen:
            pairs = [f"{layout.key(p.wire_name)}: {_argument(api, p)}" for p in chosen]
            parts.append(f"{key}: {{ {', '.join(pairs)} }}")
    if op.body is not None:
        key = "form" if op.body_encoding == "form" else "body"
        parts.append(f"{key}: {encoder_name(op.body.name)}(args)")
    return parts


def _body(api: Api, op: Operation, parts: list[str]) -> str:
    """The method's statements, indented for the class body."""
    constant = constant_name(op.name)
    if op.response_format == "binary":
        callee, last = "this.transport.download", ["args.onProgress"]
    elif op.response is None:
        callee, last = "this.transport.callVoid", []
    else:
        callee = "this.transport.call"
        text_decoder = "decodeIntegerText" if _integer(op) else "decodeString"
        last = [text_decoder if op.response_format == "text" else types.decoder(op.response)]
    unwrap = "".join(f".{property_name(n)}" for n in op.returns)
    tokens = token_expressions(api) if op.sets_tokens else None
    prefix = "const result = await " if tokens or unwrap else "return "
    indent = 4

    def statement(parts_text: str) -> str:
        return layout.call(prefix, callee, [constant, parts_text, *last], indent)

    one_line = "{ " + ", ".join(parts) + " }" if parts else "{}"
    lines = [statement(one_line)]
    if "\n" in lines[0] and parts:  # arguments one per line: the parts may need lines too
        lines = [statement(layout.obj(parts, indent + 2))]
    if tokens:
        lines.append(f"this.transport.tokens.set({tokens[0]}, {tokens[1]});")
    if tokens or unwrap:
        lines.append(f"return result{unwrap};")
    return "\n".join(" " * indent + line for line in lines)


def _integer(op: Operation) -> bool:
    return op.response is not None and types.ts_type(op.response) == "number"


def _returns(op: Operation, result: TypeRef | None) -> str:
    if op.response_format == "binary":
        return "Uint8Array"
    return "void" if result is None else types.ts_type(result)


def _spec(api: Api, op: Operation) -> str:
    items = [
        f"name: {types.ts_literal(op.ref)}",
        f"method: {types.ts_literal(op.method)}",
        f"path: {types.ts_literal(op.path)}",
        f"auth: {'false' if op.auth == 'none' else 'true'}",
        f"answer: {types.ts_literal(op.response_format)}",
    ]
    if op.extract is not None:
        pattern, what = types.ts_literal(op.extract.pattern), types.ts_literal(op.extract.what)
        items.append(f"extract: {{ pattern: {pattern}, what: {what} }}")
    if api.auth is not None and api.auth.login == op.ref:
        items.append("startsSession: true")
    if op.media_type is not None:
        items.append(f"mediaType: {types.ts_literal(op.media_type)}")
    prefix = f"const {constant_name(op.name)}: OperationSpec = "
    return layout.obj(items, 0, len(prefix) + 1)


def _doc(api: Api, op: Operation) -> str:
    who = caller(api, op)
    first = op.description or f"{op.method} {op.path}."
    if op.response_format == "binary":
        first += (
            "\n\nResolves to the whole body once its size matched Content-Length;"
            " `onProgress(received, total)` follows the bytes."
        )
    return f"{first}\n\n{op.method} {op.path} ({who})."


def refresh_path(api: Api) -> str | None:
    """The expression reading the refresh token from a login answer `result`, if any."""
    if api.auth is None or api.auth.kind != "bearer" or not api.auth.refresh_token:
        return None
    return "result" + "".join(f".{property_name(n)}" for n in api.auth.refresh_token)


def token_expressions(api: Api) -> tuple[str, str] | None:
    """Expressions reading the access and refresh tokens from a login answer `result`."""
    if api.auth is None or api.auth.kind != "bearer":
        return None
    access = "result" + "".join(f".{property_name(n)}" for n in api.auth.access_token)
    refresh = "null"
    if api.auth.refresh_token:
        refresh = "result" + "".join(f".{property_name(n)}" for n in api.auth.refresh_token)
        refresh = f"{refresh} ?? null"
    return access, refresh
