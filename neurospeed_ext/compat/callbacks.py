"""Calling user callbacks written for either the manual or the published package.

The published handlers call some callbacks with the handler instance first, e.g.
`handler(hia_client)` or `handler(room, payload)`; the manual's examples define them
without it. Both kinds are accepted: the instance is passed only when the callback takes
one positional argument more than the event carries.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable


def call_with_context(callback: Callable[..., object], context: object, *args: object) -> None:
    """`callback(context, *args)` if it takes that many arguments, else `callback(*args)`."""
    if _accepts(callback, len(args) + 1):
        callback(context, *args)
    else:
        callback(*args)


def call_fitting(callback: Callable[..., object], *args: object) -> None:
    """`callback` with as many of `args` (from the front) as it takes."""
    for count in range(len(args), 0, -1):
        if _accepts(callback, count):
            callback(*args[:count])
            return
    callback()


def _accepts(callback: Callable[..., object], count: int) -> bool:
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):  # a builtin without a signature (print): the payload only
        return count == 1
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True
