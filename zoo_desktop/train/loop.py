"""The epoch loop shared by the fine-tuning recipes: progress, per-epoch checkpoints, resume, best epoch.

Runs in the training child (imports TensorFlow). Files in the run folder:

* `state.json` — epochs done, optimizer steps, history (loss and validation metrics of each epoch), the
  best epoch and its score, and which checkpoint and best-weights files belong to that state. Written
  atomically, last, so a run killed at any moment resumes from the last complete epoch;
* `epoch-NNN/ckpt.*` — `tf.train.Checkpoint(model, optimizer)` after epoch NNN: every weight, the Adam
  moments and the step counter (so the learning-rate schedule resumes where it was);
* `best-NNN.h5` — the weights of the best epoch so far (Keras HDF5, like the zoo scripts'
  `best_model.weights`).

Files that no longer belong to the state (older checkpoints, an interrupted epoch's) are removed after
each state write.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zoo_desktop.convert.child_process import EventWriter
from zoo_desktop.train.progress import TrainProgress, encode, format_eta

STATE_FILE = "state.json"


@dataclass
class RunState:
    epochs_done: int = 0
    global_step: int = 0
    best_epoch: int | None = None
    best_score: float | None = None
    best_metrics: dict[str, float] = field(default_factory=dict)
    best_weights: str | None = None
    checkpoint: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    train_seconds: float = 0.0
    runs: int = 0  # how many times the child has started on this run folder
    resumed_from: int = 0  # epochs already done when the latest start began

    @classmethod
    def load(cls, run_dir: Path) -> "RunState":
        path = Path(run_dir) / STATE_FILE
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def save(self, run_dir: Path) -> None:
        path = Path(run_dir) / STATE_FILE
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


class Reporter:
    """Sends `TrainProgress` events through the child's EventWriter (train steps at most every `interval` s)."""

    def __init__(self, events: EventWriter, device: str, interval: float = 1.0) -> None:
        self.events = events
        self.device = device
        self.interval = interval
        self._last = 0.0

    def send(self, event: TrainProgress) -> None:
        self.events.progress(event.stage, event.fraction, encode(event))

    def say(self, stage: str, fraction: float | None, text: str, **fields: Any) -> None:
        self.send(TrainProgress(stage=stage, fraction=fraction, message=text, device=self.device, **fields))

    def due(self, last_of_epoch: bool) -> bool:
        now = time.monotonic()
        if last_of_epoch or now - self._last >= self.interval:
            self._last = now
            return True
        return False


def device_description() -> str:
    from zoo_desktop.train.keras_models import backend

    tf, _, _ = backend()
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        names = []
        for gpu in gpus:
            try:
                names.append(tf.config.experimental.get_device_details(gpu).get("device_name") or gpu.name)
            except Exception:
                names.append(gpu.name)
        return "GPU: " + ", ".join(names)
    threads = tf.config.threading.get_intra_op_parallelism_threads() or os.cpu_count()
    return f"CPU ({threads} threads)"


def _atomic_dir(target: Path, write: Callable[[Path], None]) -> None:
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    write(tmp)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def _sweep(run_dir: Path, state: RunState) -> None:
    keep = {state.checkpoint, state.best_weights, STATE_FILE}
    for path in run_dir.iterdir():
        if (path.name.startswith(("epoch-", "best-")) or path.name.endswith(".tmp")) and path.name not in keep:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


@dataclass
class Epochs:
    """What the loop needs from a recipe."""

    epochs: int
    steps_per_epoch: int
    batches: Callable[[int], Iterable[tuple[Any, Any]]]  # epoch (1-based) -> (x, y) batches
    evaluate: Callable[[int], tuple[float, dict[str, float]]]  # -> (score to maximise, metrics)
    metric_name: str  # what the score is, for messages ("valid accuracy", "valid BLEU")


