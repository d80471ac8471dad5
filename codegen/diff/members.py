"""Pairing the members of two versions of a collection, renames included.

Members are matched by their key (a name). Of those left over on both sides, a removed and
an added member that are otherwise alike (same method and path, same wire name...) are one
member renamed, provided the pairing is unambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

import attrs

T = TypeVar("T")


@attrs.frozen
class Matched(Generic[T]):
    """`pairs` holds (old, new) of every kept member, the renamed ones included."""

    pairs: tuple[tuple[T, T], ...]
    renamed: tuple[tuple[T, T], ...]
    removed: tuple[T, ...]
    added: tuple[T, ...]


def match(
    old: Iterable[T],
    new: Iterable[T],
    key: Callable[[T], Hashable],
    alike: Callable[[T], Hashable] | None = None,
) -> Matched[T]:
    """Pair `old` and `new` members by `key`, then the rest by `alike` when it is unique."""
    new_by_key = {key(item): item for item in new}
    old_keys: set[Hashable] = set()
    pairs: list[tuple[T, T]] = []
    removed: list[T] = []
    for item in old:
        old_keys.add(key(item))
        if key(item) in new_by_key:
            pairs.append((item, new_by_key[key(item)]))
        else:
            removed.append(item)
    added = [item for k, item in new_by_key.items() if k not in old_keys]
    renamed: list[tuple[T, T]] = []
    if alike is not None:
        renamed = _unique_pairs(removed, added, alike)
        removed = [item for item in removed if all(item is not o for o, _ in renamed)]
        added = [item for item in added if all(item is not n for _, n in renamed)]
    return Matched((*pairs, *renamed), tuple(renamed), tuple(removed), tuple(added))


def _unique_pairs(
    removed: list[T], added: list[T], alike: Callable[[T], Hashable]
) -> list[tuple[T, T]]:
    """Removed and added members sharing an `alike` value that no other member shares."""
    olds: dict[Hashable, list[T]] = {}
    news: dict[Hashable, list[T]] = {}
    for item in removed:
        olds.setdefault(alike(item), []).append(item)
    for item in added:
        news.setdefault(alike(item), []).append(item)
    return [
        (olds[value][0], news[value][0])
        for value in olds
        if len(olds[value]) == 1 and len(news.get(value, ())) == 1
    ]
