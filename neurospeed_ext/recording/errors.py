"""Typed failures of the recorder and exporter macros, each naming the step that failed."""

from __future__ import annotations


class MacroError(Exception):
    """A macro step that failed: `step` says which, the ids say on what.

    The underlying error (an `ns.ApiError`, a `DownloadError`) is the `__cause__`.
    """

    def __init__(
        self,
        step: str,
        message: str,
        *,
        recorder_id: int | None = None,
        exporter_id: int | None = None,
    ) -> None:
        self.step = step
        self.message = message
        self.recorder_id = recorder_id
        self.exporter_id = exporter_id
        super().__init__(str(self))

    def __str__(self) -> str:
        ids = [
            f"{name} {value}"
            for name, value in (("recorder", self.recorder_id), ("exporter", self.exporter_id))
            if value is not None
        ]
        where = f" ({', '.join(ids)})" if ids else ""
        return f"{self.step}{where}: {self.message}"


class MacroTimeout(MacroError, TimeoutError):
    """A status that did not arrive in time; `last_status` is the one seen last."""

    def __init__(
        self,
        step: str,
        message: str,
        *,
        last_status: str | None,
        recorder_id: int | None = None,
        exporter_id: int | None = None,
    ) -> None:
        self.last_status = last_status
        super().__init__(step, message, recorder_id=recorder_id, exporter_id=exporter_id)
