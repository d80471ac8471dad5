"""`python -m codegen generate|check|...`: the maintainers' entry point."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from codegen.errors import SpecInvalid
from codegen.format import FormatError
from codegen.ir.model import AliasSchema, Api, EnumSchema, ObjectSchema
from codegen.pipeline import Target, plan, targets
from codegen.render import OutputFile
from codegen.write import compare, write_atomically

EXIT_OK, EXIT_STALE, EXIT_SPEC, EXIT_INTERNAL = 0, 1, 2, 3
ALL_TARGETS = "all"

MORE_COMMANDS: dict[str, str] = {
    "export": "codegen.export.command",
    "diff": "codegen.diff.command",
}
"""Subcommands living in their own module: each module has `add_parser(subparsers)`,
which adds the subcommand and its options, and `run(args) -> int`."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command in MORE_COMMANDS:
        result: int = importlib.import_module(MORE_COMMANDS[args.command]).run(args)
        return result
    started = time.perf_counter()
    every = targets()
    chosen = every.values() if args.target == ALL_TARGETS else [every[args.target]]
    try:
        apis, files = plan(args.spec, *chosen)
        if args.command == "check":
            return _check(files, args.out)
        write_atomically(files, args.out)
    except SpecInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in the spec; nothing was written.", file=sys.stderr)
        return EXIT_SPEC
    except FormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    elapsed = time.perf_counter() - started
    for api in apis:
        print(_summary(api, files, args.out, chosen))
    print(f"generated {len(files)} files into {args.out} in {elapsed:.2f} s")
    return EXIT_OK


def _check(files: list[OutputFile], out: Path) -> int:
    drift = compare(files, out)
    if drift.clean:
        print(f"{out} is up to date with the spec ({len(files)} files)")
        return EXIT_OK
    for label, names in (
        ("stale", drift.stale),
        ("missing", drift.missing),
        ("extra", drift.extra),
    ):
        for name in names:
            print(f"{label}: {out / name}")
    print(
        "generated code does not match the spec: run `python -m codegen generate`", file=sys.stderr
    )
    return EXIT_STALE


def _summary(api: Api, files: list[OutputFile], out: Path, chosen: Iterable[Target]) -> str:
    kinds = Counter(type(s) for s in api.schemas)
    places = []
    for target in chosen:
        root = target.root(api)
        count = sum(1 for f in files if f.path.startswith(f"{root}/"))
        places.append(f"{out / root} ({count} files)")
    return (
        f"{api.title} {api.version} -> {', '.join(places)}: {len(api.schemas)} schemas "
        f"({kinds[ObjectSchema]} models, {kinds[EnumSchema]} enums, {kinds[AliasSchema]} aliases), "
        f"{len(api.servers)} servers, spec sha256 {api.sha256[:12]}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "regenerate the output folder from the spec"),
        ("check", "exit 1 listing stale, missing and extra files"),
    ):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument(
            "--spec", type=Path, default=Path("spec"), help="spec folder (default: spec)"
        )
        command.add_argument(
            "--out", type=Path, default=Path("generated"), help="output folder (default: generated)"
        )
        command.add_argument(
            "--target",
            choices=[ALL_TARGETS, *sorted(targets())],
            default=ALL_TARGETS,
            help="the language to generate (default: every target)",
        )
        command.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    for module in MORE_COMMANDS.values():
        importlib.import_module(module).add_parser(sub)
    return parser
