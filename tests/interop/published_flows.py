"""Drive the published `neurospeed` 2.3.5 package, unmodified, against a sandbox.

Runs in the published package's own virtual environment (its pins cannot share ours):
`python published_flows.py http://127.0.0.1:PORT`. The last line printed is a JSON report
`{"passed": [...], "failed": [...], "skipped": [...]}`; the exit status is 1 on failures.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import neurospeed.constants as constants

BASE = sys.argv[1]
API_CONFIG = {"api_address": BASE, "pipeline_address": BASE.replace("http", "ws", 1)}
# The handlers bind PROD_API_CONFIG as a default argument: replace its contents in place,
# before anything else runs, so no call can reach the real cloud.
constants.PROD_API_CONFIG.clear()
constants.PROD_API_CONFIG.update(API_CONFIG)

from neurospeed.api_http_handlers.customer_account_manager import (  # noqa: E402
    Customer_Account_Manager,
)
from neurospeed.api_http_handlers.exporter_http_handler import (  # noqa: E402
    UserRoom_Recorder_Exporter_Handler,
)
from neurospeed.api_http_handlers.gateway_http_handler import Gateway_HttpHandler  # noqa: E402
from neurospeed.api_http_handlers.insight_http_handler import Insight_User_Handler  # noqa: E402
from neurospeed.api_http_handlers.recorder_http_handler import (  # noqa: E402
    UserRoom_Recorder_Handler,
)
from neurospeed.api_http_handlers.ssr_http_handler import SSR_HttpHandler  # noqa: E402
from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler  # noqa: E402
from neurospeed.auth.auth_as_user_handler import Auth_AS_User_Handler  # noqa: E402

report: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}


def check(name: str, probe: Callable[[], Any], ok: Callable[[Any], bool] = bool) -> Any:
    try:
        value = probe()
    except Exception:
        report["failed"].append(f"{name}: {traceback.format_exc(limit=2).splitlines()[-1]}")
        return None
    (report["passed"] if ok(value) else report["failed"]).append(
        name if ok(value) else f"{name}: got {value!r:.200}"
    )
    return value


def poll(probe: Callable[[], Any], done: Callable[[Any], bool], seconds: float = 5.0) -> Any:
    deadline = time.monotonic() + seconds
    value = probe()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.02)
        value = probe()
    return value


def main() -> int:
    customer = Auth_AS_Customer_handler(
        {"email": "customer@sandbox.local", "password": "customer-pass"}, API_CONFIG
    )
    check("customer login", customer.login, lambda ok: ok is True)
    user_config = {"account_id": "sandbox", "username": "user1", "user_password": "user1-pass"}
    user = Auth_AS_User_Handler(user_config, API_CONFIG)
    check("user login", user.login, lambda ok: ok is True)
    legacy = Auth_AS_User_Handler(
        {"customer_username": "sandbox", "username": "user2", "user_password": "user2-pass"},
        API_CONFIG,
    )
    check("user login (customer_username config)", legacy.login, lambda ok: ok is True)

    manager = Customer_Account_Manager(customer, API_CONFIG)
    for name in ("get_insight_access", "get_recording_exporting_access", "get_access_to_raw_data"):
        check(f"access: {name}", getattr(manager, name), lambda a: a in (True, {"access": True}))
    check("customer details", manager.get_customer_details, lambda c: c["account_id"] == "sandbox")
    created = check(
        "create user",
        lambda: manager.create_new_user("interop_user1", "interop-pass"),
        lambda u: isinstance(u, dict) and u.get("username") == "interop_user1",
    )
    user_id = check(
        "user id by name",
        lambda: manager.get_user_id("interop_user1"),
        lambda i: isinstance(i, int),
    )
    if created and user_id:
        check(
            "modify user",
            lambda: manager.modify_user(user_id, "interop_user2", "interop-pass2"),
            lambda u: u.get("username") == "interop_user2",
        )
        check("delete user", lambda: manager.delete_user(user_id), lambda r: r is True)
    report["skipped"].append(
        "list users: Customer_Account_Manager.get_all_existing_users reads self._headers, "
        "which the published class never sets (AttributeError before any request)"
    )

    recorders = UserRoom_Recorder_Handler(customer, API_CONFIG)
    recorder = check(
        "recorder create",
        lambda: recorders.create_recorder("user1", "interop"),
        lambda r: isinstance(r.get("id"), int),
    )
    if recorder:
        rid = recorder["id"]
        status = poll(lambda: recorders.get_recorder(rid)["status"], lambda s: s == "recording")
        check("recorder reaches recording", lambda: status, lambda s: s == "recording")
        check(
            "recorder list",
            lambda: recorders.list_recorders(1, 10, {"username": "user1"}),
            lambda r: rid in [i["id"] for i in r["pager"]["items"]],
        )
        check(
            "recorder pause",
            lambda: recorders.update_recorder(rid, "paused"),
            lambda r: r["status"] == "paused",
        )
        check(
            "recorder stop",
            lambda: recorders.update_recorder(rid, "stopped"),
            lambda r: r["status"] == "stopped",
        )
        exporters = UserRoom_Recorder_Exporter_Handler(customer, API_CONFIG)
        config = {
            "custom_name": "interop.csv",
            "start_timestamp_mode": "start",
            "end_timestamp_mode": "end",
        }
        exporter = check(
            "exporter create",
            lambda: exporters.create_exporter(rid, config),
            lambda e: isinstance(e.get("id"), int),
        )
        if exporter:
            eid = exporter["id"]
            state = poll(lambda: exporters.get_exporter(eid)["status"], lambda s: s == "exported")
            check("exporter reaches exported", lambda: state, lambda s: s == "exported")
            check(
                "exporter url",
                lambda: exporters.get_exported_url(eid),
                lambda u: u["url"].startswith(BASE),
            )
            check(
                "exporter list",
                lambda: exporters.list_exporters("user1", 1, 10),
                lambda r: eid in [i["id"] for i in r["pager"]["items"]],
            )
            check("exporter delete", lambda: exporters.delete_exporter(eid))
        check("recorder delete", lambda: recorders.delete_recorder(rid))

    gateway = Gateway_HttpHandler(customer, API_CONFIG)
    check("connected users", gateway.get_connected_users, lambda r: isinstance(r, list))
    check("connections", gateway.get_connections, lambda r: "items" in r["pager"])
    ssr = SSR_HttpHandler(customer, API_CONFIG)
    # Both SSR calls print the answer and return None (the published client's way).
    check(
        "ssr stream state",
        lambda: ssr.change_stream_state("user1", "abc123", "s1", "disabled") or True,
    )
    check("ssr downlink", lambda: ssr.send_downlink("user1", "abc123", {"beep": 1}) or True)

    insights = Insight_User_Handler(user, API_CONFIG)
    check("insights", insights.get_user_insights, lambda r: r is not None)
    check(
        "daily stress",
        lambda: insights.get_user_daily_stress("2023-11-14", "+0000"),
        lambda r: r is not None,
    )
    check(
        "hourly insights",
        lambda: insights.get_user_hourly_insights("2023-11-14", "+0000"),
        lambda r: r is not None,
    )
    check(
        "alltime",
        lambda: insights.get_user_alltime_insights(
            "2023-11-01", "2023-11-30", "output$neurobrave_stress2", "day"
        ),
        lambda r: r is not None,
    )
    check(
        "calendar",
        lambda: insights.get_calendar_stress_graph("2023-11-14"),
        lambda r: r is not None,
    )
    print(json.dumps(report))
    return 1 if report["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
