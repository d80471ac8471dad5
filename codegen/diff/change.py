"""What `python -m codegen diff` reports: one record per difference, with a stable kind.

Kinds are machine names that scripts may match on; severities say whether clients generated
from the old spec (and code written against them) keep working against the new one.
"""

from __future__ import annotations

from typing import Literal

import attrs

Severity = Literal["breaking", "compatible"]
BREAKING: Severity = "breaking"
COMPATIBLE: Severity = "compatible"

Kind = Literal[
    "api-added",
    "api-removed",
    "package-renamed",
    "server-added",
    "server-removed",
    "server-renamed",
    "server-changed",
    "auth-scheme-changed",
    "auth-changed",
    "operation-added",
    "operation-removed",
    "operation-renamed",
    "method-changed",
    "path-changed",
    "body-added",
    "body-removed",
    "body-encoding-changed",
    "response-added",
    "response-removed",
    "response-format-changed",
    "media-type-changed",
    "returns-changed",
    "extract-changed",
    "sets-tokens-changed",
    "parameter-added",
    "parameter-removed",
    "parameter-renamed",
    "parameter-moved",
    "parameter-token-changed",
    "channel-added",
    "channel-removed",
    "channel-renamed",
    "event-added",
    "event-removed",
    "event-renamed",
    "payload-added",
    "payload-removed",
    "reply-changed",
    "schema-added",
    "schema-removed",
    "schema-renamed",
    "schema-moved",
    "field-added",
    "field-removed",
    "field-renamed",
    "type-narrowed",
    "type-widened",
    "type-changed",
    "encoding-changed",
    "became-required",
    "became-optional",
    "default-changed",
    "enum-value-added",
    "enum-value-removed",
]


@attrs.frozen(order=True)
class SourceLocation:
    """A place in a spec file: its label (`spec/<api>/<file>`) and 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@attrs.frozen
class Change:
    """One difference between two specs.

    `location` is in the new spec for additions and changes, in the old spec for removals
    (where the removed thing can still be found).
    """

    kind: Kind
    severity: Severity
    location: SourceLocation
    subject: str
    message: str

    @property
    def breaking(self) -> bool:
        return self.severity == BREAKING

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.kind}: {self.subject}: {self.message}"


def ordered(changes: list[Change]) -> list[Change]:
    """Breaking changes first, then by place in the spec: the same order on every run."""
    return sorted(
        set(changes),
        key=lambda c: (not c.breaking, c.location, c.kind, c.subject, c.message),
    )
