"""Logged-in sessions: a customer (recordings, users, rooms of any user) or a user (HIA,
own room). Each owns an `ns.Client` whose tokens its sockets share and refresh."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal, Self

import neurospeed_api as ns

from .. import recording as macros
from ..paging import all_pages
from ..upstream import Hia
from .recording import Recording
from .rooms import Room

log = logging.getLogger(__name__)


class Session:
    """What both sessions share: the client, the server, closing."""

    def __init__(self, client: ns.Client, server: ns.Server) -> None:
        self.client = client
        """The generated client, for every call the session has no shortcut for."""
        self.server = server

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class CustomerSession(Session):
    """Customer-level access: the recorder and exporter, users, any user's room."""

    def users(self) -> list[ns.User]:
        """Every user of the customer, across pages."""
        return all_pages(lambda pager: self.client.users.list(pager=pager, filters={}))

    def create_user(self, username: str, password: str) -> ns.User:
        return self.client.users.create(username=username, password=password)

    def connected_users(self) -> list[ns.ConnectedUser]:
        """Users with an HIA connected right now."""
        return self.client.gateway.connected_users()

    def start_recording(
        self,
        username: str,
        name: str = "recording",
        *,
        poll_interval: float | None = None,
        timeout: float | None = None,
    ) -> Recording:
        """Stop the user's leftover recorder, start one, return it once `recording`."""
        record = macros.start_recording(
            self.client, username, name, poll_interval=poll_interval, timeout=timeout
        )
        return Recording(self.client, record)

    def recording(self, recorder_id: int) -> Recording:
        return Recording(self.client, self.client.recorder.get(recorder_id))

    def recordings(self, username: str | None = None) -> list[Recording]:
        """Every recorder of a user (or of all users), oldest first as the server lists."""
        return [Recording(self.client, r) for r in macros.list_recordings(self.client, username)]

    def room(self, username: str, *, max_buffered: int = 10_000) -> Room:
        """A user's room as the customer: open it with `with`, then iterate its packets."""
        socket = ns.UserRoomAsCustomerSocket(
            self.server, tokens=self.client.tokens, on_refused=self.client.refresh_tokens
        )
        return Room(socket, lambda: socket.connect(username=username), max_buffered=max_buffered)

    def set_stream_state(self, username: str, hia_id: str, stream_id: str, enabled: bool) -> None:
        """Ask a connected HIA to enable or disable one of its streams (SSR)."""
        state = ns.StreamState.ENABLED if enabled else ns.StreamState.DISABLED
        self.client.ssr.stream_state(
            username=username, hia_id=hia_id, stream_id=stream_id, stream_state=state
        )


class UserSession(Session):
    """User-level access: stream as an HIA, listen to the own room."""

    def __init__(self, client: ns.Client, server: ns.Server, username: str) -> None:
        super().__init__(client, server)
        self.username = username

    def hia(
        self,
        sensors: Mapping[str, ns.SensorInfo | Mapping[str, Any]],
        *,
        hia_id: str | None = None,
        when_full: Literal["block", "raise"] = "block",
        acknowledge: bool = False,
        **options: Any,
    ) -> Hia:
        """An HIA streaming through the rate-limited send queue; `with` connects it and
        drains the queue on exit. Options are those of `neurospeed_ext.upstream.Hia`."""
        return Hia(
            sensors,
            server=self.server.socket or self.server.http,
            client=self.client,
            hia_id=hia_id,
            when_full=when_full,
            acknowledge=acknowledge,
            **options,
        )

    def room(self, *, max_buffered: int = 10_000) -> Room:
        """The own room: open it with `with`, then iterate its packets."""
        socket = ns.UserRoomAsUserSocket(
            self.server, tokens=self.client.tokens, on_refused=self.client.refresh_tokens
        )
        return Room(socket, socket.connect, max_buffered=max_buffered)
