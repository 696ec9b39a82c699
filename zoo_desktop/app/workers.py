"""Run service calls off the GUI thread with typed signals."""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Signal

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(object)  # a ProgressEvent
    finished = Signal(object)  # the job's result
    failed = Signal(str, str)  # message, details


class Job(QRunnable):
    """Runs `fn(progress=...)` on a pool thread; results and errors come back as signals."""

    def __init__(self, fn: Callable[..., Any], *, wants_progress: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.wants_progress = wants_progress
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.fn(progress=self.signals.progress.emit) if self.wants_progress else self.fn()
        except Exception as exc:  # reported to the GUI, never raised into Qt
            log.exception("background job failed")
            import traceback

            self.signals.failed.emit(str(exc), traceback.format_exc())
        else:
            self.signals.finished.emit(result)
