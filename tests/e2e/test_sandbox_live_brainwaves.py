"""Brainwave power of EEG streams: the module on its own, then relayed in `data`."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest

from neurospeed_ext.sandbox import SandboxServer
from neurospeed_ext.sandbox.live.brainwaves import BANDS, BrainwaveWindow, band_power
from tests.e2e.live_helpers import (
    USER_AS_USER,
    PeerFactory,
    connect_hia,
    fresh_account,
    peer_pool,
    pipeline,
    sensor,
)

FS = 256.0


def _sine(hz: float, seconds: float = 2.0, fs: float = FS) -> np.ndarray:
    t = np.arange(round(seconds * fs)) / fs
    return np.sin(2 * math.pi * hz * t)


def _largest(bands: dict[str, list[float]], channel: int = 0) -> set[str]:
    """The bands holding the most power (alpha and mu tie for a 10 Hz wave: mu is 8-12)."""
    top = max(per_channel[channel] for per_channel in bands.values())
    return {name for name, per_channel in bands.items() if per_channel[channel] >= top * 0.999}


@pytest.mark.parametrize(
    ("hz", "band", "outside"), [(10.0, "alpha", "beta"), (20.0, "beta", "alpha")]
)
def test_a_sine_puts_its_power_in_its_band(hz: float, band: str, outside: str) -> None:
    rng = np.random.default_rng(1)
    values = np.stack([_sine(hz), 0.01 * rng.standard_normal(512)], axis=1)
    bands = band_power(values, FS)
    assert set(bands) == set(BANDS)
    assert all(len(per_channel) == 2 for per_channel in bands.values())
    top = _largest(bands)
    assert band in top and top <= {band, "mu"}
    assert bands[band][0] == pytest.approx(0.5, rel=0.05)  # a unit sine's variance
    assert bands[band][0] > 1000 * bands[outside][0]
    assert bands[band][0] > 100 * bands[band][1]  # channel 1 holds only faint noise


def test_the_window_slides_and_drops_timestamps() -> None:
    window = BrainwaveWindow(FS, channels=1, seconds=2.0)
    assert window.capacity == 512
    assert window.band_power() is None
    old = _sine(20.0, seconds=2.0)
    window.push([[v, 1700000000.0 + i / FS] for i, v in enumerate(old)])  # + timestamp
    assert _largest(window.band_power() or {}) == {"beta"}
    new = _sine(10.0, seconds=2.0)
    for start in range(0, 512, 51):  # packets of 0.2 s push the 20 Hz wave out
        window.push([[v] for v in new[start : start + 51]])
    assert len(window) == 512
    assert "alpha" in _largest(window.band_power() or {})


def test_too_few_samples_give_no_band_power() -> None:
    window = BrainwaveWindow(FS, channels=2, seconds=2.0)
    window.push([[0.1, 0.2]] * 100)  # 0.39 s: less than the half second needed
    assert window.band_power() is None
    window.push([[0.1, 0.2]] * 28)
    assert window.band_power() is not None


@pytest.fixture
def peers() -> Iterator[PeerFactory]:
    with peer_pool() as make:
        yield make


def test_eeg_data_carries_brainwave_power(sandbox: SandboxServer, peers: PeerFactory) -> None:
    account = fresh_account(sandbox)
    room = peers()
    room.connect(sandbox, USER_AS_USER, query={"jwt_token": account.user_token})
    eeg = {"eeg1": sensor("eeg1", "EEG", ("Fp1", "Fp2"), rate=FS)}
    hia = connect_hia(peers, sandbox, account, eeg, hia_id="bw1")
    alpha = _sine(10.0, seconds=1.0)
    rows = [[float(v), 0.0, 1700000000.0 + i / FS] for i, v in enumerate(alpha)]
    assert hia.emit_acked("pipeline", pipeline("eeg1", rows[:8], hia_id="bw1")) is True
    assert hia.emit_acked("pipeline", pipeline("eeg1", rows[8:], hia_id="bw1")) is True
    first, second = room.wait_for("data", 2)
    assert first["output"] == {}  # 8 samples: too few for a spectrum
    bands = second["output"]["brainwave_power"]["brainwave"]
    assert set(bands) == set(BANDS)
    assert "alpha" in _largest(bands)
    assert bands["alpha"][1] == 0.0  # channel 2 is flat
