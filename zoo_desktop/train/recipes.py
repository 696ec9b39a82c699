"""Hyper-parameters of the zoo's fine-tuning scripts, as defaults that the command line can override.

* `ClassifyRecipe`: the zoo's `task_sentiment.py` (and `task_iflytek.py`): [CLS] -> Dense softmax,
  bert4keras `Adam` extended with `extend_with_piecewise_linear_lr`, learning rate 1e-4 with the schedule
  {1000: 1, 2000: 0.1} (linear warm-up from 0 over 1000 steps, down to 10% at step 2000, then flat),
  sparse categorical cross-entropy, max length 128, batch 32, 10 epochs, best epoch by validation accuracy.
* `SummarizeRecipe`: T5 PEGASUS's `finetune.py`: `model='mt5.1.1'`, the masked `CrossEntropy` loss layer,
  bert4keras `Adam(2e-4)`, source 256 / target 32 tokens, batch 16, 40 epochs, greedy decoding
  (`beam_search(topk=1)`) for the validation ROUGE/BLEU each epoch, best epoch by BLEU as finetune.py keeps it.

Both take a learning-rate `schedule` (SCHEDULES): "recipe" (the script's own: the piecewise schedule above for
classification, a constant rate for summarization), "constant", or "linear" (linear warm-up from 0 over
`warmup_steps`, then linear decay to 0 at the last step of the last epoch); and a `seed` for the weights'
initialisation, dropout and the order of the examples.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from zoo_desktop.errors import UsageError


def parse_schedule(text: str) -> dict[int, float]:
    """'1000:1,2000:0.1' -> {1000: 1.0, 2000: 0.1} (steps: learning-rate multiplier)."""
    schedule: dict[int, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            step, value = part.split(":")
            schedule[int(step)] = float(value)
        except ValueError:
            raise UsageError(f"bad learning-rate schedule entry {part!r}: write STEP:MULTIPLIER pairs, e.g. 1000:1,2000:0.1") from None
    if not schedule or any(s < 0 for s in schedule) or any(v < 0 for v in schedule.values()):
        raise UsageError(f"bad learning-rate schedule {text!r}")
    return schedule


SCHEDULES = ("recipe", "constant", "linear")


def resolve_schedule(schedule: str, recipe_schedule: dict[int, float] | None, warmup_steps: int,
                     total_steps: int) -> dict[int, float] | None:
    """The piecewise-linear multipliers (step: multiplier, bert4keras's `lr_schedule`) for a run of
    `total_steps` optimizer steps, or None for a constant learning rate."""
    if schedule == "recipe":
        return dict(recipe_schedule) if recipe_schedule else None
    if schedule == "constant":
        return None
    if schedule == "linear":
        end = max(int(total_steps), 1)
        warmup = min(max(int(warmup_steps), 0), end - 1)
        return {warmup: 1.0, end: 0.0} if warmup > 0 else {0: 1.0, end: 0.0}
    raise UsageError(f"unknown learning-rate schedule {schedule!r}; choose one of {', '.join(SCHEDULES)}")


def _check_schedule(schedule: str, warmup_steps: int) -> None:
    if schedule not in SCHEDULES:
        raise UsageError(f"unknown learning-rate schedule {schedule!r}; choose one of {', '.join(SCHEDULES)}")
    if warmup_steps < 0:
        raise UsageError(f"warmup_steps must be 0 or more, not {warmup_steps}")


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise UsageError(f"{name} must be positive, not {value}")


@dataclass
class ClassifyRecipe:
    maxlen: int = 128
    batch_size: int = 32
    epochs: int = 10
    learning_rate: float = 1e-4
    lr_schedule: dict[int, float] = field(default_factory=lambda: {1000: 1.0, 2000: 0.1})
    seed: int = 42
    schedule: str = "recipe"  # "recipe" uses lr_schedule
    warmup_steps: int = 0  # for "linear"

    def check(self) -> "ClassifyRecipe":
        for name in ("maxlen", "batch_size", "epochs", "learning_rate"):
            _positive(name, getattr(self, name))
        _check_schedule(self.schedule, self.warmup_steps)
        if self.maxlen < 3:
            raise UsageError("maxlen must leave room for [CLS] text [SEP] (at least 3)")
        return self

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["lr_schedule"] = {str(k): v for k, v in sorted(self.lr_schedule.items())}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ClassifyRecipe":
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        if "lr_schedule" in kw:
            kw["lr_schedule"] = {int(k): float(v) for k, v in kw["lr_schedule"].items()}
        return cls(**kw)


@dataclass
class SummarizeRecipe:
    max_source: int = 256
    max_target: int = 32
    batch_size: int = 16
    epochs: int = 40
    learning_rate: float = 2e-4
    seed: int = 42
    valid_limit: int | None = None  # evaluate on the first N validation pairs (None: all, as finetune.py)
    schedule: str = "recipe"  # finetune.py's constant rate
    warmup_steps: int = 0  # for "linear"

    def check(self) -> "SummarizeRecipe":
        for name in ("max_source", "max_target", "batch_size", "epochs", "learning_rate"):
            _positive(name, getattr(self, name))
        _check_schedule(self.schedule, self.warmup_steps)
        if self.max_target < 3 or self.max_source < 3:
            raise UsageError("source and target lengths must leave room for [CLS] ... [SEP] (at least 3)")
        if self.valid_limit is not None:
            _positive("valid_limit", self.valid_limit)
        return self

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "SummarizeRecipe":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
