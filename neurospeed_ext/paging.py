"""Every item of a paged list: pages are fetched until a short one, with a bound."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import neurospeed_api as ns

T = TypeVar("T")

PAGE_SIZE = 50
MAX_PAGES = 200
"""A bound on listing (10,000 items), so a server that pages wrongly cannot loop us."""


def all_pages(fetch: Callable[[ns.PageRequest], list[T]], page_size: int = PAGE_SIZE) -> list[T]:
    found: list[T] = []
    for number in range(1, MAX_PAGES + 1):
        page = fetch(ns.PageRequest(page_number=number, page_size=page_size))
        found.extend(page)
        if len(page) < page_size:
            break
    return found
