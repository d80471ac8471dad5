"""Drive the published `neurospeed` 2.3.5 socket classes, unmodified, against a sandbox.

Runs in the published package's own virtual environment (it pins python-socketio 5.3.0):
`python published_socket_flows.py http://127.0.0.1:PORT`. The last line printed on stdout
is a JSON report `{"passed": [...], "failed": [...], "known_defects": [...], "info": {...}}`;
the exit status is 1 on failures. `info` names the fresh user and the HIA id, so the caller
can look at the sandbox's record of that HIA (the `pong`s it answered with), which this
process cannot see; it also says how the published examples' own get_sensors_mockup
sensor info fares (an observation, not a check). Defects of the published classes that
make a check impossible are listed under `known_defects` (PROTOCOL section 7 and kin).

The published classes print freely; their output goes to stderr here so that stdout holds
the report alone. Every wait is a bounded poll. The published socket clients start
non-daemon threads (socketio's read and ping loops, one upstream sender per stream) that
can outlive a disconnect, so the script ends with os._exit once the report is printed;
a watchdog does the same (after printing what it has) if anything hangs.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import neurospeed.constants as constants

BASE = sys.argv[1]
API_CONFIG = {"api_address": BASE, "pipeline_address": BASE.replace("http", "ws", 1)}
# The handlers bind PROD_API_CONFIG as a default argument: replace its contents in place,
# before anything else runs, so no call can reach the real cloud.
constants.PROD_API_CONFIG.clear()
constants.PROD_API_CONFIG.update(API_CONFIG)

REPORT_OUT = sys.stdout
sys.stdout = sys.stderr  # the published classes print; stdout is for the report only

from neurospeed.api_http_handlers.customer_account_manager import (  # noqa: E402
    Customer_Account_Manager,
)
from neurospeed.api_http_handlers.gateway_http_handler import Gateway_HttpHandler  # noqa: E402
from neurospeed.api_http_handlers.ssr_http_handler import SSR_HttpHandler  # noqa: E402
from neurospeed.api_socket_handlers.customer_room_handler import (  # noqa: E402
    CustomerRoom_Handler,
)
from neurospeed.api_socket_handlers.downlink_room_as_customer_handler import (  # noqa: E402
    DownlinkRoom_AS_Customer_Handler,
)
from neurospeed.api_socket_handlers.downlink_room_as_user_handler import (  # noqa: E402
    DownlinkRoom_AS_User_Handler,
)
from neurospeed.api_socket_handlers.user_room_as_customer_handler import (  # noqa: E402
    UserRoom_AS_Customer_Handler,
)
from neurospeed.api_socket_handlers.user_room_as_user_handler import (  # noqa: E402
    UserRoom_AS_User_Handler,
)
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler  # noqa: E402
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler  # noqa: E402
from neurospeed.hia_user_data.neurobrave_sensor_interface import HIA_Client  # noqa: E402

WATCHDOG = 45.0
"""Seconds after which the script reports what it has and exits, whatever hangs."""
WAIT = 5.0
"""Default deadline of one bounded poll."""
EEG_RATE = 256
EEG_CHANNELS = [f"ch_{i}" for i in range(8)]
BANDS = {"alpha", "beta", "theta", "gamma", "smr", "delta", "mu"}

REFUSAL_WAIT = 25.0
"""Seconds the refused HIAs' ten connect attempts may take in all."""

report: dict[str, Any] = {"passed": [], "failed": [], "known_defects": [], "info": {}}
_report_lock = threading.Lock()
_finished = False


refusals: dict[str, set[str]] = {}
"""hia_id -> the reasons its connects were refused."""


class RefusalLog(logging.Handler):
    """Keeps the reasons HIA_Client logs (at DEBUG, its only trace) for refused connects.

    Its message reads "User: <name> HIA: <hia_id> -  Connection error, message: <data>".
    """

    MARK = "Connection error, message:"

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if self.MARK in text:
            context, reason = text.split(self.MARK, 1)
            hia_id = context.split("HIA:", 1)[-1].strip(" -")
            refusals.setdefault(hia_id, set()).add(reason.strip())


def check(name: str, probe: Callable[[], Any], ok: Callable[[Any], bool] = bool) -> Any:
    try:
        value = probe()
        good = ok(value)
    except Exception:
        report["failed"].append(f"{name}: {traceback.format_exc(limit=2).splitlines()[-1]}")
        return None
    (report["passed"] if good else report["failed"]).append(
        name if good else f"{name}: got {value!r:.300}"
    )
    return value


