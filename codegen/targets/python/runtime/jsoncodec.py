"""JSON text in and out: orjson when it is installed, the standard library otherwise."""

from __future__ import annotations

import json
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
    return json.loads(text)


def dumps(value: Any) -> str:
    """Compact JSON text; NaN and infinity are refused rather than written as non-JSON."""
    if BACKEND == "orjson":
        return str(orjson.dumps(value).decode("utf-8"))
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
