"""The README's main job, `python -m neurospeed_ext demo`, run as a user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def test_demo_records_streams_exports_and_checks_the_csv(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "neurospeed_ext", "demo", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    out = done.stdout
    assert "check    all 2560 data rows equal the samples sent" in out
    powers = re.findall(r"room: delta .* alpha +([\d.]+) +beta +([\d.]+)", out)
    assert len(powers) >= 2, out
    # The synthetic EEG has alpha first (eyes closed), then beta (task): the room shows it.
    assert float(powers[1][0]) > float(powers[1][1])
    assert float(powers[-1][0]) < float(powers[-1][1])
    assert (tmp_path / "demo.csv").stat().st_size > 100_000
    assert not list(tmp_path.glob("*.part"))
