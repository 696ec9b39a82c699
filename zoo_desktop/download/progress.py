"""Download progress: bytes so far, total, a moving-average speed and an ETA."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class DownloadProgress:
    received: int  # bytes of the file on disk so far (a resumed download starts above zero)
    total: int | None  # the file's full size, None when the server does not say
    speed_bps: float  # bytes per second, averaged over the last few seconds
    eta_s: float | None  # seconds left, None when the total or the speed is unknown

    @property
    def fraction(self) -> float | None:
        """0..1, or None when the total is unknown."""
        if self.total is None:
            return None
        if self.total <= 0:
            return 1.0
        return min(1.0, self.received / self.total)


class ProgressMeter:
    """Turns (received, total) samples into `DownloadProgress` with a sliding-window speed.

    The speed is the bytes gained over the last `window_s` seconds divided by the time they
    took, so it follows the connection without jumping on every chunk. When `received` goes
    down (the download started again from zero), the window starts afresh.
    """

    def __init__(self, window_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window_s = window_s
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()

    def reset(self) -> None:
        self._samples.clear()

    def update(self, received: int, total: int | None) -> DownloadProgress:
        now = self._clock()
        if self._samples and received < self._samples[-1][1]:
            self._samples.clear()
        self._samples.append((now, received))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self._window_s:
            self._samples.popleft()
        speed = 0.0
        t0, r0 = self._samples[0]
        if now > t0:
            speed = max(0.0, (received - r0) / (now - t0))
        eta: float | None = None
        if total is not None:
            left = max(0, total - received)
            if left == 0:
                eta = 0.0
            elif speed > 0:
                eta = left / speed
        return DownloadProgress(received=received, total=total, speed_bps=speed, eta_s=eta)
