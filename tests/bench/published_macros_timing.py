"""The published `neurospeed` 2.3.5 recorder macros, timed against a sandbox (on demand).

Runs in the published package's own virtual environment (see tests/published_venv.py):

    python published_macros_timing.py BASE_URL USERNAME PASSWORD SAVE_FOLDER

Logs the seed's customer in and times start_recording, stop_recording and download_data
once each for USERNAME, then prints one JSON line {"start_recording": s, "stop_recording":
s, "download_data": s, "downloaded": path or null}. The published classes print; their
output goes to stderr so that stdout holds the JSON line only.
"""

from __future__ import annotations

import json
import os
import sys
import time

import neurospeed.constants as constants

BASE, USERNAME, PASSWORD, FOLDER = sys.argv[1:5]
# The handlers bind PROD_API_CONFIG as a default argument: replace its contents in place,
# before anything else runs, so no call can reach the real cloud.
constants.PROD_API_CONFIG.clear()
constants.PROD_API_CONFIG.update(
    {"api_address": BASE, "pipeline_address": BASE.replace("http", "ws", 1)}
)

OUT = sys.stdout
sys.stdout = sys.stderr

from neurospeed.auth.auth_as_customer_handler import Auth_AS_Customer_handler  # noqa: E402
from neurospeed.macros import macros  # noqa: E402


def timed(call):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


customer = Auth_AS_Customer_handler(
    {"email": "customer@sandbox.local", "password": "customer-pass"}
)
customer.login()
hia_config = {"username": USERNAME, "user_password": PASSWORD, "account_id": "sandbox"}
start_s, recorder_id = timed(lambda: macros.start_recording(customer, hia_config, "bench"))
stop_s, _ = timed(lambda: macros.stop_recording(customer, recorder_id))
config = {"custom_name": "bench", "start_timestamp_mode": "start", "end_timestamp_mode": "end"}
download_s, path = timed(
    lambda: macros.download_data(customer, recorder_id, config, hia_config, FOLDER)
)
report = {
    "start_recording": start_s,
    "stop_recording": stop_s,
    "download_data": download_s,
    "downloaded": path,
}
OUT.write(json.dumps(report) + "\n")
OUT.flush()
os._exit(0)
