"""Evaluating summarizers and classifiers on a labelled TSV file.

Summaries are scored exactly as T5 PEGASUS's finetune.py scores titles (`evaluation.metrics`:
character-level ROUGE-1/2/L F and smoothed BLEU, means in %, blank predictions counting 0). A T5 PEGASUS
model generates as finetune.py does: the source cut to `source_maxlen` tokens (256), beam search
(`beam_size`, 1 by default) over at most `target_maxlen` output tokens (32). The model-free "extractive"
and "lead" summarizers get a length budget in characters (`max_chars`; by default the mean length of
the references evaluated, the same budget for both, as docs/benchmarks.md does).

Data: one example per line, two tab-separated columns. The column order is `order`: "source-target"
(the CSL files under ../shared/data: abstract, title), "target-source" (finetune.py's own files: title,
content), or "auto" (the column with the shorter mean length is the target).

Classification data: ``text<TAB>label`` (the label in the last column). A label is matched to the model's
label names, or read as a 0-based index into them when it is an integer that is not itself a name.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.documents import decode_text
from zoo_desktop.engine.runtime import Engine
from zoo_desktop.errors import UsageError
from zoo_desktop.evaluation.metrics import ClassificationReport, GenerationScores, classification_report, evaluate_generation
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.tasks.model_choice import EXTRACTIVE, LEAD

__all__ = [
    "SummaryEvaluation",
    "ClassifyEvaluation",
    "read_tsv",
    "load_summary_pairs",
    "load_labelled",
    "evaluate_summarizer",
    "evaluate_classifier",
    "predict_summaries",
]

ORDERS = ("auto", "source-target", "target-source")


def read_tsv(path: str | Path, limit: int | None = None) -> list[list[str]]:
    """Rows of a tab-separated file (any common encoding); blank lines skipped."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"the data file {path} does not exist", reason="not_found", path=str(path)) from None
    except OSError as exc:
        raise UsageError(f"cannot read the data file {path}: {exc.strerror or exc}") from exc
    text = decode_text(data, path.name).text
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        rows.append(line.split("\t"))
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        raise UsageError(f"the data file {path} holds no examples")
    return rows


def load_summary_pairs(path: str | Path, *, limit: int | None = None, order: str = "auto") -> tuple[list[tuple[str, str]], str]:
    """(source, target) pairs and the column order used."""
    if order not in ORDERS:
        raise UsageError(f"unknown column order {order!r}; choose one of {', '.join(ORDERS)}")
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1")
    rows = read_tsv(path, limit)
    for i, row in enumerate(rows, 1):
        if len(row) != 2:
            raise UsageError(f"{path}: line {i} has {len(row)} columns; expected 2 (separated by a tab)")
    if order == "auto":
        first = sum(len(r[0]) for r in rows)
        second = sum(len(r[1]) for r in rows)
        order = "target-source" if first < second else "source-target"
    pairs = [(r[0], r[1]) if order == "source-target" else (r[1], r[0]) for r in rows]
    return pairs, order


def load_labelled(path: str | Path, *, limit: int | None = None) -> list[tuple[str, str]]:
    """(text, label) pairs: the first column and the last."""
    rows = read_tsv(path, limit)
    out = []
    for i, row in enumerate(rows, 1):
        if len(row) < 2:
            raise UsageError(f"{path}: line {i} has no label column (expected text<TAB>label)")
        out.append((row[0], row[-1].strip()))
    return out


@dataclass
class SummaryEvaluation:
    model_id: str
    method: str
    scores: GenerationScores
    seconds: float
    options: dict[str, Any] = field(default_factory=dict)
    predictions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "method": self.method,
            "count": self.scores.count,
            **{k: round(v, 4) for k, v in self.scores.as_dict().items()},
            "seconds": round(self.seconds, 3),
            "options": self.options,
        }


