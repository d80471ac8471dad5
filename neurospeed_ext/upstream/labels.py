"""Experiment labels: the cloud refuses commas and special characters, so we check first.

The allowed set is deliberately small, ASCII letters and digits, space, underscore, hyphen,
dot and colon, so a label survives the cloud's CSV exports and every recorder filter; at most
`MAX_LABEL_LENGTH` characters, no leading or trailing space, and at most `MAX_LABELS` labels
on one packet. Anything else is a ValueError before a single sample is queued or sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LABEL_LENGTH = 64
MAX_LABELS = 16
ALLOWED_LABEL_CHARACTERS = "ASCII letters and digits, space, underscore, hyphen, dot and colon"

_ALLOWED = re.compile(r"[A-Za-z0-9 _.:\-]")


def check_label(label: object) -> str:
    """Return `label` if the cloud will accept it, else raise ValueError saying why."""
    if not isinstance(label, str):
        raise ValueError(f"a label must be a string, not {type(label).__name__}")
    if not label:
        raise ValueError("a label must not be empty")
    if len(label) > MAX_LABEL_LENGTH:
        raise ValueError(
            f"label {label[:20]!r}... is {len(label)} characters long; at most {MAX_LABEL_LENGTH}"
        )
    if "," in label:
        raise ValueError(f"label {label!r} contains a comma, which the cloud refuses")
    for char in label:
        if not _ALLOWED.fullmatch(char):
            raise ValueError(
                f"label {label!r} contains {char!r}; allowed: {ALLOWED_LABEL_CHARACTERS}"
            )
    if label != label.strip():
        raise ValueError(f"label {label!r} has leading or trailing spaces")
    return label


def check_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Check each label; duplicates are dropped, first occurrence kept, order kept."""
    if isinstance(labels, str):
        raise ValueError(f"pass a list of labels, not the string {labels!r}")
    checked = tuple(dict.fromkeys(check_label(label) for label in labels))
    if len(checked) > MAX_LABELS:
        raise ValueError(f"{len(checked)} labels on one packet; at most {MAX_LABELS}")
    return checked


def merge_labels(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Both label lists in order, duplicates dropped (one-time labels of merged sends)."""
    return tuple(dict.fromkeys(first + more))
