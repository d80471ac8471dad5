"""One cattrs converter per API, configured from a table the generator writes.

The generated `_converter.py` only declares, per model, each field's wire name, encoding
and whether it is omitted when None or secret; everything that acts on those declarations
lives here, once, as plain and lintable Python.
"""

from __future__ import annotations

import datetime
import enum
import math
import types
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import jsoncodec
from .enums import OpenIntEnum, OpenStrEnum
from .errors import DecodeError, FieldError, Problem, TypeMismatch
from .fastpath import INLINE, CompiledModels, FastField, when_missing

T = TypeVar("T")
Hook = Callable[[Any, Any], Any]


@attrs.frozen
class FieldSpec:
    """How one attribute travels: its wire name and the quirks the spec declares."""

    name: str
    wire: str
    encoding: str | None = None  # "json-text" or "string"
    omit_none: bool = False
    secret: bool = False


class _Child(Exception):
    """An error below a map key, carrying the path segment cattrs cannot record."""

    def __init__(self, segment: str, inner: BaseException) -> None:
        super().__init__(segment)
        self.segment = segment
        self.inner = inner


class ModelConverter:
    """structure/unstructure/loads/dumps for one API's models, with field-path errors.

    Two cattrs converters share one configuration: a lean one whose model hooks are
    compiled per model (fastpath.py) and decide valid data fast, and one with cattrs'
    detailed validation that runs only when the lean one refuses, to decide and to name
    every bad field.
    """

    def __init__(self, api: str) -> None:
        self.api = api
        self._fields: dict[type, dict[str, FieldSpec]] = {}
        self._hooks: dict[Any, Hook] = {}
        """Lean hooks by target type: `structure` skips cattrs' dispatch on each call."""
        self.cattrs = self._new_cattrs(detailed=False)
        self._detailed = self._new_cattrs(detailed=True)

    def _new_cattrs(self, *, detailed: bool) -> cattrs.Converter:
        conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=False)
        _install_scalars(conv)
        conv.register_structure_hook_factory(_is_optional, lambda t: _optional_hook(conv, t))
        conv.register_structure_hook_factory(_is_str_map, lambda t: self._map_hook(conv, t))
        structure_model: Callable[[Any], Hook] = (
            partial(self._structure_model, conv)
            if detailed
            else CompiledModels(partial(self._fast_fields, conv), self._not_object).hook
        )
        conv.register_structure_hook_factory(self._is_model, structure_model)
        conv.register_unstructure_hook_factory(
            self._is_model, lambda t: self._unstructure_model(conv, t)
        )
        return conv

    def register_model(self, cls: type, fields: tuple[FieldSpec, ...]) -> None:
        """Declare a model's fields; its hooks are built on first use, so order is free."""
        self._fields[cls] = {f.name: f for f in fields}

    # -- public operations -----------------------------------------------------------

    def structure(self, data: Any, cls: type[T]) -> T:
        """Wire data (parsed JSON) -> model; raises DecodeError naming every bad field."""
        try:
            hook = self._hooks.get(cls)
            if hook is None:
                hook = self._hooks[cls] = self.cattrs.get_structure_hook(cls)
            return cast(T, hook(data, cls))
        except Exception:
            pass
        # The fast path may refuse what it cannot decide cheaply; the detailed converter
        # decides, and names every bad field.
        try:
            return self._detailed.structure(data, cls)
        except Exception as exc:
            raise DecodeError(_name_of(cls), self.problems(exc)) from None

    def unstructure(self, value: Any) -> Any:
        """Model -> wire data (JSON-ready dicts and lists, wire names)."""
        return self.cattrs.unstructure(value)

    def loads(self, text: str | bytes | bytearray | memoryview, cls: type[T]) -> T:
        """JSON text -> model."""
        try:
            data = jsoncodec.loads(text)
        except ValueError as exc:
            raise DecodeError(_name_of(cls), [Problem("", f"invalid JSON: {exc}")]) from None
        return self.structure(data, cls)

    def dumps(self, value: Any) -> str:
        """Model -> compact JSON text."""
        return jsoncodec.dumps(self.unstructure(value))

    # -- model hooks -----------------------------------------------------------------

    def _is_model(self, cls: Any) -> bool:
        return cls in self._fields

    def _structure_model(self, conv: cattrs.Converter, cls: type) -> Hook:
        overrides: dict[str, Any] = {}
        attr_types = {a.name: a.type for a in attrs.fields(cls)}
        for spec in self._fields[cls].values():
            hook = self._field_structure_hook(conv, spec, attr_types[spec.name])
            rename = spec.wire if spec.wire != spec.name else None
            overrides[spec.name] = override(rename=rename, struct_hook=hook)
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls,
            conv,
            _cattrs_forbid_extra_keys=False,
            _cattrs_detailed_validation=conv.detailed_validation,
            **overrides,
        )

        hide = self._holds_secret(cls, set())

        def structure_model(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeMismatch("object", value, secret=hide)
            return generated(value, cls)

        return structure_model

    def _fast_fields(self, conv: cattrs.Converter, cls: type) -> list[FastField]:
        """How the fast path reads each of `cls`'s attributes, from the declarations."""
        specs = self._fields[cls]
        fields = []
        for attribute in attrs.fields(cls):
            if not attribute.init:
                continue
            spec = specs.get(attribute.name) or FieldSpec(attribute.name, attribute.name)
            inner, nullable = _split_optional(attribute.type)
            hook = self._encoded_hook(conv, spec, inner)
            is_enum = not hook and isinstance(inner, type) and issubclass(inner, enum.Enum)
            fields.append(
                FastField(
                    name=attribute.name,
                    keyword=attribute.alias or attribute.name,
                    wire=spec.wire,
                    hook=hook or (None if inner is Any else conv.get_structure_hook(inner)),
                    hook_type=inner,
                    inline=None if hook else INLINE.get(inner),
                    members=(_enum_json_type(inner), inner._value2member_map_) if is_enum else None,
                    nullable=nullable,
                    missing=when_missing(attribute, nullable),
                )
            )
        return fields

    def _not_object(self, cls: type) -> Callable[[Any], Exception]:
        hide = self._holds_secret(cls, set())
        return lambda value: TypeMismatch("object", value, secret=hide)

    def _holds_secret(self, field_type: Any, seen: set[type]) -> bool:
        """Whether a type is, or contains, a model with a secret field."""
        if field_type in self._fields:
            if field_type in seen:
                return False
            seen.add(field_type)
            specs = self._fields[field_type].values()
            return any(spec.secret for spec in specs) or any(
                self._holds_secret(a.type, seen) for a in attrs.fields(field_type)
            )
        return any(self._holds_secret(arg, seen) for arg in get_args(field_type))

    def _unstructure_model(self, conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
        overrides: dict[str, Any] = {}
        attr_types = {a.name: a.type for a in attrs.fields(cls)}
        for spec in self._fields[cls].values():
            hook = self._field_unstructure_hook(conv, spec, attr_types[spec.name])
            rename = spec.wire if spec.wire != spec.name else None
            omit = True if spec.omit_none else None
            overrides[spec.name] = override(rename=rename, omit_if_default=omit, unstruct_hook=hook)
        return make_dict_unstructure_fn(cls, conv, **overrides)

    def _field_structure_hook(
        self, conv: cattrs.Converter, spec: FieldSpec, field_type: Any
    ) -> Hook | None:
        inner, optional = _split_optional(field_type)
        hook = self._encoded_hook(conv, spec, inner)
        if hook is None or not optional:
            return hook
        return lambda value, _: None if value is None else hook(value, inner)

    @staticmethod
    def _encoded_hook(conv: cattrs.Converter, spec: FieldSpec, inner: Any) -> Hook | None:
        """For a field the spec gives an encoding: structures a non-null value of `inner`."""
        if spec.encoding == "json-text":
            return _json_text_structure(conv, inner)
        if spec.encoding == "string":
            return _string_structure(conv, inner)
        return None

    def _field_unstructure_hook(
        self, conv: cattrs.Converter, spec: FieldSpec, field_type: Any
    ) -> Any:
        inner, _ = _split_optional(field_type)
        if spec.encoding == "json-text":

            def to_json_text(value: Any) -> Any:
                if value is None:
                    return None
                return jsoncodec.dumps(conv.unstructure(value, inner))

            return to_json_text
        if spec.encoding == "string":
            return _to_text
        return None

    def _map_hook(self, conv: cattrs.Converter, map_type: Any) -> Hook:
        value_type = get_args(map_type)[1]

        def structure_map(value: Any, _: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise TypeMismatch("object", value)
            result = {}
            for key, item in value.items():
                try:
                    result[key] = conv.structure(item, value_type)
                except Exception as exc:
                    raise _Child(f"[{key!r}]", exc) from None
            return result

        return structure_map

    # -- errors ----------------------------------------------------------------------

    def problems(self, exc: BaseException) -> list[Problem]:
        """Flatten cattrs' exception groups into (wire path, message) problems."""
        found: list[Problem] = []
        self._walk(exc, "", False, found)
        return found or [Problem("", f"{type(exc).__name__}: {exc}")]

    def _walk(self, exc: BaseException, path: str, secret: bool, found: list[Problem]) -> None:
        if isinstance(exc, ClassValidationError):
            specs = self._fields.get(exc.cl, {})
            by_attribute, unnoted = exc.group_exceptions()
            for sub, attribute in by_attribute:
                spec = specs.get(attribute.name)
                segment = spec.wire if spec else attribute.name
                child = f"{path}.{segment}" if path else segment
                self._walk(sub, child, secret or bool(spec and spec.secret), found)
            for sub in unnoted:
                self._walk(sub, path, secret, found)
        elif isinstance(exc, IterableValidationError):
            by_index, unindexed = exc.group_exceptions()
            for sub, item in by_index:
                self._walk(sub, f"{path}[{item.index}]", secret, found)
            for sub in unindexed:
                self._walk(sub, path, secret, found)
        elif isinstance(exc, _Child):
            self._walk(exc.inner, path + exc.segment, secret, found)
        elif isinstance(exc, TypeMismatch):
            found.append(Problem(path + exc.rel_path, exc.describe(secret=secret)))
        elif isinstance(exc, FieldError):
            found.append(Problem(path + exc.rel_path, exc.message))
        elif isinstance(exc, KeyError):
            found.append(Problem(path, "required field is missing"))
        elif isinstance(exc, BaseExceptionGroup):
            for member in exc.exceptions:
                self._walk(member, path, secret, found)
        else:
            detail = type(exc).__name__ if secret else f"{type(exc).__name__}: {exc}"
            found.append(Problem(path, f"invalid value ({detail})"))


def _is_optional(cls: Any) -> bool:
    return _split_optional(cls)[1]


def _optional_hook(conv: cattrs.Converter, optional_type: Any) -> Hook:
    """`X | None` with X's hook looked up once, not on every value."""
    inner = _split_optional(optional_type)[0]
    structure_inner = conv.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure_optional


def _json_text_structure(conv: cattrs.Converter, inner: Any) -> Hook:
    def from_json_text(value: Any, _: Any) -> Any:
        if isinstance(value, str | bytes):
            try:
                value = jsoncodec.loads(value)
            except ValueError as exc:
                raise FieldError(f"invalid JSON text inside the string: {exc}") from None
        return conv.structure(value, inner)

    return from_json_text


def _string_structure(conv: cattrs.Converter, inner: Any) -> Hook:
    parse = _TEXT_PARSERS[inner]

    def from_text(value: Any, _: Any) -> Any:
        if isinstance(value, str):
            return parse(value)
        return conv.structure(value, inner)

    return from_text


# -- scalars -------------------------------------------------------------------------


def _install_scalars(conv: cattrs.Converter) -> None:
    """Strict JSON types: cattrs' defaults would turn 12 into '12' or 'abc' into a crash."""
    # First, so the numeric-array hooks below take precedence over it.
    conv.register_structure_hook_factory(
        _is_list, lambda t: _strict_list(list_structure_factory(t, conv))
    )
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(
        datetime.datetime, _iso_hook(datetime.datetime, "date-time (ISO 8601 text)")
    )
    conv.register_structure_hook(datetime.date, _iso_hook(datetime.date, "date (YYYY-MM-DD)"))
    conv.register_unstructure_hook(datetime.datetime, format_datetime)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    # By base class: cattrs dispatches on the class (str above) before any predicate, so a
    # predicate hook would never see an enum and members would travel as plain str and int.
    for enum_base in (OpenStrEnum, OpenIntEnum):
        conv.register_structure_hook(enum_base, _structure_enum)
        conv.register_unstructure_hook(enum_base, _enum_value)
    conv.register_structure_hook_func(lambda t: t == list[float], _structure_floats)
    conv.register_structure_hook_func(lambda t: t == list[list[float]], _structure_float_rows)


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise TypeMismatch("str", value)
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise TypeMismatch("int", value)
    return value


def _structure_float(value: Any, _: Any) -> float:
    kind = type(value)
    if kind is not float and kind is not int:
        raise TypeMismatch("float", value)
    if kind is float and not math.isfinite(value):
        raise TypeMismatch("finite float", value)
    return cast(float, value)  # an int is a valid float and keeps its wire form


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise TypeMismatch("bool", value)
    return value


def _iso_hook(kind: type[datetime.date], expected: str) -> Hook:
    """Dates and date-times travel as ISO 8601 text; a value already parsed is kept."""

    def structure_iso(value: Any, _: Any) -> Any:
        if type(value) is kind:
            return value
        if isinstance(value, str):
            try:
                return kind.fromisoformat(value)
            except ValueError:
                pass
        raise TypeMismatch(expected, value)

    return structure_iso


def format_datetime(value: datetime.datetime) -> str:
    """ISO 8601 as JavaScript servers write it: `Z` for UTC, no needless digits."""
    micro = value.microsecond
    timespec = "seconds" if not micro else "milliseconds" if not micro % 1000 else "microseconds"
    text = value.isoformat(timespec=timespec)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _structure_enum(value: Any, cls: type[enum.Enum]) -> Any:
    """A member of `cls`, known or not; the value must have the enum's JSON type."""
    base = _enum_json_type(cls)
    if type(value) is base:  # a known value costs a dict lookup, not an Enum call
        member = cls._value2member_map_.get(value)
        return member if member is not None else cls(value)
    if isinstance(value, cls):
        return value
    raise TypeMismatch(base.__name__, value)


def _enum_json_type(cls: type[enum.Enum]) -> type:
    """The JSON type an enum's values travel as: str, or int."""
    return str if issubclass(cls, str) else int


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _is_list(cls: Any) -> bool:
    return get_origin(cls) is list


def _strict_list(structure_items: Hook) -> Hook:
    """cattrs would take any iterable for a list, turning "abc" into ['a', 'b', 'c']."""

    def structure_list(value: Any, list_type: Any) -> Any:
        if type(value) is not list:
            raise TypeMismatch("list", value)
        return structure_items(value, list_type)

    return structure_list


def _structure_floats(value: Any, _: Any) -> list[float]:
    """A numeric array is checked in C by `sum`, not converted one float at a time.

    A finite sum means every item is a number and none is NaN or infinite. `sum` takes
    booleans as numbers, so a `true` among the floats passes; refusing it would need a
    per-item type pass that doubles the cost of decoding a sample matrix.
    """
    if type(value) is list:
        try:
            if math.isfinite(sum(value)):
                return cast(list[float], value)
        except (TypeError, OverflowError):
            pass
    _find_non_number(value, "")
    return cast(list[float], value)


def _structure_float_rows(value: Any, _: Any) -> list[list[float]]:
    """A sample matrix: one C-level pass over all items; the slow path only names the culprit.

    `list.extend` gathers the rows' items into one list (references only), which `sum`
    then adds up: a row costs one call and no iterator (`itertools.chain` made one per
    row, which took longer than the adding).
    Like an empty list, an empty "" or {} row passes (it holds no items to sum).
    """
    if type(value) is not list:
        raise TypeMismatch("list", value)
    try:
        flat: list[Any] = []
        _drain(map(flat.extend, value))
        if -math.inf < sum(flat) < math.inf:
            return cast(list[list[float]], value)
    except (TypeError, OverflowError):
        pass
    for i, row in enumerate(value):
        _find_non_number(row, f"[{i}]")
    return cast(list[list[float]], value)


_drain: Callable[[Iterable[object]], None] = deque[object](maxlen=0).extend
"""Runs an iterator to its end at C speed, keeping nothing (the itertools `consume` recipe)."""


def _find_non_number(row: Any, path: str) -> None:
    """Raise for the first item that is not a finite number (the slow path, for messages).

    Finding none is possible: finite numbers whose sum overflows are valid.
    """
    if type(row) is not list:
        raise TypeMismatch("list", row, path)
    for j, item in enumerate(row):
        kind = type(item)
        if kind is float and not math.isfinite(item):
            raise TypeMismatch("finite float", item, f"{path}[{j}]")
        if kind is not float and kind is not int:
            raise TypeMismatch("float", item, f"{path}[{j}]")


def _is_str_map(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is dict and len(args) == 2 and args[0] is str


def _split_optional(field_type: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True); anything else -> (itself, False)."""
    if get_origin(field_type) in (Union, types.UnionType):
        args = [a for a in get_args(field_type) if a is not type(None)]
        if len(args) == 1 and len(get_args(field_type)) == 2:
            return args[0], True
    return field_type, False


def _parse_bool_text(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise TypeMismatch("bool as text ('true' or 'false')", text)


def _parse_int_text(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise TypeMismatch("int as text", text) from None


def _parse_float_text(text: str) -> float:
    try:
        number = float(text.strip())
    except ValueError:
        raise TypeMismatch("float as text", text) from None
    if not math.isfinite(number):
        raise TypeMismatch("finite float as text", text)
    return number


_TEXT_PARSERS: dict[Any, Callable[[str], Any]] = {
    bool: _parse_bool_text,
    int: _parse_int_text,
    float: _parse_float_text,
}


def _to_text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return jsoncodec.dumps(value)


def _name_of(cls: Any) -> str:
    """`Token`, `dict[str, SensorInfo]`, `list[ConnectedUser]`: what a DecodeError names."""
    args = get_args(cls)
    if get_origin(cls) in (Union, types.UnionType):
        return " | ".join(_name_of(arg) for arg in args)
    if args:
        return f"{_name_of(get_origin(cls))}[{', '.join(_name_of(arg) for arg in args)}]"
    if cls is type(None):
        return "None"
    return getattr(cls, "__name__", None) or repr(cls)
