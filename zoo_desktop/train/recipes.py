"""Hyper-parameters of the zoo's fine-tuning scripts, as defaults that the command line can override.

* `ClassifyRecipe`: the zoo's `task_sentiment.py` (and `task_iflytek.py`): [CLS] -> Dense softmax,
  bert4keras `Adam` extended with `extend_with_piecewise_linear_lr`, learning rate 1e-4 with the schedule
  {1000: 1, 2000: 0.1} (linear warm-up from 0 over 1000 steps, down to 10% at step 2000, then flat),
  sparse categorical cross-entropy, max length 128, batch 32, 10 epochs, best epoch by validation accuracy.
* `SummarizeRecipe`: T5 PEGASUS's `finetune.py`: `model='mt5.1.1'`, the masked `CrossEntropy` loss layer,
  bert4keras `Adam(2e-4)`, source 256 / target 32 tokens, batch 16, 40 epochs, greedy decoding
  (`beam_search(topk=1)`) for the validation ROUGE/BLEU each epoch, best epoch by BLEU as finetune.py keeps it.
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

    def check(self) -> "ClassifyRecipe":
        for name in ("maxlen", "batch_size", "epochs", "learning_rate"):
            _positive(name, getattr(self, name))
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

    def check(self) -> "SummarizeRecipe":
        for name in ("max_source", "max_target", "batch_size", "epochs", "learning_rate"):
            _positive(name, getattr(self, name))
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
