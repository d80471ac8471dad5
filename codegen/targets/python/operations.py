"""Python views of operations: method signatures, request building, call arguments."""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable

import attrs

from codegen.ir.model import Api, Field, ObjectSchema, Operation, Parameter, Tag, TypeRef
from codegen.targets.docs import caller
from codegen.targets.python import types
from codegen.targets.python.naming import api_class_name, class_name, identifier

_SHADOWABLE = {"list", "dict", "str", "int", "float", "bool", "type"}


@attrs.frozen
class MethodView:
    name: str
    doc: str
    constant: str  # module-level OperationSpec name
    spec: str  # the OperationSpec(...) expression
    signature: str  # after `self`
    returns: str  # return annotation
    request: str  # "" or the expression building the body model
    call_args: tuple[str, ...]  # keyword arguments of transport.call, besides the spec
    answer_type: str  # "" when the operation answers nothing
    unwrap: str  # ".pager.items" or ""
    tokens: tuple[str, str] | None  # expressions of the access and refresh tokens
    to_file: bool = False  # a binary answer, streamed to `destination`

    @property
    def opening(self) -> str:
        """The statement's start: which transport method, and what is kept of its result."""
        if self.to_file:
            return "return self._transport.download("
        return ("answer = " if self.answer_type else "") + "self._transport.call("


@attrs.frozen
class TagView:
    name: str  # class name
    attribute: str  # the client's attribute
    doc: str
    methods: tuple[MethodView, ...]
    imports: tuple[str, ...]  # names imported from ..models


def tag_view(api: Api, tag: Tag) -> TagView:
    shadowed = {identifier(op.name) for op in tag.operations} & _SHADOWABLE
    methods = tuple(_method(api, op, shadowed) for op in tag.operations)
    needed: set[str] = set()
    for op in tag.operations:
        needed |= _uses(api, op)
    doc = tag.description or f"The {tag.name} operations."
    models = tuple(sorted(needed - {"datetime", "JsonValue"}))
    return TagView(api_class_name(tag.name), identifier(tag.name), doc, methods, models)


def module_needs(api: Api, tag: Tag) -> set[str]:
    """`datetime` and `JsonValue` when the tag's annotations use them."""
    needed: set[str] = set()
    for op in tag.operations:
        needed |= _uses(api, op)
    return needed & {"datetime", "JsonValue"}


def _method(api: Api, op: Operation, shadowed: set[str]) -> MethodView:
    def annotate(ref: TypeRef) -> str:
        return _qualify(types.annotation(api, ref), shadowed)

    positional = [
        f"{identifier(p.name)}: {annotate(p.type)}" for p in op.parameters if p.location == "path"
    ]
    required: list[str] = []
    optional: list[str] = []
    for p in op.parameters:
        if p.location != "path":
            (required if p.required else optional).append(_parameter_arg(api, p, annotate))
    body_fields = _body_fields(api, op)
    request_args: list[str] = []
    given: list[str] = []
    for field in body_fields:
        name = identifier(field.name)
        default = types.default_expression(api, field)
        text = _qualify(types.field_annotation(api, field), shadowed)
        if default is None:
            required.append(f"{name}: {text}")
            request_args.append(f"{name}={name}")
        elif default == "None" or default.startswith("attrs.Factory("):
            none_ok = text if text.endswith("| None") or text == "JsonValue" else f"{text} | None"
            optional.append(f"{name}: {none_ok} = None")
            given.append(f"{name}={name}")
        else:
            optional.append(f"{name}: {text} = {default}")
            request_args.append(f"{name}={name}")
    to_file = op.response_format == "binary"
    keyword = required + (list(_TO_FILE_ARGS) if to_file else []) + optional
    signature = "".join(f", {arg}" for arg in positional)
    if keyword:
        signature += ", *" + "".join(f", {arg}" for arg in keyword)
    request = ""
    if op.body is not None:
        args = list(request_args)
        if given:
            args.append(f"**given({', '.join(given)})")
        request = f"{class_name(op.body.name)}({', '.join(args)})"
    answer_type = annotate(op.response) if op.response is not None else ""
    result = api.field_type(op.response, op.returns) if op.response is not None else None
    return MethodView(
        name=identifier(op.name),
        doc=_doc(api, op),
        constant=f"_{identifier(op.name).upper()}",
        spec=_spec(api, op),
        signature=signature,
        returns="pathlib.Path" if to_file else annotate(result) if result is not None else "None",
        request=request,
        call_args=_call_args(op, answer_type),
        answer_type=answer_type,
        unwrap="".join(f".{identifier(name)}" for name in op.returns),
        tokens=_token_expressions(api, op),
        to_file=to_file,
    )


