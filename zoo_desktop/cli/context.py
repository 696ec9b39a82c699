"""What every command handler receives: where data lives, and how to talk to the user."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from zoo_desktop.paths import ZooPaths


@dataclass
class CliContext:
    paths: ZooPaths
    json_output: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def emit(self, obj: Any) -> None:
        """One JSON object per line (for --json)."""
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.out.flush()

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def warn(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()


class ProgressLine:
    """A single self-overwriting progress line on stderr, throttled; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO, label: str, min_interval: float = 0.2) -> None:
        self._stream = stream
        self._label = label
        self._min_interval = min_interval
        self._last = 0.0
        self._active = hasattr(stream, "isatty") and stream.isatty()

    def update(self, fraction: float | None, detail: str = "") -> None:
        if not self._active:
            return
        now = time.monotonic()
        if now - self._last < self._min_interval and (fraction is None or fraction < 1.0):
            return
        self._last = now
        pct = "" if fraction is None else f"{fraction * 100:5.1f}% "
        self._stream.write(f"\r{self._label}: {pct}{detail}".ljust(79)[:160])
        self._stream.flush()

    def close(self) -> None:
        """Ends the line; later updates and closes do nothing."""
        if self._active:
            self._active = False
            self._stream.write("\n")
            self._stream.flush()
