"""Named servers of an API (production, test, local), as the spec declares them."""

from __future__ import annotations

import attrs


@attrs.frozen
class Server:
    """Base URLs of one deployment: REST (`http`) and Socket.IO (`socket`)."""

    name: str
    http: str
    socket: str | None = None
    description: str | None = None
