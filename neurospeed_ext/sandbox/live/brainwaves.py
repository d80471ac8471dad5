"""Brainwave power of EEG streams: Welch PSD over a sliding window, integrated per band.

The cloud adds `output.brainwave_power.brainwave` to the `data` it relays for EEG
streams (PROTOCOL 5); the sandbox computes the same shape from the last
`Settings.brainwave_window` seconds of each stream: one float per channel per band.

Parameters: Welch segments of one second (1 Hz bins; fewer samples give one shorter
segment), Hann window, half overlap, constant detrend, density scaling; a band's power is
the trapezoid integral of the PSD between its edges (both included). Until a window
holds MIN_SECONDS of samples (and at least MIN_SAMPLES), there is no output: a PSD of a
few samples would only be noise.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import signal

BANDS: dict[str, tuple[float, float]] = {
    "delta": (1.0, 4.0),
    "theta": (4.0, 8.0),
    "alpha": (8.0, 13.0),
    "mu": (8.0, 12.0),
    "smr": (12.0, 15.0),
    "beta": (13.0, 30.0),
    "gamma": (30.0, 45.0),
}
"""Band edges in Hz."""

SEGMENT_SECONDS = 1.0
MIN_SECONDS = 0.5
MIN_SAMPLES = 16

Matrix = npt.NDArray[np.float64]


class BrainwaveWindow:
    """The last `seconds` of one EEG stream's channel values, and their band power."""

    def __init__(self, sampling_frequency: float, channels: int, seconds: float) -> None:
        if sampling_frequency <= 0 or channels <= 0 or seconds <= 0:
            raise ValueError("sampling frequency, channels and seconds must be positive")
        self.fs = float(sampling_frequency)
        self.channels = channels
        self.capacity = max(1, math.ceil(seconds * self.fs))
        self._values: Matrix = np.zeros((self.capacity, channels))
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def push(self, rows: list[list[float]]) -> None:
        """Append samples ([ch1..chN] or [ch1..chN, timestamp]); the oldest fall out."""
        if not rows:
            return
        new = np.asarray([row[: self.channels] for row in rows], dtype=np.float64)
        new = new[-self.capacity :]
        k = len(new)
        if k < self.capacity:
            self._values[:-k] = self._values[k:]
        self._values[-k:] = new
        self._count = min(self.capacity, self._count + k)

    def band_power(self) -> dict[str, list[float]] | None:
        """Power per band and channel, or None while the window is too short."""
        if self._count < max(MIN_SAMPLES, math.ceil(MIN_SECONDS * self.fs)):
            return None
        return band_power(self._values[-self._count :], self.fs)


def band_power(values: Matrix, fs: float) -> dict[str, list[float]]:
    """Band power of `values` (samples x channels) sampled at `fs` Hz."""
    nperseg = min(len(values), max(1, round(fs * SEGMENT_SECONDS)))
    freqs, psd = signal.welch(values, fs=fs, nperseg=nperseg, axis=0)
    result: dict[str, list[float]] = {}
    for name, (low, high) in BANDS.items():
        inside = (freqs >= low) & (freqs <= high)
        if np.count_nonzero(inside) < 2:
            result[name] = [0.0] * values.shape[1]
            continue
        result[name] = [float(p) for p in _integral(psd[inside], freqs[inside])]
    return result


def _integral(psd: Matrix, freqs: Matrix) -> Matrix:
    """Trapezoid rule along axis 0 (np.trapezoid needs numpy 2, the extra allows 1.26)."""
    widths = np.diff(freqs)[:, np.newaxis]
    result: Matrix = ((psd[1:] + psd[:-1]) * widths / 2.0).sum(axis=0)
    return result
