"""The report: one line per change for people, or one JSON object for scripts."""

from __future__ import annotations

import json
from typing import Any

from codegen.diff.change import Change, ordered


def summary(changes: list[Change]) -> str:
    breaking = sum(1 for c in changes if c.breaking)
    return f"{breaking} breaking, {len(changes) - breaking} compatible change(s)"


def as_text(changes: list[Change]) -> str:
    """`file:line:col: severity: kind: subject: message` lines, then the counts."""
    lines = [str(change) for change in ordered(changes)]
    return "\n".join([*lines, summary(changes)]) + "\n"


def as_json(changes: list[Change]) -> str:
    """`{"breaking": N, "compatible": M, "changes": [...]}`, in the order of the text."""
    listed = ordered(changes)
    breaking = sum(1 for c in listed if c.breaking)
    document: dict[str, Any] = {
        "breaking": breaking,
        "compatible": len(listed) - breaking,
        "changes": [
            {
                "kind": c.kind,
                "severity": c.severity,
                "location": {
                    "file": c.location.file,
                    "line": c.location.line,
                    "column": c.location.column,
                },
                "subject": c.subject,
                "message": c.message,
            }
            for c in listed
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