_TO_FILE_ARGS = (  # names as in validate.routes.TO_FILE_ARGUMENTS
    "destination: str | os.PathLike[str]",
    "overwrite: bool = False",
    "on_progress: Callable[[int, int | None], None] | None = None",
)
"""Keyword arguments of operations whose binary answer is streamed to a file."""


def _parameter_arg(api: Api, p: Parameter, annotate: Callable[[TypeRef], str]) -> str:
    text = annotate(p.type)
    if p.required:
        return f"{identifier(p.name)}: {text}"
    if p.default is not None and p.default.value is not None:
        return f"{identifier(p.name)}: {text} = {types.literal(api, p.type, p.default.value)}"
    none_ok = text if text.endswith("| None") else f"{text} | None"
    return f"{identifier(p.name)}: {none_ok} = None"


def _body_fields(api: Api, op: Operation) -> tuple[Field, ...]:
    if op.body is None:
        return ()
    schema = api.schema(op.body.name)
    return schema.fields if isinstance(schema, ObjectSchema) else ()


def _call_args(op: Operation, answer_type: str) -> tuple[str, ...]:
    args: list[str] = []
    for location in ("path", "query", "header"):
        chosen = [p for p in op.parameters if p.location == location]
        if chosen:
            pairs = ", ".join(f"{p.wire_name!r}: {identifier(p.name)}" for p in chosen)
            key = "headers" if location == "header" else location
            args.append(f"{key}={{{pairs}}}")
    if op.body is not None:
        args.append(f"{'form' if op.body_encoding == 'form' else 'body'}=request")
    if op.response is not None:
        args.append(f"response_type={answer_type}")
    if op.response_format == "binary":
        args += ["destination=destination", "overwrite=overwrite", "on_progress=on_progress"]
    return tuple(args)


def _spec(api: Api, op: Operation) -> str:
    args = [repr(op.ref), repr(op.method), repr(op.path)]
    if op.auth == "none":
        args.append("auth=False")
    if api.auth is not None and api.auth.login == op.ref:
        args.append("starts_session=True")
    if op.response_format != "json":
        args.append(f"answer={op.response_format!r}")
    if op.extract is not None:
        args.append(f"extract=Extract({op.extract.pattern!r}, {op.extract.what!r})")
    if op.media_type is not None:
        args.append(f"media_type={op.media_type!r}")
    return f"OperationSpec({', '.join(args)})"


def _doc(api: Api, op: Operation) -> str:
    who = caller(api, op)
    first = op.description or f"{op.method} {op.path}."
    if op.response_format == "binary":
        first += _TO_FILE_DOC
    return f"{first}\n\n{op.method} {op.path} ({who})."


_TO_FILE_DOC = (
    "\n\nThe answer is written to `destination` + '.part' in chunks and renamed to"
    " `destination` once complete (its size checked against Content-Length); an existing"
    " file is kept unless `overwrite`. `on_progress(done, total)` follows the bytes."
    " Returns the final path."
)


def _token_expressions(api: Api, op: Operation) -> tuple[str, str] | None:
    return token_expressions(api) if op.sets_tokens else None


def token_expressions(api: Api) -> tuple[str, str] | None:
    """Python expressions reading the access and refresh tokens from an answer `result`."""
    if api.auth is None:
        return None
    access = "result" + "".join(f".{identifier(n)}" for n in api.auth.access_token)
    refresh = "None"
    if api.auth.refresh_token:
        refresh = "result" + "".join(f".{identifier(n)}" for n in api.auth.refresh_token)
    return access, refresh


def _uses(api: Api, op: Operation) -> set[str]:
    needed: set[str] = set()
    for p in op.parameters:
        needed |= types.uses(api, p.type)
    for field in _body_fields(api, op):
        needed |= types.uses(api, field.type)
    if op.body is not None:
        needed.add(class_name(op.body.name))
    if op.response is not None:
        needed |= types.uses(api, op.response)
        needed |= types.uses(api, api.field_type(op.response, op.returns))
    return needed


def _qualify(annotation: str, shadowed: set[str]) -> str:
    """`list[...]` -> `builtins.list[...]` where the class has a method named `list`."""
    for name in sorted(shadowed):
        if hasattr(builtins, name):
            annotation = _replace_word(annotation, name, f"builtins.{name}")
    return annotation


def _replace_word(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<![\w.]){word}(?=\[|\b)", replacement, text)
