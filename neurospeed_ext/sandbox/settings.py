"""How the sandbox behaves: lifetimes, delays and limits, fixed for one server's life."""

from __future__ import annotations

import re
from pathlib import Path

import attrs

MIB = 1 << 20


_gt = attrs.validators.gt
_ge = attrs.validators.ge

RESERVED_PREFIXES = ("/api", "/__sandbox__", "/downloads")
"""Paths the E4 portal's prefix must stay clear of (the API, the hooks, export links);
the Socket.IO paths are checked when the app is made (e4/portal.py)."""


_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)+")


def _check_e4_prefix(_instance: object, _attribute: object, value: str) -> None:
    """A URL path such as "/connect": starts with "/", no trailing "/", no spaces."""
    if not isinstance(value, str) or not _PREFIX.fullmatch(value):
        raise ValueError(
            f"e4_prefix: expected a path such as /connect (a leading /, no trailing /, "
            f"no spaces; letters, digits and ._~- between slashes), got {value!r}"
        )
    if any(value == p or value.startswith(f"{p}/") for p in RESERVED_PREFIXES):
        raise ValueError(f"e4_prefix: {value!r} collides with the sandbox's own paths")


@attrs.frozen(kw_only=True)
class Settings:
    """Sandbox settings; durations are seconds (floats, so tests can use fractions).

    The recorder and exporter delays are short by default so that clients polling for a
    status see each step of the life cycle without slowing tests down.
    """

    token_lifetime: float = attrs.field(default=3600.0, validator=_gt(0.0))
    """How long an access token is accepted."""

    refresh_lifetime: float = attrs.field(default=7 * 24 * 3600.0, validator=_gt(0.0))
    """How long a refresh token is accepted."""

    recorder_resource_delay: float = attrs.field(default=0.03, validator=_ge(0.0))
    """resource_pending -> pending."""

    recorder_pending_delay: float = attrs.field(default=0.03, validator=_ge(0.0))
    """pending -> recording (also after a resume)."""

    exporter_delay: float = attrs.field(default=0.05, validator=_ge(0.0))
    """exporting -> exported."""

    download_url_lifetime: float = attrs.field(default=300.0, validator=_gt(0.0))
    """How long a signed export download URL is valid."""

    data_dir: Path | None = None
    """Where export files and E4 session ZIPs go; None means a temporary folder removed
    at shutdown."""

    max_body_size: int = attrs.field(default=MIB, validator=_gt(0))
    """Larger request bodies answer 413."""

    max_ssr_payload: int = attrs.field(default=64 * 1024, validator=_gt(0))
    """Largest SSR downlink payload, as JSON text in bytes (PROTOCOL 4.4)."""

    max_packets_per_user: int = attrs.field(default=100_000, validator=_gt(0))
    """Packets kept per user for insights; the oldest go first."""

    max_packet_bytes: int = attrs.field(default=65_535, validator=_gt(0))
    """Largest `pipeline` packet, as compact UTF-8 JSON of the event's payload (PROTOCOL 5)."""

    brainwave_window: float = attrs.field(default=2.0, validator=_gt(0.0))
    """Seconds of EEG samples per stream that brainwave power is computed over."""

    hia_ping_interval: float = attrs.field(default=5.0, validator=_gt(0.0))
    """Seconds between the `ping` events the server sends to every connected HIA."""

    e4_prefix: str = attrs.field(default="/connect", validator=_check_e4_prefix)
    """Where the E4 Connect portal lives (PROTOCOL 6), as on www.empatica.com."""

    e4_session_lifetime: float = attrs.field(default=12 * 3600.0, validator=_gt(0.0))
    """How long an E4 portal login (its PHPSESSID cookie) is accepted."""
