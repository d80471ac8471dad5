"""One macro step: an API failure inside it becomes a MacroError naming the step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neurospeed_api as ns

from ..download import DownloadError
from .errors import MacroError


@contextmanager
def step(
    name: str, *, recorder_id: int | None = None, exporter_id: int | None = None
) -> Iterator[None]:
    try:
        yield
    except (ns.ApiError, DownloadError) as exc:
        raise MacroError(name, str(exc), recorder_id=recorder_id, exporter_id=exporter_id) from exc