def fit(run_dir: Path, model, optimizer, plan: Epochs, reporter: Reporter) -> RunState:
    """Train `model` (compiled with `optimizer`) for the remaining epochs of the run in `run_dir`."""
    from zoo_desktop.train.keras_models import backend

    tf, _, K = backend()
    run_dir = Path(run_dir)
    state = RunState.load(run_dir)
    state.runs += 1
    optimizer._create_all_weights(model.trainable_variables)  # so a restore fills every slot now, not later
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    state.resumed_from = state.epochs_done
    if state.checkpoint:
        checkpoint.read(str(run_dir / state.checkpoint / "ckpt")).assert_existing_objects_matched()
        restored = int(K.eval(optimizer.iterations))
        if restored != state.global_step:
            raise RuntimeError(f"the epoch checkpoint holds step {restored}, the run state says {state.global_step}")
        reporter.say("resume", state.epochs_done / plan.epochs,
                     f"resuming after epoch {state.epochs_done} (step {state.global_step}; best so far: epoch "
                     f"{state.best_epoch}, {plan.metric_name} {state.best_score:.4f})",
                     epoch=state.epochs_done, epochs=plan.epochs, global_step=state.global_step,
                     total_steps=plan.epochs * plan.steps_per_epoch, metrics=dict(state.best_metrics))
    total_steps = plan.epochs * plan.steps_per_epoch
    timed: list[float] = []  # step times of this start, without the first two (graph tracing)
    step_seconds: float | None = None
    eval_seconds: float | None = None
    steps_this_start = 0
    for epoch in range(state.epochs_done + 1, plan.epochs + 1):
        started = time.perf_counter()
        loss_sum, count = 0.0, 0
        for step, (x, y) in enumerate(plan.batches(epoch), start=1):
            t0 = time.perf_counter()
            out = model.train_on_batch(x, y)
            loss = float(out[0] if isinstance(out, (list, tuple)) else out)
            dt = time.perf_counter() - t0
            steps_this_start += 1
            if steps_this_start > 2:
                timed.append(dt)
                timed = timed[-200:]
            step_seconds = sum(timed) / len(timed) if timed else dt
            if not math.isfinite(loss):
                raise RuntimeError(f"the training loss became {loss} at epoch {epoch}, step {step}; "
                                   "try a smaller learning rate")
            loss_sum += loss
            count += 1
            state.global_step += 1
            if reporter.due(step == plan.steps_per_epoch):
                remaining = total_steps - ((epoch - 1) * plan.steps_per_epoch + step)
                eta = remaining * step_seconds + (plan.epochs - epoch + 1) * (eval_seconds or 0.0)
                fraction = ((epoch - 1) * plan.steps_per_epoch + step) / total_steps
                reporter.say("train", fraction,
                             f"epoch {epoch}/{plan.epochs} step {step}/{plan.steps_per_epoch} "
                             f"loss {loss_sum / count:.4f} ETA {format_eta(eta)}",
                             epoch=epoch, epochs=plan.epochs, step=step, steps=plan.steps_per_epoch,
                             global_step=state.global_step, total_steps=total_steps, loss=loss_sum / count,
                             eta_seconds=eta)
        train_time = time.perf_counter() - started
        reporter.say("evaluate", None, f"epoch {epoch}/{plan.epochs}: evaluating on the validation set",
                     epoch=epoch, epochs=plan.epochs)
        t0 = time.perf_counter()
        score, metrics = plan.evaluate(epoch)
        eval_seconds = time.perf_counter() - t0
        mean_loss = loss_sum / max(count, 1)
        improved = state.best_score is None or score > state.best_score
        if improved:
            name = f"best-{epoch:03d}.h5"
            tmp = run_dir / (name + ".tmp")
            model.save_weights(str(tmp), save_format="h5")
            os.replace(tmp, run_dir / name)
            state.best_epoch, state.best_score, state.best_metrics, state.best_weights = epoch, score, dict(metrics), name
        name = f"epoch-{epoch:03d}"
        _atomic_dir(run_dir / name, lambda d: checkpoint.write(str(d / "ckpt")))
        state.checkpoint = name
        state.epochs_done = epoch
        state.train_seconds += train_time + eval_seconds
        state.history.append({"epoch": epoch, "loss": mean_loss, "steps": count, **metrics,
                              "seconds": round(train_time + eval_seconds, 2)})
        state.save(run_dir)
        _sweep(run_dir, state)
        best = " (best so far)" if improved else f" (best: epoch {state.best_epoch}, {state.best_score:.4f})"
        metric_text = ", ".join(f"{k} {v:.4f}" for k, v in metrics.items())
        remaining = (plan.epochs - epoch) * (plan.steps_per_epoch * (step_seconds or 0.0) + eval_seconds)
        reporter.say("epoch", epoch / plan.epochs, f"epoch {epoch}/{plan.epochs}: loss {mean_loss:.4f}, {metric_text}{best}",
                     epoch=epoch, epochs=plan.epochs, step=count, steps=plan.steps_per_epoch,
                     global_step=state.global_step, total_steps=total_steps, loss=mean_loss, metrics=dict(metrics),
                     eta_seconds=remaining)
    return state