def known_defect(name: str, reason: str) -> None:
    """A check the published package cannot pass or cannot be asked (PROTOCOL 7 and kin)."""
    report["known_defects"].append(f"{name}: {reason}")


def poll(probe: Callable[[], Any], done: Callable[[Any], bool], seconds: float = WAIT) -> Any:
    deadline = time.monotonic() + seconds
    value = probe()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.02)
        value = probe()
    return value


def finish(code: int) -> None:
    """Print the report once and end the process, stray non-daemon threads included."""
    global _finished
    with _report_lock:
        if _finished:
            return
        _finished = True
        REPORT_OUT.write(json.dumps(report) + "\n")
        REPORT_OUT.flush()
        sys.stderr.flush()
        # os._exit, not sys.exit: the published clients' threads would keep us alive.
        os._exit(code)


def watchdog() -> None:
    report["failed"].append(f"watchdog: the driver did not finish within {WATCHDOG} s")
    finish(1)


class Inbox:
    """What a handler received, in order; handlers run on the clients' threads."""

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._lock = threading.Lock()

    def put(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)

    def items(self, start: int = 0) -> list[Any]:
        with self._lock:
            return list(self._items[start:])

    def mark(self) -> int:
        with self._lock:
            return len(self._items)


def packets_of(inbox: Inbox, start: int, stream_id: str) -> list[dict[str, Any]]:
    return [
        p for p in inbox.items(start) if isinstance(p, dict) and p.get("stream_id") == stream_id
    ]


def rows_of(inbox: Inbox, start: int, stream_id: str) -> list[list[float]]:
    return [row for p in packets_of(inbox, start, stream_id) for row in p["data"]["sample"]]


def events_of(inbox: Inbox, kind: str, hia_id: str) -> list[dict[str, Any]]:
    return [e for e in inbox.items() if e.get("type") == kind and e.get("hia_id") == hia_id]


def sensor(stream_id: str, device_type: str, channels: list[str], rate: float) -> dict[str, Any]:
    """One stream's sensor info, like the published examples' get_sensors_mockup."""
    return {
        "device_type": device_type,
        "channel_count": len(channels),
        "channel_map": channels,
        "sampling_frequency": rate,
        "buffer_length": 5,
        "manufacturer_id": "interop",
        "sensor_id": stream_id,
        "stream_id": stream_id,
        "stream_state": "enabled",
    }


def published_example_sensors() -> dict[str, Any]:
    """get_sensors_mockup of the published examples (README 5), verbatim: the channel map
    names a "timestamp" column that channel_count leaves out, and there is no
    sampling_frequency or manufacturer_id."""
    stream_id = "user_data_" + uuid.uuid4().hex[:6].upper()
    return {
        stream_id: {
            "device_type": "user_data",
            "channel_count": 2,
            "channel_map": ["ch_0", "ch1", "timestamp"],
            "sensor_id": stream_id,
            "stream_id": stream_id,
            "stream_state": "enabled",
        }
    }


def eeg_rows(base: float, count: int) -> list[list[float]]:
    return [[base + i + c / 100 for c in range(8)] for i in range(count)]


def brainwave_ok(packet: dict[str, Any]) -> bool:
    waves = (packet.get("output") or {}).get("brainwave_power", {}).get("brainwave", {})
    return set(waves) >= BANDS and all(
        len(waves[b]) == 8 and all(isinstance(v, float) for v in waves[b]) for b in BANDS
    )


