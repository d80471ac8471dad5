"""Hypothesis strategies for the generated models, derived from their attrs fields.

`models(cls)` builds any model of `neurospeed_api` from its resolved annotations, so a new
schema in the spec is covered without touching this module. Values stay within what JSON
carries between the supported backends: finite floats and 64-bit integers. Fields with a
wire encoding need nothing special: `string` ones are bool/int/float, `json-text` ones are
models or free-form JSON, and the converter handles both from the annotation.
"""

from __future__ import annotations

import datetime
import functools
import types
from typing import Any, Union, get_args, get_origin

import attrs
from hypothesis import strategies as st

import e4connect_api.models
import neurospeed_api.models
from neurospeed_api._runtime.enums import OpenIntEnum, OpenStrEnum


def _attrs_classes(module: types.ModuleType) -> list[type]:
    exports = [getattr(module, name) for name in module.__all__]
    return sorted(
        (obj for obj in exports if isinstance(obj, type) and attrs.has(obj)),
        key=lambda cls: cls.__name__,
    )


MODELS: list[type] = _attrs_classes(neurospeed_api.models)
"""Every attrs class that neurospeed_api.models exports, by name."""
E4_MODELS: list[type] = _attrs_classes(e4connect_api.models)
"""Every attrs class that e4connect_api.models exports, by name."""

_INT64 = 2**63
_MAX_SIZE = 3  # lists and maps: small, so CI's two cores stay quick

_ints = st.integers(-_INT64, _INT64 - 1)
_floats = st.floats(allow_nan=False, allow_infinity=False)
_texts = st.text(max_size=12)

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | _ints | _floats | _texts,
    lambda inner: (
        st.lists(inner, max_size=_MAX_SIZE) | st.dictionaries(_texts, inner, max_size=_MAX_SIZE)
    ),
    max_leaves=8,
)
"""Free-form JSON (`typing.Any` / JsonValue)."""

_offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
_datetimes = st.datetimes(timezones=st.none() | _offsets)
"""Naive and aware date-times; offsets of whole minutes, microseconds included."""

_SCALARS: dict[Any, st.SearchStrategy[Any]] = {
    str: _texts,
    int: _ints,
    float: _floats,
    bool: st.booleans(),
    datetime.date: st.dates(),
    datetime.datetime: _datetimes,
    Any: json_values,
}


def models(cls: type) -> st.SearchStrategy[Any]:
    """Instances of the attrs model `cls`, every field drawn from its annotation."""
    return _models(cls)


@functools.cache
def _models(cls: type) -> st.SearchStrategy[Any]:
    fields = {a.alias: _for_type(a.type) for a in attrs.fields(cls)}
    return st.builds(cls, **fields)


def _for_type(tp: Any) -> st.SearchStrategy[Any]:
    """Values of one resolved annotation: scalars, enums, lists, maps, optionals, models."""
    if tp in _SCALARS:
        return _SCALARS[tp]
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        return st.one_of([st.none() if a is type(None) else _for_type(a) for a in args])
    if origin is list:
        return st.lists(_for_type(args[0]), max_size=_MAX_SIZE)
    if origin is dict and args[0] is str:
        return st.dictionaries(_texts, _for_type(args[1]), max_size=_MAX_SIZE)
    if isinstance(tp, type) and issubclass(tp, OpenStrEnum):
        return st.sampled_from(list(tp)) | _texts.map(tp)  # unknown values too
    if isinstance(tp, type) and issubclass(tp, OpenIntEnum):
        return st.sampled_from(list(tp)) | _ints.map(tp)
    if attrs.has(tp):
        return st.deferred(lambda: models(tp))
    raise TypeError(f"no strategy for {tp!r}")


@st.composite
def damaged(draw: st.DrawFn, cls: type, converter: Any) -> Any:
    """Valid wire data of `cls` with one value replaced by arbitrary JSON, or one key gone."""
    wire = converter.unstructure(draw(models(cls)))
    node = wire
    while True:
        keys = sorted(node) if isinstance(node, dict) else range(len(node))
        if not keys:
            return wire
        key = draw(st.sampled_from(list(keys)))
        child = node[key]
        if isinstance(child, dict | list) and child and draw(st.booleans()):
            node = child
            continue
        if isinstance(node, dict) and draw(st.booleans()):
            del node[key]
        else:
            node[key] = draw(json_values)
        return wire
