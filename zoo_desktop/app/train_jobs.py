"""What the Train page runs on worker threads, and the plain data it shows (no Qt).

The training itself is `zoo_desktop.train.runner` (a killable TensorFlow child, resumable from the last
epoch). This module adds what the page needs around it:

* `check_data`: the quick look at the chosen files (rows, classes and their counts) before a start;
* `holdout_split`: a validation set held out of the training file when the user gives none. The split
  is deterministic, so the files of a run started this way hash the same when it is resumed;
* the page's form, saved next to the split (`<cache>/train-page/<id>/form.json`) so that Resume can put
  back the files and settings of an interrupted run; `find_unfinished` reads such a run's state.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zoo_desktop.app.model_rows import ModelRow
from zoo_desktop.paths import ZooPaths

CLASSIFY = "classify"
SUMMARIZE = "summarize"
KINDS = (CLASSIFY, SUMMARIZE)
PRIMARY_METRIC = {CLASSIFY: "valid_accuracy", SUMMARIZE: "valid_bleu"}
HOLDOUT_FRACTION = 0.1
FORM_FILE = "form.json"


def base_families(kind: str) -> tuple[str, ...]:
    from zoo_desktop.train.runner import BERT_FAMILIES

    return BERT_FAMILIES if kind == CLASSIFY else ("t5",)


def base_models(rows: list[ModelRow], kind: str) -> list[ModelRow]:
    """Installed, intact models the service can fine-tune for `kind` (conversion is not needed):
    plain releases first, then models that were themselves fine-tuned, each by id."""
    families = base_families(kind)
    usable = [r for r in rows if r.installed and r.state != "broken" and r.family in families]
    return sorted(usable, key=lambda r: (r.tuned_for is not None, r.id))


# --- the form ---------------------------------------------------------------------------------------------

@dataclass
class TrainForm:
    kind: str
    base: str
    train: str
    valid: str | None  # None: hold out a part of the training file
    out: str
    recipe: dict[str, Any] = field(default_factory=dict)  # recipe fields (ClassifyRecipe / SummarizeRecipe JSON)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TrainForm":
        return cls(kind=data["kind"], base=data["base"], train=data["train"], valid=data.get("valid"),
                   out=data["out"], recipe=dict(data.get("recipe") or {}))


def page_folder(paths: ZooPaths, model_id: str) -> Path:
    return paths.cache / "train-page" / model_id


def save_form(paths: ZooPaths, form: TrainForm) -> Path:
    folder = page_folder(paths, form.out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FORM_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(form.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_form(paths: ZooPaths, model_id: str) -> TrainForm | None:
    try:
        return TrainForm.from_json(json.loads((page_folder(paths, model_id) / FORM_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard_page_files(paths: ZooPaths, model_id: str) -> None:
    shutil.rmtree(page_folder(paths, model_id), ignore_errors=True)


# --- data check -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataCheck:
    kind: str
    train_rows: int
    valid_rows: int | None  # None: no validation file (a part of the training file is held out)
    labels: list[str]  # classifier: class names in class-id order; [] for summarization
    train_counts: dict[str, int]
    valid_counts: dict[str, int]
    missing_in_valid: list[str]  # classes of the training file that the validation file lacks


def check_data(kind: str, train: str, valid: str | None) -> DataCheck:
    """Read and check the files as the service will; raises `TrainingDataError` with the file and line."""
    from zoo_desktop.train import data as train_data

    valid_path = Path(valid) if valid else Path(train)
    if kind == CLASSIFY:
        data = train_data.load_classification(Path(train), valid_path)
        train_counts = data.counts("train")
        valid_counts = data.counts("valid") if valid else {}
        missing = [name for name, n in valid_counts.items() if n == 0] if valid else []
        return DataCheck(kind, len(data.train), len(data.valid) if valid else None, list(data.labels),
                         train_counts, valid_counts, missing)
    pairs = train_data.load_pairs(Path(train), valid_path)
    return DataCheck(kind, len(pairs.train), len(pairs.valid) if valid else None, [], {}, {}, [])


# --- holding out a validation set -------------------------------------------------------------------------

def _clean(field_text: str) -> str:
    return field_text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _write_rows(path: Path, header: list[str] | None, rows: list[list[str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        if header is not None:
            writer.writerow([_clean(f) for f in header])
        writer.writerows([[_clean(f) for f in row] for row in rows])
    os.replace(tmp, path)


def holdout_split(kind: str, train: str, folder: Path, fraction: float = HOLDOUT_FRACTION, seed: int = 0) -> tuple[Path, Path]:
    """Write `folder/train.tsv` and `folder/valid.tsv`: about `fraction` of the rows held out for
    validation (per class for a classifier, so every held-out label is also trained on)."""
    import numpy as np

    from zoo_desktop.train import data as train_data

    # The loaders' own header rule (a private helper of the data module) keeps the header handling identical.
    detector = train_data._header_detector(0, 1, all_words=kind == SUMMARIZE)
    table = train_data.read_table(Path(train), looks_like_header=detector)
    if table.columns < 2:
        train_data._column(table, 1, "label" if kind == CLASSIFY else "target")  # raises the loaders' message
    rows = [fields for _, fields in table.rows]
    rng = np.random.default_rng(seed)
    if kind == CLASSIFY:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, fields in enumerate(rows):
            groups[fields[1].strip()].append(i)
        held: list[int] = []
        for label in sorted(groups):
            members = groups[label]
            take = int(len(members) * fraction)
            held.extend(rng.permutation(members)[:take].tolist())
        if not held:
            largest = max(sorted(groups), key=lambda k: len(groups[k]))
            if len(groups[largest]) >= 2:
                held = [int(rng.choice(groups[largest]))]
    else:
        take = int(len(rows) * fraction) if len(rows) >= 2 else 0
        held = rng.permutation(len(rows))[: max(take, 1 if len(rows) >= 2 else 0)].tolist()
    if not held:
        raise train_data.TrainingDataError(
            f"{Path(train).name} has too few examples to hold out a validation set; choose a validation file"
        )
    chosen = set(held)
    folder.mkdir(parents=True, exist_ok=True)
    train_out, valid_out = folder / "train.tsv", folder / "valid.tsv"
    _write_rows(train_out, table.header, [r for i, r in enumerate(rows) if i not in chosen])
    _write_rows(valid_out, table.header, [rows[i] for i in sorted(chosen)])
    return train_out, valid_out


# --- unfinished runs --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnfinishedRun:
    model_id: str
    kind: str
    base: str | None  # the base model id, when its checkpoint lies in this store
    epochs_done: int
    epochs: int | None
    recipe: dict[str, Any]
    history: list[dict[str, Any]]
    form: TrainForm | None  # what the page saved when it started the run (None for a `zoo train` run)


def find_unfinished(paths: ZooPaths, model_id: str) -> UnfinishedRun | None:
    """The interrupted run kept for `model_id` (`<home>/training/<id>/`), if any."""
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.train.loop import RunState
    from zoo_desktop.train.runner import REQUEST_FILE, run_folder

    try:
        folder = run_folder(ModelStore(paths), model_id)
    except Exception:  # not a valid id: nothing to resume
        return None
    try:
        request = json.loads((folder / REQUEST_FILE).read_text(encoding="utf-8"))
        state = RunState.load(folder)
    except (OSError, ValueError, TypeError):
        return None
    kind = request.get("task")
    if kind not in KINDS:
        return None
    base = None
    checkpoint = (request.get("base") or {}).get("checkpoint")
    if checkpoint:
        try:
            base = Path(checkpoint).resolve().relative_to(paths.models.resolve()).parts[0]
        except (ValueError, IndexError):
            base = None
    recipe = dict(request.get("recipe") or {})
    return UnfinishedRun(model_id, kind, base, state.epochs_done, recipe.get("epochs"), recipe, list(state.history),
                         load_form(paths, model_id))


# --- training ---------------------------------------------------------------------------------------------

def _recipe(kind: str, values: dict[str, Any]):
    from zoo_desktop.train.recipes import ClassifyRecipe, SummarizeRecipe

    cls = ClassifyRecipe if kind == CLASSIFY else SummarizeRecipe
    return cls.from_json(values)


def run_training(paths: ZooPaths, form: TrainForm, *, restart: bool = False, threads: int | None = None,
                 t5_parity: dict[str, Any] | None = None, progress=None, cancel=None):
    """Fine-tune as `form` says and install the model; returns the runner's `TrainingOutcome`.

    The form is saved first so that an interrupted run can be resumed from the page; the saved form and
    a held-out split are removed once the model is installed.
    """
    from zoo_desktop.progress import ignore_progress
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.train.runner import ClassifyRequest, SummarizeRequest, train_classifier, train_summarizer

    progress = progress or ignore_progress
    store = ModelStore(paths)
    if restart:
        discard_page_files(paths, form.out)
    save_form(paths, form)
    train, valid = Path(form.train), Path(form.valid) if form.valid else None
    if valid is None:
        train, valid = holdout_split(form.kind, form.train, page_folder(paths, form.out) / "split")
    recipe = _recipe(form.kind, form.recipe)
    if form.kind == CLASSIFY:
        request = ClassifyRequest(base=form.base, train=train, valid=valid, out=form.out, recipe=recipe,
                                  restart=restart, threads=threads)
        outcome = train_classifier(store, request, progress=progress, cancel=cancel)
    else:
        request = SummarizeRequest(base=form.base, train=train, valid=valid, out=form.out, recipe=recipe,
                                   restart=restart, threads=threads, t5_parity=dict(t5_parity or {}))
        outcome = train_summarizer(store, request, progress=progress, cancel=cancel)
    discard_page_files(paths, form.out)
    return outcome


@dataclass(frozen=True)
class TrainingSummary:
    model_id: str
    folder: str
    metric: str  # the metric the best epoch was chosen on
    value: float | None
    best_epoch: int | None
    epochs_done: int | None
    metrics: dict[str, float]


def summarize_outcome(kind: str, outcome) -> TrainingSummary:
    result = outcome.result
    metric = PRIMARY_METRIC[kind]
    metrics = dict(result.get("metrics") or {})
    return TrainingSummary(outcome.model.id, str(outcome.model.folder), metric, metrics.get(metric),
                           result.get("best_epoch"), result.get("epochs_done"), metrics)
