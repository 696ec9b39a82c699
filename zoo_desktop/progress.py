"""Structured progress events shared by imports, downloads, conversion and training."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class ProgressEvent:
    stage: str  # machine-readable: "extract", "hash", "install", "download", "convert", ...
    fraction: float | None  # 0..1 within the stage, None when unknown
    message: str = ""
    done: int | None = None  # units done within the stage (bytes for downloads), when countable
    total: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


ProgressCallback = Callable[[ProgressEvent], None]


def ignore_progress(_event: ProgressEvent) -> None:
    return None
