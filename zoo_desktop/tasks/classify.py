"""Text classification with a fine-tuned model: labels with probabilities, top-k, batches.

The contract with fine-tuning (docs/graphs.md conventions): the installed model's conversion has a graph
named ``classifier`` with inputs ``input_ids``, ``segment_ids``, ``attention_mask`` [B, S] (int64; right
padded with [PAD] = 0, mask 1 keep / 0 pad) and output ``probabilities`` [B, num_labels]; the manifest's
``labels`` key lists the label names in output order (without it, labels are "0", "1", ...). An optional
``max_len`` manifest key gives the input length used in training (default 512, never above the model's
position table). Text pairs (`second`) are encoded as ``[CLS] a [SEP] b [SEP]`` with segment ids 0/1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.runtime import Engine, ModelRuntime
from zoo_desktop.errors import UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.tasks._batching import DEFAULT_BATCH_SIZE, DEFAULT_MAX_TOKENS, length_buckets, model_max_len, pad_rows

__all__ = ["Prediction", "Classifier", "open_classifier", "read_csv_column"]

GRAPH = "classifier"
OUTPUT = "probabilities"


@dataclass(frozen=True)
class Prediction:
    label: str  # the most probable label
    probability: float
    top: list[tuple[str, float]]  # the k best (label, probability), best first

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "probability": self.probability, "top": [{"label": l, "probability": p} for l, p in self.top]}


class Classifier:
    def __init__(self, runtime: ModelRuntime, *, max_len: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE, max_tokens: int = DEFAULT_MAX_TOKENS) -> None:
        self.runtime = runtime
        extra = runtime.model.manifest.extra
        self.max_len = model_max_len(runtime, max_len if max_len is not None else extra.get("max_len"))
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.session = runtime.session(GRAPH)
        names = [o.name for o in self.session.get_outputs()]
        if OUTPUT not in names:
            raise UsageError(f"model {runtime.model.id!r}: its classifier graph has no {OUTPUT!r} output (it has {', '.join(names)})")
        self._inputs = {i.name for i in self.session.get_inputs()}
        labels = extra.get("labels")
        self.labels: list[str] | None = [str(l) for l in labels] if labels else None

    @property
    def model_id(self) -> str:
        return self.runtime.model.id

    def label_names(self, n: int) -> list[str]:
        if self.labels is None:
            return [str(i) for i in range(n)]
        if len(self.labels) != n:
            raise UsageError(f"model {self.model_id!r} lists {len(self.labels)} labels but its classifier gives {n} probabilities",
                             reason="label_count", model_id=self.model_id, expected=len(self.labels), found=n)
        return self.labels

    def predict_proba(
        self,
        texts: Sequence[str],
        seconds: Sequence[str] | None = None,
        *,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> np.ndarray:
        """[len(texts), num_labels] probabilities, in input order."""
        tok = self.runtime.tokenizer
        if seconds is not None and len(seconds) != len(texts):
            raise ValueError("texts and seconds differ in length")
        encoded = [tok.encode(t, seconds[i] if seconds is not None else None, maxlen=self.max_len) for i, t in enumerate(texts)]
        result: np.ndarray | None = None
        done = 0
        for batch in length_buckets([len(ids) for ids, _ in encoded], self.batch_size, self.max_tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            feeds = pad_rows([encoded[i][0] for i in batch], [encoded[i][1] for i in batch])
            feeds = {k: v for k, v in feeds.items() if k in self._inputs}
            (probs,) = self.session.run([OUTPUT], feeds)
            if result is None:
                result = np.zeros((len(texts), probs.shape[1]), dtype=np.float32)
            result[batch] = probs
            done += len(batch)
            progress(ProgressEvent("classify", done / len(texts), f"{done}/{len(texts)} texts"))
        if result is None:
            return np.zeros((0, len(self.labels or ())), dtype=np.float32)
        return result

    def classify(
        self,
        texts: Sequence[str],
        *,
        top_k: int = 1,
        seconds: Sequence[str] | None = None,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> list[Prediction]:
        if top_k < 1:
            raise UsageError("top-k must be at least 1")
        probs = self.predict_proba(texts, seconds, progress=progress, cancel=cancel)
        return self.predictions(probs, top_k)

    def predictions(self, probs: np.ndarray, top_k: int = 1) -> list[Prediction]:
        """Labels of each row of `probs` ([N, num_labels]), with the `top_k` best."""
        if not len(probs):
            return []
        names = self.label_names(probs.shape[1])
        out = []
        for row in probs:
            order = np.argsort(-row.astype(np.float64), kind="stable")[:top_k]
            top = [(names[i], float(row[i])) for i in order]
            out.append(Prediction(top[0][0], top[0][1], top))
        return out


def open_classifier(engine: Engine, model_id: str | None = None, **kwargs: Any) -> Classifier:
    from zoo_desktop.tasks.model_choice import resolve_model

    choice = resolve_model(engine.store, "classify", model_id)
    return Classifier(engine.runtime(choice.model_id), **kwargs)


def read_csv_column(text: str, column: str | int) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """(header, rows as dicts, the column's texts) of CSV text; `column` is a header name or a 0-based index."""
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    if not header:
        raise UsageError("the CSV file is empty (no header row)", reason="empty_table")
    if isinstance(column, int) or (isinstance(column, str) and column.isdigit() and column not in header):
        idx = int(column)
        if not 0 <= idx < len(header):
            raise UsageError(f"the CSV file has {len(header)} columns; there is no column {idx}", reason="no_column", expected=idx, found=len(header))
        name = header[idx]
    else:
        name = column
        if name not in header:
            raise UsageError(f"the CSV file has no column {name!r} (columns: {', '.join(header)})", reason="no_column_named", expected=name, found=", ".join(header))
    rows = list(reader)
    return header, rows, [(r.get(name) or "") for r in rows]
