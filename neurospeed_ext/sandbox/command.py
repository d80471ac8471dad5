"""`neurospeed sandbox`: the sandbox's command-line flags and its foreground run.

Heavy imports (aiohttp) wait until the command runs, so `neurospeed --help` works
without the sandbox extra installed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from .settings import Settings

log = logging.getLogger(__name__)

NAME = "sandbox"
HELP = "run the local NeuroSpeed server (REST under /api, E4 Connect under /connect) until Ctrl-C"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = Settings()
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=3000, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=Path, help="YAML file of customers and users (default: built-in)"
    )
    parser.add_argument(
        "--token-lifetime",
        type=float,
        default=defaults.token_lifetime,
        metavar="SECONDS",
        help="access token lifetime (default: %(default)s)",
    )
    parser.add_argument(
        "--refresh-lifetime",
        type=float,
        default=defaults.refresh_lifetime,
        metavar="SECONDS",
        help="refresh token lifetime (default: %(default)s)",
    )
    parser.add_argument(
        "--recorder-delay",
        type=float,
        default=defaults.recorder_resource_delay,
        metavar="SECONDS",
        help="delay of each step resource_pending->pending->recording (default: %(default)s)",
    )
    parser.add_argument(
        "--exporter-delay",
        type=float,
        default=defaults.exporter_delay,
        metavar="SECONDS",
        help="exporting->exported delay (default: %(default)s)",
    )
    parser.add_argument(
        "--url-lifetime",
        type=float,
        default=defaults.download_url_lifetime,
        metavar="SECONDS",
        help="lifetime of export download URLs (default: %(default)s)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder for export files and E4 session ZIPs, kept at exit "
        "(default: a temporary folder, removed at exit)",
    )
    parser.add_argument(
        "--max-body-size",
        type=int,
        default=defaults.max_body_size,
        metavar="BYTES",
        help="larger request bodies answer 413 (default: %(default)s)",
    )
    parser.add_argument(
        "--e4-prefix",
        default=defaults.e4_prefix,
        metavar="PATH",
        help="path of the E4 Connect portal (default: %(default)s)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        token_lifetime=args.token_lifetime,
        refresh_lifetime=args.refresh_lifetime,
        recorder_resource_delay=args.recorder_delay,
        recorder_pending_delay=args.recorder_delay,
        exporter_delay=args.exporter_delay,
        download_url_lifetime=args.url_lifetime,
        data_dir=args.data_dir,
        max_body_size=args.max_body_size,
        e4_prefix=args.e4_prefix,
    )


def run(args: argparse.Namespace) -> int:
    from .app import create_app
    from .seed import SeedError, load_seed
    from .server import serve_forever

    try:
        app = create_app(settings_from(args), load_seed(args.seed))
    except (SeedError, ValueError) as exc:
        log.error("%s", exc)
        return 2
    try:
        asyncio.run(serve_forever(app, args.host, args.port))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        log.error("cannot serve on %s:%s: %s", args.host, args.port, exc)
        return 1
    return 0
