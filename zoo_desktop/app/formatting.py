"""Sizes, speeds and durations for people (translated units)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication


def human_bytes(n: int | float | None) -> str:
    if n is None:
        return "—"
    n = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover


def human_speed(bytes_per_s: float) -> str:
    return QCoreApplication.translate("Formatting", "%1/s").replace("%1", human_bytes(bytes_per_s))


def human_duration(seconds: float | None) -> str:
    if seconds is None or math.isinf(seconds) or math.isnan(seconds):
        return QCoreApplication.translate("Formatting", "unknown time")
    s = int(round(seconds))
    if s < 60:
        return QCoreApplication.translate("Formatting", "%1 s").replace("%1", str(s))
    if s < 3600:
        return QCoreApplication.translate("Formatting", "%1 min %2 s").replace("%1", str(s // 60)).replace("%2", str(s % 60))
    return QCoreApplication.translate("Formatting", "%1 h %2 min").replace("%1", str(s // 3600)).replace("%2", str(s % 3600 // 60))
