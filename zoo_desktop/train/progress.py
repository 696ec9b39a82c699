"""Structured training progress: what the training child reports, and how it crosses the process boundary.

`run_child` (convert/child_process.py) forwards only (stage, fraction, message) of each event, so the
child puts its structured fields, as JSON, in the message; `decode` turns such an event back into a
`TrainProgress` whose `message` is the readable text. Callers of the training API only ever see
`TrainProgress` events (a `ProgressEvent` subclass, so any progress sink accepts them).

Stages: "prepare" (data checked and tokenized, parent side), "start" (child started), "load" (model
built), "resume" (continuing from an epoch checkpoint), "train" (a training step; throttled), "evaluate",
"epoch" (an epoch finished: its checkpoint is on disk when this event is sent), "test", "export",
"parity", "install".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from zoo_desktop.progress import ProgressCallback, ProgressEvent

WIRE_PREFIX = '{"zoo_train":'


@dataclass(frozen=True)
class TrainProgress(ProgressEvent):
    epoch: int | None = None  # 1-based epoch in progress (or just finished, for "epoch")
    epochs: int | None = None
    step: int | None = None  # step within the epoch, 1-based
    steps: int | None = None  # steps per epoch
    global_step: int | None = None  # optimizer steps so far, over all epochs and runs
    total_steps: int | None = None
    loss: float | None = None  # running mean of the training loss over the epoch so far
    metrics: dict[str, float] = field(default_factory=dict)
    eta_seconds: float | None = None
    device: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != {}}


def encode(event: TrainProgress) -> str:
    """The message string the child sends for `event`."""
    payload = {k: v for k, v in asdict(event).items() if k not in ("stage", "fraction")}
    return json.dumps({"zoo_train": payload}, ensure_ascii=False)


def decode(event: ProgressEvent) -> TrainProgress:
    if isinstance(event, TrainProgress):
        return event
    message = event.message or ""
    if message.startswith(WIRE_PREFIX):
        try:
            payload = json.loads(message)["zoo_train"]
            return TrainProgress(stage=event.stage, fraction=event.fraction, **payload)
        except (ValueError, TypeError, KeyError):
            pass
    return TrainProgress(stage=event.stage, fraction=event.fraction, message=message)


def decoding(callback: ProgressCallback) -> ProgressCallback:
    """A progress callback for `run_child` that hands `callback` decoded `TrainProgress` events."""

    def forward(event: ProgressEvent) -> None:
        callback(decode(event))

    return forward


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"
