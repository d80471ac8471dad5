"""One structure function compiled per model, for the fast path that valid data takes.

cattrs' generated functions call a hook for every field, and every optional field goes
through one more; for a 256 x 8 sample packet that was a third of the decode. These
functions test JSON scalars inline (`type(v) is str`), skip absent and null optionals
without a call, and call a hook only for what needs one. A value that fails an inline
test is handed to the field's own hook, so what passes, and what each hook returns, is
exactly what the hooks decide. Any failure raises; the converter then lets cattrs'
detailed converter name every bad field.
"""

from __future__ import annotations

import linecache
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

Hook = Callable[[Any, Any], Any]
Missing = Literal["required", "none", "default"]


@attrs.frozen
class Inline:
    """A test under which the field's hook would return the value (or, with `copy`, a
    shallow copy of it) without calling it. NaN fails every test on floats.

    A test may also raise (`sum` over a string); any exception sends the whole value to
    the detailed converter, which decides.
    """

    test: str
    """A template of a Python expression on `{v}`."""
    copy: bool = False


INLINE: dict[Any, Inline] = {
    str: Inline("type({v}) is str"),
    int: Inline("type({v}) is int"),
    bool: Inline("type({v}) is bool"),
    float: Inline("type({v}) is float and _NEG_INF < {v} < _INF"),
    list[float]: Inline("type({v}) is list and _NEG_INF < sum({v}) < _INF"),
    list[str]: Inline("type({v}) is list and _ONLY_STR.issuperset(map(type, {v}))", copy=True),
    list[Any]: Inline("type({v}) is list", copy=True),
    dict[str, Any]: Inline("type({v}) is dict", copy=True),
}
"""Numeric lists are kept as given, as their hooks keep them; other containers are
copied as their hooks copy them, so a model never shares a caller's list or dict."""


@attrs.frozen
class FastField:
    """How the compiled function reads one attribute."""

    name: str
    keyword: str
    """The attribute's `__init__` keyword (attrs' alias: `_x` is set as `x`)."""
    wire: str
    hook: Hook | None
    """Structures a present value (never None when `nullable`); None takes the value as
    it is (free-form JSON)."""
    hook_type: Any
    """The type the hook is called with, as cattrs hooks expect."""
    inline: Inline | None
    """The field type's inline test, if INLINE has one."""
    members: tuple[type, Mapping[Any, Any]] | None
    """An enum's JSON type and its known values: such a value becomes its member here."""
    nullable: bool
    missing: Missing
    """`required`: the key must be there; `none`: absent means None; `default`: the
    attribute's own default applies, so the keyword is left out."""


class CompiledModels:
    """One converter's compiled functions, each built once, also when threads race.

    A model found again while its own function is being built (a model that contains
    itself) gets a stand-in that calls the function once it exists.
    """

    def __init__(
        self,
        fields_of: Callable[[type], Sequence[FastField]],
        not_object: Callable[[type], Callable[[Any], Exception]],
    ) -> None:
        self._fields_of = fields_of
        self._not_object = not_object
        self._built: dict[type, Hook] = {}
        self._building: set[type] = set()
        self._lock = threading.RLock()  # re-entered by the thread building a recursive model

    def hook(self, cls: type) -> Hook:
        with self._lock:
            if cls in self._built:
                return self._built[cls]
            if cls in self._building:
                return lambda value, _: self._built[cls](value, cls)
            self._building.add(cls)
            try:
                built = compile_structure(cls, self._fields_of(cls), self._not_object(cls))
            finally:
                self._building.discard(cls)
            self._built[cls] = built
            return built


def when_missing(attribute: attrs.Attribute[Any], nullable: bool) -> Missing:
    """What an absent key means: an error, None, or the attribute's other default."""
    if attribute.default is attrs.NOTHING:
        return "required"
    return "none" if nullable and attribute.default is None else "default"


def compile_structure(
    cls: type, fields: Sequence[FastField], not_object: Callable[[Any], Exception]
) -> Hook:
    """A `(value, type) -> cls` function for `cls`; raises on any invalid input."""
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_not_object": not_object,
        "_NEG_INF": -math.inf,
        "_INF": math.inf,
        "_ONLY_STR": frozenset({str}),
    }
    body = ["    if not isinstance(o, dict):", "        raise _not_object(o)"]
    kwargs: list[str] = []
    for index, field in enumerate(fields):
        local = f"a{index}"
        namespace[f"_h{index}"] = field.hook
        namespace[f"_t{index}"] = field.hook_type
        if field.members is not None:
            namespace[f"_b{index}"], namespace[f"_m{index}"] = field.members
        read = _read(field, local, index)
        if field.missing == "default":
            body.append(f"    if {field.wire!r} in o:")
            body += [f"    {line}" for line in read]
            body.append(f"        kw[{field.keyword!r}] = {local}")
        else:
            body += read
            kwargs.append(f"{field.keyword}={local}")
    if _plain(cls, fields):
        body.append("    instance = _new(_cls)")
        body += [f"    instance.{field.name} = a{i}" for i, field in enumerate(fields)]
        body.append("    return instance")
        namespace["_new"] = object.__new__
    elif len(kwargs) < len(fields):
        body.insert(2, "    kw = {}")
        body.append(f"    return _cls({', '.join([*kwargs, '**kw'])})")
    else:
        body.append(f"    return _cls({', '.join(kwargs)})")
    name = f"structure_{cls.__name__}"
    source = "\n".join([f"def {name}(o, _):", *body]) + "\n"
    filename = f"<fast structure of {cls.__module__}.{cls.__qualname__}>"
    exec(compile(source, filename, "exec"), namespace)  # source built above from attrs metadata
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[name]  # type: ignore[no-any-return]


def _read(field: FastField, local: str, index: int) -> list[str]:
    """Lines that set `local` from `o`, indented for the function body."""
    getter = f"o.get({field.wire!r})" if field.missing == "none" else f"o[{field.wire!r}]"
    if field.hook is None:
        return [f"    {local} = {getter}"]
    call = f"{local} = _h{index}({local}, _t{index})"
    if field.members is not None:
        convert = [
            f"if type({local}) is _b{index} and {local} in _m{index}:",
            f"    {local} = _m{index}[{local}]",
            "else:",
            f"    {call}",
        ]
    elif field.inline and field.inline.copy:
        test = field.inline.test.format(v=local)
        convert = [f"if {test}:", f"    {local} = {local}.copy()", "else:", f"    {call}"]
    elif field.inline:
        convert = [f"if not ({field.inline.test.format(v=local)}):", f"    {call}"]
    else:
        convert = [call]
    if field.nullable:
        convert = [f"if {local} is not None:", *[f"    {line}" for line in convert]]
    return [f"    {line}" for line in [f"{local} = {getter}", *convert]]


def _plain(cls: type, fields: Sequence[FastField]) -> bool:
    """Whether setting the attributes does all `__init__` would: attrs generates it and it
    has nothing to run (no validator, converter, hook or default to fill in).

    Skipping the keyword call makes a model three times cheaper to build.
    """
    base: Any = object  # typed loosely: mypy sees the methods' signatures as unrelated
    if cls.__new__ is not base.__new__ or cls.__setattr__ is not base.__setattr__:
        return False
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return False
    if any(field.missing == "default" for field in fields):
        return False
    attributes = attrs.fields(cls)
    if {a.name for a in attributes} != {field.name for field in fields}:
        return False
    return all(a.init and a.validator is None and a.converter is None for a in attributes)
