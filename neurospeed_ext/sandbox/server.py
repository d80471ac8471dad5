"""Running the sandbox: in the foreground (the CLI) or in a background thread (tests, demos).

SandboxServer owns a thread with its own event loop, so synchronous code (pytest, the
published blocking clients) can talk to a real server over loopback. It can also be
restarted in place (`restart`), as a cloud redeploy would: same port, same state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Self, TypeVar

from aiohttp import web

from .app import Extension, create_app
from .live import LIVE_KEY
from .logs import PathOnlyAccessLogger
from .seed import Seed
from .settings import Settings
from .state import STATE_KEY, SandboxState

log = logging.getLogger(__name__)

T = TypeVar("T")

SHUTDOWN_TIMEOUT = 2.0
"""Seconds in-flight requests get at shutdown."""
MAX_HEADER_BYTES = 64 * 1024
"""An HIA's `sensors_info` travels in one header: aiohttp's 8 KiB default would refuse
an HIA of more than about 35 streams."""
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
RESTART_TIMEOUT = 15.0
"""Seconds a restart may take on top of its `down_for`."""


async def start_runner(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve `app` on host:port (0 = a free port); returns the runner and the bound port."""
    runner = web.AppRunner(
        app,
        access_log_class=PathOnlyAccessLogger,
        access_log=logging.getLogger("neurospeed_ext.sandbox.access"),
        shutdown_timeout=SHUTDOWN_TIMEOUT,
        max_field_size=MAX_HEADER_BYTES,
        max_line_size=MAX_HEADER_BYTES,
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner, int(runner.addresses[0][1])


def base_url_for(host: str, port: int) -> str:
    """The URL clients use; a wildcard bind is reached through loopback."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


async def serve_forever(app: web.Application, host: str, port: int) -> None:
    """Serve until SIGINT/SIGTERM (or cancellation), then shut down cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
            loop.add_signal_handler(sig, stop.set)
    runner, bound = await start_runner(app, host, port)
    url = base_url_for(host, bound)
    e4_url = f"{url}{app[STATE_KEY].settings.e4_prefix}"
    log.info(
        "NeuroSpeed sandbox serving on %s (REST under %s/api, E4 Connect under %s); "
        "Ctrl-C stops it",
        url,
        url,
        e4_url,
    )
    try:
        await stop.wait()
    finally:
        log.info("sandbox shutting down")
        await runner.cleanup()


class SandboxServer:
    """A sandbox on a free loopback port in a background thread; a context manager.

    >>> with SandboxServer() as sandbox:
    ...     requests.post(f"{sandbox.api_url}/auth/login", json={...})
    """

    def __init__(
        self,
        settings: Settings | None = None,
        seed: Seed | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        extensions: Sequence[Extension] = (),
    ) -> None:
        self.settings = settings or Settings()
        self.host = host
        self._seed = seed
        self._requested_port = port
        self._extensions = tuple(extensions)
        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._app: web.Application | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not running")
        return self._port

    @property
    def base_url(self) -> str:
        return base_url_for(self.host, self.port)

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api"

    @property
    def e4_url(self) -> str:
        """The E4 Connect portal's base URL (PROTOCOL 6), e.g. http://127.0.0.1:PORT/connect."""
        return f"{self.base_url}{self.settings.e4_prefix}"

    @property
    def app(self) -> web.Application:
        if self._app is None:
            raise RuntimeError("the sandbox is not running")
        return self._app

    @property
    def state(self) -> SandboxState:
        """The live state; touch it only on the server's loop (see `call`)."""
        return self.app[STATE_KEY]

    def call(self, fn: Callable[[], T], timeout: float = 5.0) -> T:
        """Run `fn` on the server's loop and return its result (safe access to the state)."""
        loop = self._loop
        if loop is None or self._port is None:
            raise RuntimeError("the sandbox is not running")

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout)

    def restart(self, down_for: float = 0.0) -> None:
        """Go down and come back on the same port with the same state, like a redeploy.

        In order: stop listening; stop taking Socket.IO connects and packets, finish the
        packets being handled (stored, relayed, acked) and close every socket after
        sending what it has queued (no Engine.IO close packet, so clients with
        reconnection on come back); close the remaining HTTP connections; stay down
        `down_for` seconds; listen again. Accounts, tokens, recorders, exports and
        history are kept, so old tokens still work. Returns once serving again.
        """
        loop = self._loop
        if loop is None or self._port is None or self._runner is None:
            raise RuntimeError("the sandbox is not running")
        future = asyncio.run_coroutine_threadsafe(self._restart(self._runner, down_for), loop)
        future.result(down_for + RESTART_TIMEOUT)

    async def _restart(self, runner: web.AppRunner, down_for: float) -> None:
        log.info("sandbox restarting; down for %s s", down_for)
        for site in list(runner.sites):
            await site.stop()
        await self.app[LIVE_KEY].close_sockets()
        server = runner.server
        if server is not None:
            server.pre_shutdown()
            await server.shutdown(SHUTDOWN_TIMEOUT)
        await asyncio.sleep(down_for)
        self.app[LIVE_KEY].reopen()
        await web.TCPSite(runner, self.host, self.port).start()
        log.info("sandbox serving again on %s", self.base_url)

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("the sandbox is already started")
        self._thread = threading.Thread(target=self._run, name="neurospeed-sandbox", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT):
            raise RuntimeError(f"the sandbox did not start within {START_TIMEOUT} s")
        if self._error is not None:
            self._thread.join(STOP_TIMEOUT)
            raise RuntimeError(f"the sandbox could not start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        """Stop serving and wait (bounded) for the thread to end."""
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None:
            return
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            log.warning("the sandbox thread did not end within %s s", STOP_TIMEOUT)
        self._thread = None
        self._port = None
        self._runner = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        finally:
            _cancel_leftovers(loop)
            loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        try:
            self._app = create_app(self.settings, self._seed, extensions=self._extensions)
            runner, self._port = await start_runner(self._app, self.host, self._requested_port)
            self._runner = runner
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        log.info("sandbox serving on %s", self.base_url)
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is still pending (engineio's per-socket ping timers), as asyncio.run does."""
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