def main() -> int:
    # -- accounts ----------------------------------------------------------------------
    customer = Auth_AS_Customer_handler(
        {"email": "customer@sandbox.local", "password": "customer-pass"}, API_CONFIG
    )
    if not check("customer login", customer.login, lambda ok: ok is True):
        return 1
    username = "sockets_" + uuid.uuid4().hex[:8]
    password = "sockets-pass-1"
    manager = Customer_Account_Manager(customer, API_CONFIG)
    check(
        "create fresh user",
        lambda: manager.create_new_user(username, password),
        lambda u: isinstance(u, dict) and u.get("username") == username,
    )
    user_config = {"account_id": "sandbox", "username": username, "user_password": password}
    user = Auth_AS_User_Handler(user_config, API_CONFIG)
    if not check("user login", user.login, lambda ok: ok is True):
        return 1
    hia_id = user.get_hia_id()
    report["info"] = {"username": username, "hia_id": hia_id}

    suffix = uuid.uuid4().hex[:6]
    eeg, extra = f"eeg_{suffix}", f"user_data_{suffix}"
    # The EEG stream comes first: the queued sender stamps every stream with it.
    sensors = {
        eeg: sensor(eeg, "EEG", list(EEG_CHANNELS), EEG_RATE),
        extra: sensor(extra, "user_data", ["ch_0", "ch_1"], 10),
    }

    # -- refused connects: in the background, as each costs the published client ~10 s ----
    # (ten attempts; python-socketio 5.3.0 waits out its one-second namespace timeout
    # after every connect_error)
    no_sensors = HIA_Client(user, {}, API_CONFIG)  # same user and hia_id as the real HIA
    stranger = Auth_AS_User_Handler(
        {"account_id": "sandbox", "username": username, "user_password": "wrong-password"},
        API_CONFIG,
    )
    check("user login refused (wrong password)", stranger.login, lambda ok: ok is False)
    no_token = HIA_Client(stranger, sensors, API_CONFIG)
    refused = {
        "hia refused: empty sensors_info": no_sensors,
        "hia refused: no valid token": no_token,
    }
    # Not a check, an observation for the report: the sensor info of the published
    # examples' get_sensors_mockup, verbatim (own HIA id, same user).
    # (A fresh config dict: Auth_AS_User_Handler writes its HIA_ID into the one it gets.)
    example_config = {"account_id": "sandbox", "username": username, "user_password": password}
    example_user = Auth_AS_User_Handler(example_config, API_CONFIG)
    example_user.login()
    example = HIA_Client(example_user, published_example_sensors(), API_CONFIG)
    deadline = time.monotonic() + REFUSAL_WAIT
    refusing = [
        threading.Thread(target=c.connect, daemon=True) for c in [*refused.values(), example]
    ]
    for thread in refusing:
        thread.start()
    known_defect(
        "HIA_Client.connect",
        "returns None and swallows every connect error (ten silent attempts, about a "
        "second each); a refusal shows only as is_connected() staying False",
    )

    # -- listeners -----------------------------------------------------------------------
    customer_connects, customer_disconnects = Inbox(), Inbox()
    customer_room = CustomerRoom_Handler(customer, API_CONFIG)
    customer_room.set_hia_connection_external_handler(customer_connects.put)
    customer_room.set_hia_disconnect_external_handler(customer_disconnects.put)
    check("customer room connect", lambda: customer_room.connect() or True)

    user_data, user_events = Inbox(), Inbox()
    user_room = UserRoom_AS_User_Handler(user, API_CONFIG)
    user_room.set_data_external_handler(user_data.put)
    user_room.set_device_events_external_handler(user_events.put)
    check("user room as user connect", lambda: user_room.connect() or True)

    watch_data, watch_events, watch_contexts = Inbox(), Inbox(), Inbox()

    def on_watch_data(handler: Any, payload: Any) -> None:
        watch_contexts.put(handler)
        watch_data.put(payload)

    watch_room = UserRoom_AS_Customer_Handler(customer, username, API_CONFIG)
    watch_room.set_data_external_handler(on_watch_data)
    watch_room.set_events_external_handler(lambda _handler, payload: watch_events.put(payload))
    check("user room as customer connect", lambda: watch_room.connect() or True)
    known_defect(
        "UserRoom_AS_User_Handler, UserRoom_AS_Customer_Handler, CustomerRoom_Handler",
        "expose no connection state and print (not raise) connect failures; that they "
        "joined is checked by the events they receive below",
    )

    downlinks, downlink_contexts = Inbox(), Inbox()

    def on_downlink(handler: Any, payload: Any) -> None:
        downlink_contexts.put(handler)
        downlinks.put(payload)

    downlink_user = DownlinkRoom_AS_User_Handler(user, API_CONFIG)
    downlink_user.set_downlink_router_external_handler(on_downlink)
    downlink_user.connect()
    check("downlink room as user connects", lambda: poll(downlink_user.is_connected, bool))
    downlink_customer = DownlinkRoom_AS_Customer_Handler(customer, username, API_CONFIG)
    downlink_customer.connect()
    check("downlink room as customer connects", lambda: poll(downlink_customer.is_connected, bool))

    # -- an SSR made before the HIA connects waits for it --------------------------------
    ssr = SSR_HttpHandler(customer, API_CONFIG)
    ssr.change_stream_state(username, hia_id, extra, "disabled")
    known_defect(
        "SSR_HttpHandler.change_stream_state / send_downlink",
        "print the HTTP answer and return None; checked through their effect on the HIA",
    )

    # -- the HIA connects ------------------------------------------------------------------
    hia = HIA_Client(user, sensors, API_CONFIG)
    hia.connect()
    if not check("hia connects", lambda: poll(hia.is_connected, bool)):
        return 1
    check("hia id", hia.get_hia_id, lambda h: h == hia_id)
    connect_event = check(
        "customer room: hia_events connect",
        lambda: poll(lambda: events_of(customer_connects, "connect", hia_id), bool),
        lambda found: (
            len(found) == 1
            and found[0]["username"] == username
            and set(found[0]["sensors"]) == {eeg, extra}
        ),
    )
    if connect_event:
        check(
            "customer room: connect event sensors are the HIA's sensor info",
            lambda: connect_event[0]["sensors"][eeg],
            lambda s: s["device_type"] == "EEG" and s["channel_map"] == EEG_CHANNELS,
        )
    check(
        "user room as user: events connect",
        lambda: poll(lambda: events_of(user_events, "connect", hia_id), bool),
        lambda found: len(found) == 1 and found[0]["username"] == username,
    )
    check(
        "user room as customer: events connect",
        lambda: poll(lambda: events_of(watch_events, "connect", hia_id), bool),
        lambda found: len(found) == 1 and found[0]["username"] == username,
    )
    check(
        "ssr made before connect: delivered on connect (stream disabled)",
        lambda: poll(lambda: hia.is_stream_enabled(extra), lambda on: not on),
        lambda on: on is False,
    )
    gateway = Gateway_HttpHandler(customer, API_CONFIG)
    check(
        "gateway: connected users lists the user",
        gateway.get_connected_users,
        lambda users: username in [u["username"] for u in users],
    )
    check(
        "gateway: connections list the hia",
        gateway.get_connections,
        lambda r: hia_id in [c["hia_id"] for c in r["pager"]["items"]],
    )

    hia_downlinks = Inbox()
    # After connect(): connect() attaches its own (logging) downlink handler, which
    # would replace one attached earlier.
    hia.attach_downlink_handler(hia_downlinks.put)

    # -- queued sender: send_data ----------------------------------------------------------
    start_user, start_watch = user_data.mark(), watch_data.mark()
    sent_eeg = eeg_rows(1000.0, 300)
    sent_extra = [[float(i), -float(i)] for i in range(20)]
    for row in sent_eeg:
        hia.send_data(row, eeg)  # appends the timestamp to `row` in place
    for row in sent_extra:
        hia.send_data(row, extra)

    def all_queued(inbox: Inbox, start: int) -> tuple[list[list[float]], list[list[float]]]:
        return rows_of(inbox, start, eeg), rows_of(inbox, start, extra)

    def complete(got: tuple[list[Any], list[Any]]) -> bool:
        return len(got[0]) >= len(sent_eeg) and len(got[1]) >= len(sent_extra)

    for room_name, inbox, start in (
        ("user room as user", user_data, start_user),
        ("user room as customer", watch_data, start_watch),
    ):
        got = poll(lambda inbox=inbox, start=start: all_queued(inbox, start), complete)
        check(
            f"send_data: {room_name} gets every EEG sample, in order, timestamps included",
            lambda got=got: got[0],
            lambda rows: rows == sent_eeg,
        )
        check(
            f"send_data: {room_name} gets every user_data sample",
            lambda got=got: got[1],
            lambda rows: rows == sent_extra,
        )
        eeg_packets = packets_of(inbox, start, eeg)
        check(
            f"send_data: {room_name} EEG packets carry stream_id, hia_id, device_type, sensor_info",
            lambda eeg_packets=eeg_packets: eeg_packets,
            lambda ps: (
                bool(ps)
                and all(
                    p["hia_id"] == hia_id
                    and p["device_type"] == "EEG"
                    and p["sensor_info"]["channel_map"] == EEG_CHANNELS
                    and p["sensor_info"]["sampling_frequency"] == EEG_RATE
                    for p in ps
                )
            ),
        )
        check(
            f"send_data: {room_name} EEG output.brainwave_power once enough samples came",
            lambda eeg_packets=eeg_packets: [brainwave_ok(p) for p in eeg_packets],
            lambda flags: any(flags) and flags[-1],
        )
        check(
            f"send_data: {room_name} user_data packets say user_data (sensors_info wins)",
            lambda inbox=inbox, start=start: [
                p["device_type"] for p in packets_of(inbox, start, extra)
            ],
            lambda kinds: bool(kinds) and set(kinds) == {"user_data"},
        )
        check(
            f"send_data: {room_name} no brainwave_power for user_data",
            lambda inbox=inbox, start=start: packets_of(inbox, start, extra),
            lambda ps: not any("brainwave_power" in (p.get("output") or {}) for p in ps),
        )
    known_defect(
        "HIA_Client.send_data (queued sender)",
        "stamps every stream's packets with the first sensor's device type (EEG here for "
        "the user_data stream); the relayed device_type above comes from sensors_info",
    )
    check(
        "user room as customer: handler gets its own handler instance",
        lambda: {id(h) for h in watch_contexts.items()},
        lambda ids: ids == {id(watch_room)},
    )

    # -- direct sender: send_data_direct -------------------------------------------------
    def direct(name: str, rows: list[list[float]], expect: Callable[[list[Any]], bool], **kw):
        start_user, start_watch = user_data.mark(), watch_data.mark()
        hia.send_data_direct(rows, eeg, **kw)
        for room_name, inbox, start in (
            ("user room as user", user_data, start_user),
            ("user room as customer", watch_data, start_watch),
        ):
            check(
                f"send_data_direct ({name}): {room_name}",
                lambda inbox=inbox, start=start: poll(
                    lambda: packets_of(inbox, start, eeg), lambda ps: bool(ps)
                ),
                lambda ps: len(ps) == 1 and expect(ps[0]["data"]["sample"]),
            )

    rows = eeg_rows(2000.0, 10)
    before = time.time()
    direct(
        "no timestamp given",
        rows,
        lambda got: (
            [r[:8] for r in got] == rows
            and all(len(r) == 9 and before <= r[8] <= time.time() for r in got)
        ),
    )
    rows = eeg_rows(3000.0, 10)
    stamps = [1_700_000_000.0 + i / EEG_RATE for i in range(10)]
    direct(
        "timestamps given",
        rows,
        lambda got: got == [[*r, t] for r, t in zip(rows, stamps, strict=True)],
        timestamp=stamps,
    )
    rows = eeg_rows(4000.0, 10)
    direct("send_without_timestamp", rows, lambda got: got == rows, send_without_timestamp=True)

    # -- SSR: stream state and downlink ------------------------------------------------------
    ssr.change_stream_state(username, hia_id, eeg, "disabled")
    check(
        "ssr stream_state disabled: is_stream_enabled flips",
        lambda: poll(lambda: hia.is_stream_enabled(eeg), lambda on: not on),
        lambda on: on is False,
    )
    check(
        "ssr stream_state disabled: get_sensor_info shows it",
        lambda: hia.get_sensor_info()[eeg]["stream_state"],
        lambda s: s == "disabled",
    )
    ssr.change_stream_state(username, hia_id, eeg, "enabled")
    ssr.change_stream_state(username, hia_id, extra, "enabled")
    check(
        "ssr stream_state enabled: both streams back on",
        lambda: poll(
            lambda: (hia.is_stream_enabled(eeg), hia.is_stream_enabled(extra)),
            lambda on: all(on),
        ),
        lambda on: on == (True, True),
    )
    message = {"beep": 3, "text": "héllo", "nested": {"list": [1, 2.5, None]}}
    ssr.send_downlink(username, hia_id, message)
    received = check(
        "ssr downlink reaches attach_downlink_handler",
        lambda: poll(hia_downlinks.items, bool),
        lambda got: (
            len(got) == 1
            and (got[0] == message or (isinstance(got[0], str) and json.loads(got[0]) == message))
        ),
    )
    if received:
        report["info"]["ssr_downlink_payload_type"] = type(received[0]).__name__

    # -- downlink rooms ------------------------------------------------------------------------
    routed = {"command": "vibrate", "ms": 250}
    downlink_customer.route_message(routed)
    check(
        "downlink: customer route_message reaches the user's downlink handler",
        lambda: poll(downlinks.items, bool),
        lambda got: got == [routed],
    )
    own = {"command": "self", "n": 1}
    downlink_user.route_message(own)
    check(
        "downlink: the user's own route_message comes back to it",
        lambda: poll(downlinks.items, lambda got: len(got) >= 2),
        lambda got: got == [routed, own],
    )
    check(
        "downlink: handler gets its DownlinkRoom_AS_User_Handler instance",
        lambda: {id(h) for h in downlink_contexts.items()},
        lambda ids: ids == {id(downlink_user)},
    )
    check("downlink: the HIA got no router message", hia_downlinks.items, lambda g: len(g) == 1)
    known_defect(
        "DownlinkRoom_AS_User_Handler",
        "prints every routed message (payload included) to stdout before calling the handler",
    )

    # -- refused connects, their end ----------------------------------------------------
    # The refused HIAs finish meanwhile; the real one stays up, answering pings.
    for thread in refusing:
        thread.join(max(0.0, deadline - time.monotonic()))
    for name, client in refused.items():
        check(name, client.is_connected, lambda c: c is False)
    check(
        "refusals carry the sandbox's reason",
        lambda: (sorted(refusals.get(hia_id, ())), sorted(refusals.get(no_token.get_hia_id(), ()))),
        lambda r: any("sensors_info" in m for m in r[0]) and any("jwt_token" in m for m in r[1]),
    )
    report["info"]["refusals"] = {k: sorted(v) for k, v in refusals.items()}
    report["info"]["published_example_sensor_info"] = (
        "accepted"
        if example.is_connected()
        else sorted(refusals.get(example.get_hia_id(), {"refused, no reason logged"}))
    )

    # -- disconnect ----------------------------------------------------------------------------
    check("hia still connected (it answers the server's pings)", hia.is_connected)
    hia.disconnect()
    check(
        "hia disconnects",
        lambda: poll(hia.is_connected, lambda c: not c),
        lambda c: c is False,
    )
    check(
        "customer room: hia_events disconnect",
        lambda: poll(lambda: events_of(customer_disconnects, "disconnect", hia_id), bool),
        lambda found: (
            len(found) == 1
            and found[0]["username"] == username
            and set(found[0]["sensors"]) == {eeg, extra}
        ),
    )
    check(
        "user room as user: events disconnect",
        lambda: poll(lambda: events_of(user_events, "disconnect", hia_id), bool),
        lambda found: len(found) == 1,
    )
    check(
        "user room as customer: events disconnect",
        lambda: poll(lambda: events_of(watch_events, "disconnect", hia_id), bool),
        lambda found: len(found) == 1,
    )
    check(
        "gateway: connected users no longer lists the user",
        lambda: poll(
            gateway.get_connected_users,
            lambda users: username not in [u["username"] for u in users],
        ),
        lambda users: username not in [u["username"] for u in users],
    )
    sent_after = user_data.mark()
    hia.send_data_direct(eeg_rows(5000.0, 2), eeg)  # ignored: the client knows it is down
    time.sleep(0.2)
    check(
        "send_data_direct after disconnect sends nothing", user_data.mark, lambda n: n == sent_after
    )

    check(
        "customer room: no events for the refused connects",
        lambda: [
            (e["type"], e["hia_id"])
            for inbox in (customer_connects, customer_disconnects)
            for e in inbox.items()
            if e["hia_id"] in (hia_id, no_token.get_hia_id())
        ],
        lambda found: found == [("connect", hia_id), ("disconnect", hia_id)],
    )

    for client in (customer_room, user_room, watch_room, downlink_user, downlink_customer):
        try:
            client.disconnect()
        except Exception as exc:  # a failed goodbye is no interop failure
            report["info"].setdefault("disconnect_errors", []).append(repr(exc))
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    logging.getLogger().addHandler(RefusalLog())
    logging.getLogger().setLevel(logging.DEBUG)
    timer = threading.Timer(WATCHDOG, watchdog)
    timer.daemon = True
    timer.start()
    try:
        status = main()
    except BaseException:
        report["failed"].append("driver crashed: " + traceback.format_exc(limit=3))
        status = 1
    finish(1 if report["failed"] else status)
