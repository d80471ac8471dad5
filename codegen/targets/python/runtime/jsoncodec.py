"""JSON text in and out: orjson when it is installed, the standard library otherwise."""

from __future__ import annotations

import json
import math
from typing import Any

try:
    import orjson

    BACKEND = "orjson"
except ImportError:  # pragma: no cover - exercised where orjson is absent
    BACKEND = "json"


def loads(text: str | bytes | bytearray | memoryview) -> Any:
    """Parse JSON text; raises ValueError (orjson's error is a subclass) when invalid."""
    if BACKEND == "orjson":
        return orjson.loads(text)
    if isinstance(text, memoryview):
        text = text.tobytes()
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _refuse_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are not JSON; orjson refuses them too."""
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    """1e400 would become infinity, which orjson refuses and `dumps` could not write back."""
    number = float(text)
    if number in (math.inf, -math.inf):
        raise ValueError(f"number {text} is out of range")
    return number


def dumps(value: Any) -> str:
    """Compact JSON text; NaN and infinity are refused rather than written as non-JSON."""
    if BACKEND == "orjson":
        return str(orjson.dumps(value).decode("utf-8"))
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
