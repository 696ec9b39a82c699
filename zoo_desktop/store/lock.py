"""An exclusive, non-blocking per-model lock held through the OS (released if the process dies)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from zoo_desktop.errors import ModelBusy


class ModelLock:
    def __init__(self, lock_dir: Path, model_id: str) -> None:
        self.path = lock_dir / f"{model_id}.lock"
        self.model_id = model_id
        self._fd: int | None = None

    def acquire(self) -> "ModelLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ModelBusy(
                f"model {self.model_id!r} is being changed by another import, conversion or removal; try again when it finishes",
                model_id=self.model_id,
            ) from None
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops flock/msvcrt locks
            self._fd = None

    def __enter__(self) -> "ModelLock":
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
