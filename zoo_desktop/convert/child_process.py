"""Run a TensorFlow job in a killable child process and stream its structured progress.

The child prints one JSON object per line on stdout: `{"event": "progress", "stage": ..., "fraction": ...,
"message": ...}` while it works and finally `{"event": "result", ...}` or `{"event": "error", "message": ...}`.
The child runs in its own process group (session), so cancelling kills the whole tree.
This module itself never imports TensorFlow.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import Cancelled, DiskFull, ZooError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress

log = logging.getLogger(__name__)


class ChildFailed(ZooError):
    exit_code = 10


@dataclass(frozen=True)
class ChildCommand:
    python: Path
    module: str
    args: Sequence[str]
    env: dict[str, str]


def _kill_tree(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()


def run_child(
    command: ChildCommand,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    what: str = "conversion",
) -> dict[str, Any]:
    """Run the child to completion and return its result object; raise on error, crash or cancel."""
    argv = [str(command.python), "-u", "-m", command.module, *command.args]
    log.info("starting %s child: %s", what, argv)
    popen_kw: dict[str, Any] = {}
    if os.name == "nt":
        popen_kw["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        popen_kw["start_new_session"] = True
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=command.env,
        text=True,
        encoding="utf-8",
        errors="replace",
        **popen_kw,
    )
    stderr_tail: deque[str] = deque(maxlen=40)

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            stderr_tail.append(line.rstrip())
            log.debug("%s child: %s", what, line.rstrip())

    watcher_done = threading.Event()

    def watch_cancel() -> None:
        while not watcher_done.is_set():
            if cancel is not None and cancel.wait(0.1):
                _kill_tree(proc)
                return

    threads = [threading.Thread(target=drain_stderr, daemon=True)]
    if cancel is not None:
        threads.append(threading.Thread(target=watch_cancel, daemon=True))
    for t in threads:
        t.start()
    result: dict[str, Any] | None = None
    error: str | None = None
    error_kind_seen: str | None = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            kind = msg.get("event")
            if kind == "progress":
                progress(ProgressEvent(msg.get("stage", what), msg.get("fraction"), msg.get("message", "")))
            elif kind == "result":
                result = msg
            elif kind == "error":
                error = msg.get("message", "unknown error")
                error_kind_seen = msg.get("kind")
        proc.wait()
    except BaseException:
        _kill_tree(proc)
        proc.wait()
        raise
    finally:
        watcher_done.set()
        for t in threads:
            t.join(timeout=5)
    if cancel is not None and cancel.cancelled:
        raise Cancelled(f"{what} cancelled")
    if error is not None and error_kind_seen == "disk_full":
        raise DiskFull(f"the disk ran full while the {what} was writing its files ({error}); nothing was changed. "
                       "Free some space and try again.")
    if error is not None:
        raise ChildFailed(error)
    if proc.returncode != 0 or result is None:
        tail = "\n".join(stderr_tail)
        how = f"was killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exited with code {proc.returncode}"
        raise ChildFailed(f"the {what} process {how} without a result. Last output:\n{tail[-2000:]}")
    return result


class EventWriter:
    """Child side: write events as JSON lines to stdout."""

    def __init__(self, stream=None) -> None:
        self._stream = stream or sys.stdout

    def _write(self, obj: dict[str, Any]) -> None:
        self._stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._stream.flush()

    def progress(self, stage: str, fraction: float | None, message: str = "") -> None:
        self._write({"event": "progress", "stage": stage, "fraction": fraction, "message": message})

    def result(self, **payload: Any) -> None:
        self._write({"event": "result", **payload})

    def error(self, message: str, kind: str | None = None) -> None:
        self._write({"event": "error", "message": message, **({"kind": kind} if kind else {})})


DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def error_kind(exc: BaseException) -> str | None:
    """Child side: "disk_full" when writing failed for lack of space (or a file-size limit), else None."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return "disk_full"
        exc = exc.__cause__ or exc.__context__
    return None
