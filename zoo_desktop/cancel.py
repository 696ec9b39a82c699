"""Cooperative cancellation shared by downloads, imports, decoding and batch jobs."""

from __future__ import annotations

import threading

from zoo_desktop.errors import Cancelled


class CancelToken:
    """Set from any thread; long jobs call `raise_if_cancelled()` between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled by the user")

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds, waking early on cancel; returns True when cancelled."""
        return self._event.wait(timeout)
