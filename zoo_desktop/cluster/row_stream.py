"""A Ray dataset's rows read on a thread of their own, and a stop that leaves none of Ray Data's threads running.

The driver reads rows through a queue so that it can watch for a cancel and a stall while Ray Data blocks. When a
job ends early (a cancel, an error), the dataset's streaming executor is still scheduling tasks on its own thread;
`ray.shutdown()` under it makes that thread call into a core worker that is being torn down (a SystemExit in the
thread at best, a segmentation fault of the whole process at worst). `close` shuts the executor down and waits for
it and for the reading thread, so the session's shutdown comes after them.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

STOP_SECONDS = 30.0  # how long `close` waits for Ray Data's threads before it gives up (and says so in the log)
_DONE = object()


class RowStream:
    def __init__(self, dataset: Any) -> None:
        self._inbox: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        # The executor is a thread named after the dataset's id (name, uuid, run): that is how `close` finds it.
        self._executor_name = "StreamingExecutor-" + dataset.get_dataset_id().rsplit("_", 1)[0] + "_"
        self._thread = threading.Thread(target=self._read, args=(dataset,), name="zoo-cluster-results", daemon=True)
        self._thread.start()

    def _executors(self) -> list[Any]:
        return [t for t in threading.enumerate() if t.name.startswith(self._executor_name) and hasattr(t, "shutdown")]

    def _read(self, dataset: Any) -> None:
        rows = iter(dataset.iter_rows())
        try:
            for row in rows:
                if self._stop.is_set():
                    return
                self._inbox.put(row)
            self._inbox.put(_DONE)
        except BaseException as exc:  # handed to the driver's thread, as an Exception (a SystemExit here is Ray's, not ours)
            self._inbox.put(exc if isinstance(exc, Exception) else RuntimeError(f"{type(exc).__name__}: {exc}"))
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()  # shuts the executor down at once rather than when the iterator is collected

    def next_row(self, timeout: float) -> dict[str, Any] | None:
        """The next row; None at the end. Raises queue.Empty after `timeout` s without one, and what the dataset raised."""
        item = self._inbox.get(timeout=timeout)
        if item is _DONE:
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self, timeout: float = STOP_SECONDS) -> bool:
        """Stops the execution and waits for its threads; False (and a warning in the log) if one outlived `timeout`."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        while self._thread.is_alive() and time.monotonic() < deadline:
            for executor in self._executors():
                executor.shutdown(force=True)  # idempotent; a no-op until the execution has started
            self._thread.join(0.1)
        for executor in self._executors():
            executor.shutdown(force=True)
            executor.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in (self._thread, *self._executors()) if t.is_alive()]
        if alive:
            log.warning("ray data: %s still running %g s after the job stopped", ", ".join(alive), timeout)
        return not alive
