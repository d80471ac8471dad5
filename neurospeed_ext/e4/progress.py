"""A download's tqdm bar, driven by the generated client's `on_progress(done, total)`."""

from __future__ import annotations

from neurospeed_ext.download.progress import ProgressBar, wants_bar


class ByteProgress:
    """Moves one bar forward by what was written since the last call."""

    def __init__(self, label: str, show: bool | None) -> None:
        self._bar = ProgressBar(wants_bar(show), label)
        self._done = 0
        self._started = False

    def __call__(self, done: int, total: int | None) -> None:
        if not self._started:
            self._bar.at(done, total)
            self._started = True
        else:
            self._bar.advance(done - self._done)
        self._done = done

    def close(self) -> None:
        self._bar.close()