def predict_summaries(
    engine: Engine | None,
    model_id: str,
    sources: Sequence[str],
    *,
    beam_size: int = 1,
    source_maxlen: int = 256,
    target_maxlen: int = 32,
    max_chars: int = 32,
    batch_size: int | None = None,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> list[str]:
    """One summary per source, as finetune.py's `AutoTitle.generate` (or the model-free summarizers)."""
    from zoo_desktop.summarize import lead_baseline, summarize_extractive

    total = len(sources)
    out: list[str] = []
    if model_id in (EXTRACTIVE, LEAD):
        fn = lead_baseline if model_id == LEAD else summarize_extractive
        for i, text in enumerate(sources):
            if cancel is not None:
                cancel.raise_if_cancelled()
            out.append(fn(text, max_chars=max_chars).text)
            progress(ProgressEvent("evaluate", (i + 1) / total, f"{i + 1}/{total}"))
        return out
    if engine is None:
        raise ValueError("an engine is needed for model summaries")
    from zoo_desktop.tasks.summarize import DecodeOptions, T5Generator

    gen = T5Generator(engine.runtime(model_id))
    options = DecodeOptions(beam_size=beam_size, max_len=target_maxlen)
    done = 0

    def on_batch(indices: list[int]) -> None:
        nonlocal done
        done += len(indices)
        progress(ProgressEvent("evaluate", done / total, f"{done}/{total}"))

    # decoded together, longest first (engine.batching); each id sequence is what the document gives alone
    generated = gen.generate([gen.encode(t, source_maxlen) for t in sources], options, on_batch=on_batch, batch_size=batch_size, cancel=cancel)
    return [gen.decode(ids) for ids in generated]


def evaluate_summarizer(
    engine: Engine | None,
    model_id: str,
    pairs: Sequence[tuple[str, str]],
    *,
    beam_size: int = 1,
    source_maxlen: int = 256,
    target_maxlen: int = 32,
    max_chars: int | None = None,
    batch_size: int = 8,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> SummaryEvaluation:
    if not pairs:
        raise UsageError("nothing to evaluate: no examples")
    builtin = model_id in (EXTRACTIVE, LEAD)
    if max_chars is None:
        max_chars = max(1, round(sum(len(t) for _, t in pairs) / len(pairs)))
    started = time.perf_counter()
    predictions = predict_summaries(
        engine,
        model_id,
        [s for s, _ in pairs],
        beam_size=beam_size,
        source_maxlen=source_maxlen,
        target_maxlen=target_maxlen,
        max_chars=max_chars,
        batch_size=batch_size,
        progress=progress,
        cancel=cancel,
    )
    seconds = time.perf_counter() - started
    scores = evaluate_generation(predictions, [t for _, t in pairs])
    options: dict[str, Any] = {"max_chars": max_chars} if builtin else {"beam_size": beam_size, "source_maxlen": source_maxlen, "target_maxlen": target_maxlen}
    return SummaryEvaluation(model_id, "extractive" if builtin else "abstractive", scores, seconds, options, predictions)


@dataclass
class ClassifyEvaluation:
    model_id: str
    report: ClassificationReport
    count: int
    seconds: float
    labels: list[str]

    def to_json(self) -> dict[str, Any]:
        r = self.report
        return {
            "model": self.model_id,
            "count": self.count,
            "accuracy": r.accuracy,
            "macro_precision": r.macro_precision,
            "macro_recall": r.macro_recall,
            "macro_f1": r.macro_f1,
            "per_class": {
                str(label): {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
                for label, c in r.per_class.items()
            },
            "seconds": round(self.seconds, 3),
        }


def _label_namer(names: Sequence[str]):
    known = set(names)

    def name(label: str) -> str:
        if label in known:
            return label
        if label.lstrip("-").isdigit() and 0 <= int(label) < len(names):
            return names[int(label)]
        return label  # a label the model does not know: always wrong, still reported

    return name


def evaluate_classifier(
    engine: Engine,
    model_id: str,
    rows: Sequence[tuple[str, str]],
    *,
    batch_size: int = 32,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> ClassifyEvaluation:
    from zoo_desktop.tasks.classify import Classifier

    if not rows:
        raise UsageError("nothing to evaluate: no examples")
    clf = Classifier(engine.runtime(model_id), batch_size=batch_size)
    started = time.perf_counter()
    probs = clf.predict_proba([t for t, _ in rows], progress=progress, cancel=cancel)
    seconds = time.perf_counter() - started
    names = clf.label_names(probs.shape[1])
    predictions = clf.predictions(probs)
    namer = _label_namer(names)
    y_true = [namer(label) for _, label in rows]
    y_pred = [p.label for p in predictions]
    labels = list(dict.fromkeys([*names, *y_true]))
    report = classification_report(y_true, y_pred, labels=labels)
    return ClassifyEvaluation(model_id, report, len(rows), seconds, list(names))
