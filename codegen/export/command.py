"""`python -m codegen export openapi|asyncapi --out FILE`: the spec as a standard document.

Registered in codegen.cli.MORE_COMMANDS. Exit 0 when the file is written; 2 when the spec
is invalid (its located errors on stderr, as `generate` prints them), when the API named
does not exist, or when it has nothing of that kind to export.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from codegen.errors import SpecInvalid
from codegen.export.asyncapi import asyncapi_document
from codegen.export.errors import NothingToExport
from codegen.export.openapi import openapi_document
from codegen.export.output import UnknownSuffix, output_format, render, write_atomically
from codegen.ir.model import Api
from codegen.pipeline import build_apis

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_API = "neurospeed"
"""The project's main API, the one most readers of the documents want."""

EXPORTERS: dict[str, Callable[[Api], dict[str, Any]]] = {
    "openapi": openapi_document,
    "asyncapi": asyncapi_document,
}

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> None:
    text = "write one API as an OpenAPI 3.1 (REST) or AsyncAPI 3.0 (Socket.IO) document"
    command: argparse.ArgumentParser = subparsers.add_parser("export", help=text, description=text)
    command.add_argument("format", choices=sorted(EXPORTERS), help="the kind of document")
    command.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the file to write; .json for JSON, .yaml or .yml for YAML",
    )
    command.add_argument(
        "--spec", type=Path, default=Path("spec"), help="spec folder (default: spec)"
    )
    command.add_argument(
        "--api", default=DEFAULT_API, help=f"the API to export (default: {DEFAULT_API})"
    )
    command.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out: Path = args.out
    try:
        kind = output_format(out)
        apis = build_apis(args.spec)
    except UnknownSuffix as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SpecInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in the spec; nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    chosen = next((api for api in apis if api.name == args.api), None)
    if chosen is None:
        names = ", ".join(sorted(api.name for api in apis)) or "none"
        message = f"error: no API named '{args.api}' in {args.spec}; its APIs: {names}"
        print(message, file=sys.stderr)
        return EXIT_USAGE
    try:
        document = EXPORTERS[args.format](chosen)
    except NothingToExport as exc:
        print(f"error: {exc}; nothing to write as {args.format}", file=sys.stderr)
        return EXIT_USAGE
    text = render(document, kind)
    write_atomically(out, text)
    log.debug("%s: %d bytes of %s", out, len(text.encode("utf-8")), kind)
    elapsed = time.perf_counter() - started
    print(
        f"{chosen.title} {chosen.version} -> {out}: {args.format} ({kind}), "
        f"{_count(args.format, document)}, in {elapsed:.2f} s"
    )
    return EXIT_OK


def _count(kind: str, document: dict[str, Any]) -> str:
    schemas = len(document["components"]["schemas"])
    if kind == "openapi":
        operations = sum(len(item) for item in document["paths"].values())
        return f"{operations} operations on {len(document['paths'])} paths, {schemas} schemas"
    return (
        f"{len(document['channels'])} channels, {len(document['operations'])} operations, "
        f"{schemas} schemas"
    )
