"""Run service calls off the GUI thread with typed signals, progress and cancellation.

A `Job` wraps a plain function; a `JobTracker` starts jobs on a `QThreadPool`, keeps them alive
while they run, and cancels and drains them when the window closes. Signals are emitted from the
pool thread and delivered, queued, to receivers living in the GUI thread.
"""

from __future__ import annotations

import functools
import logging
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import Cancelled
from zoo_desktop.progress import ProgressEvent

log = logging.getLogger(__name__)

# At most one progress signal per this many seconds (plus every stage change and the end of a stage):
# an import hashes thousands of chunks and must not flood the GUI's event queue.
PROGRESS_INTERVAL_S = 0.05


def if_alive(method: Callable[..., Any]) -> Callable[..., Any]:
    """For slots reached through partials: a queued result that arrives after the widget was deleted
    (the window closed while the job ended) is dropped instead of touching a dead C++ object."""

    @functools.wraps(method)
    def guarded(self: QObject, *args: Any, **kwargs: Any) -> Any:
        if not shiboken6.isValid(self):
            return None
        return method(self, *args, **kwargs)

    return guarded


@dataclass(frozen=True)
class JobFailure:
    message: str  # the plain message for the user (a ZooError's text)
    details: str  # the traceback, for the error dialog's details and the log
    error: BaseException | None = None


class WorkerSignals(QObject):
    progress = Signal(object)  # a ProgressEvent
    finished = Signal(object)  # the job's result
    failed = Signal(object)  # a JobFailure
    cancelled = Signal()
    ended = Signal()  # always the last signal of a job, whatever happened


class Job(QRunnable):
    """Runs `fn(**kwargs)` on a pool thread, `progress=` and `cancel=` passed when asked for."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        title: str = "",
        wants_progress: bool = False,
        wants_cancel: bool = False,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the tracker holds the Python object; Qt must not delete it under us
        self.fn = fn
        self.title = title
        self.wants_progress = wants_progress
        self.wants_cancel = wants_cancel
        self.token = CancelToken()
        self.signals = WorkerSignals()
        self._last_emit = 0.0
        self._last_stage: str | None = None

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def _progress(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        boundary = event.stage != self._last_stage or (event.fraction is not None and event.fraction >= 1.0)
        if boundary or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._last_stage = event.stage
            self.signals.progress.emit(event)

    def run(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.wants_progress:
            kwargs["progress"] = self._progress
        if self.wants_cancel:
            kwargs["cancel"] = self.token
        try:
            result = self.fn(**kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the GUI, never raised into Qt
            if self.token.cancelled:  # e.g. the converter child was killed by the cancel
                log.info("job %r ended after a cancel: %s", self.title, exc)
                self.signals.cancelled.emit()
            else:
                log.exception("background job %r failed", self.title)
                self.signals.failed.emit(JobFailure(str(exc) or type(exc).__name__, traceback.format_exc(), exc))
        else:
            if self.token.cancelled:  # finished anyway (a step that cannot stop half-way): drop the result
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)
        finally:
            self.signals.ended.emit()


class JobTracker(QObject):
    """Starts jobs on a pool, keeps each alive until it ends, and cancels them all on shutdown."""

    countChanged = Signal(int)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self._jobs: list[Job] = []
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def start(self, job: Job) -> Job:
        """Run `job` on the pool; after `shutdown()` the job is not started (the window is closing)."""
        if self._closed:
            log.info("not starting %r: shutting down", job.title)
            return job
        self._jobs.append(job)
        job.signals.ended.connect(self._forget_ended)
        self.pool.start(job)
        self.countChanged.emit(len(self._jobs))
        return job

    def _forget_ended(self) -> None:
        sender = self.sender()
        self._jobs = [j for j in self._jobs if j.signals is not sender]
        self.countChanged.emit(len(self._jobs))

    def active(self) -> list[Job]:
        return list(self._jobs)

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel every job and wait for the pool to drain; False when something was still running."""
        self._closed = True
        self.cancel_all()
        done = self.pool.waitForDone(timeout_ms)
        if not done:
            log.warning("closing with %d job(s) still running after %d ms", len(self._jobs), timeout_ms)
        return done
