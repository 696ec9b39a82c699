"""Fine-tuning and fine-tuned imports, parent side: check the data, run the training child, install the model.

Never imports TensorFlow. The order of work:

1. everything a user can get wrong is checked before any child starts: the new id (valid, not installed),
   the base (installed, converted or not, of the right family), the data files (`train.data`), the converter
   environment;
2. the run folder `<ZOO_HOME>/training/<new id>/` receives `request.json` and the tokenized data (written
   in `<id>.tmp` and renamed). A run folder left by an interrupted run of the same request (same base,
   data files, columns and hyper-parameters; the number of epochs may differ) is resumed from its last
   epoch checkpoint; a different request there is refused unless `restart` discards it;
3. the child (`zoo_desktop.train.child`, in its own process group: cancel kills it) trains, exports and
   checks parity, reporting `TrainProgress` events;
4. the parent assembles the model folder in the store's staging area — the fine-tuned release under
   `checkpoint/`, the graphs under `onnx-<stamp>/`, `manifest.json` — and commits it with one rename under
   the new id's lock, then deletes the run folder. A failure or cancel before that leaves the store as it
   was (and the run folder for a resume).

The manifest of a fine-tuned model: `family` and `config` of the base, `task` ("classify" or
"summarize"), `base` (the base model id, or the folder an import came from), for classifiers `labels`
(names in class-id order), `conversion` (graphs, parity, versions: as a conversion records them) and
`training` (recipe, data summary, per-epoch history, best epoch, metrics, device, time).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.convert.child_process import ChildCommand, run_child
from zoo_desktop.convert.environment import ConverterEnvironment
from zoo_desktop.errors import InvalidSource, UsageError
from zoo_desktop.progress import ProgressCallback, ignore_progress
from zoo_desktop.store.manifest import Manifest, now_iso, record_files, write_manifest
from zoo_desktop.store.store import InstalledModel, ModelExists, ModelStore, validate_model_id
from zoo_desktop.train import data as train_data
from zoo_desktop.train.progress import TrainProgress, decoding
from zoo_desktop.train.recipes import ClassifyRecipe, SummarizeRecipe

log = logging.getLogger(__name__)

CHILD_MODULE = "zoo_desktop.train.child"
BERT_FAMILIES = ("bert", "roberta", "roberta-plus", "simbert", "wobert")
REQUEST_FILE = "request.json"


@dataclass
class ClassifyRequest:
    base: str
    train: Path
    valid: Path
    out: str
    test: Path | None = None
    recipe: ClassifyRecipe = field(default_factory=ClassifyRecipe)
    text_column: int | str = 0
    label_column: int | str = 1
    label_names: list[str] | None = None
    delimiter: str | None = None
    header: bool | None = None
    restart: bool = False
    threads: int | None = None


@dataclass
class SummarizeRequest:
    base: str
    train: Path
    valid: Path
    out: str
    recipe: SummarizeRecipe = field(default_factory=SummarizeRecipe)
    source_column: int | str = 0
    target_column: int | str = 1
    delimiter: str | None = None
    header: bool | None = None
    restart: bool = False
    threads: int | None = None
    t5_parity: dict[str, Any] = field(default_factory=dict)  # keyword arguments of parity_t5.check_release


@dataclass
class ImportFinetunedRequest:
    base: str  # an installed model id, or a release folder
    weights: Path  # best_model.weights (Keras HDF5 of the whole fine-tuning model)
    out: str
    task: str | None = None  # "classify" | "summarize"; None: summarize for a T5 base, else classify
    num_labels: int | None = None
    labels: list[str] | None = None
    threads: int | None = None
    t5_parity: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainingOutcome:
    model: InstalledModel
    result: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        keep = ("task", "metrics", "best_epoch", "epochs_done", "history", "resumed_from_epoch", "device",
                "train_seconds", "seconds", "parity")
        return {"id": self.model.id, "state": self.model.state, **{k: self.result[k] for k in keep if k in self.result}}


def training_root(store: ModelStore) -> Path:
    return store.paths.home / "training"


def run_folder(store: ModelStore, model_id: str) -> Path:
    return training_root(store) / validate_model_id(model_id)


# --- checks -------------------------------------------------------------------------------------------------

def _check_new_id(store: ModelStore, model_id: str) -> None:
    validate_model_id(model_id)
    if store.is_installed(model_id):
        raise ModelExists(f"model {model_id!r} is already installed; choose another id or remove it first "
                          f"(`zoo models remove {model_id}`)", model_id=model_id)


def _base_release(model: InstalledModel) -> dict[str, Any]:
    manifest = model.manifest
    prefix = manifest.extra.get("checkpoint")
    if not prefix:
        raise UsageError(f"model {model.id!r} holds no checkpoint (it was installed from a package without one); "
                         "import the release itself to fine-tune it")
    config_name = "config.json" if manifest.architecture == "mt5.1.1" else "bert_config.json"
    config = model.checkpoint_dir / config_name
    if not config.is_file():
        found = [p for p in model.checkpoint_dir.glob("*.json")]
        if not found:
            raise UsageError(f"model {model.id!r} has no config file in {model.checkpoint_dir}")
        config = found[0]
    ckpt = model.folder / prefix
    if not ckpt.with_name(ckpt.name + ".index").is_file():
        raise UsageError(f"the checkpoint of model {model.id!r} is missing ({prefix}.index); re-import the model")
    return {"config": str(config), "checkpoint": str(ckpt), "vocab": str(model.vocab_path),
            "architecture": manifest.architecture, "family": manifest.family}


def _base_model(store: ModelStore, base_id: str, families: tuple[str, ...], task: str) -> InstalledModel:
    model = store.get(base_id)
    if model.state == "broken":
        raise UsageError(f"model {base_id!r} is broken (files missing or changed); re-import it before fine-tuning it")
    if model.family not in families:
        raise UsageError(f"{task} fine-tuning needs a {' or '.join(families)} base model; {base_id!r} is {model.family}")
    if model.manifest.extra.get("task"):
        log.info("fine-tuning %s, itself fine-tuned for %s", base_id, model.manifest.extra["task"])
    return model


def _fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _prepare_run(store: ModelStore, model_id: str, fingerprint: str, restart: bool, write) -> tuple[Path, bool]:
    """The run folder for `fingerprint`: reused when it holds the same request, else made fresh by `write(tmp)`."""
    folder = run_folder(store, model_id)
    if folder.is_dir():
        try:
            previous = json.loads((folder / REQUEST_FILE).read_text(encoding="utf-8")).get("fingerprint")
        except (OSError, ValueError):
            previous = None
        if previous == fingerprint and not restart:
            return folder, True
        if previous is not None and previous != fingerprint and not restart:
            raise UsageError(
                f"an interrupted training run for {model_id!r} with other settings or data is kept in {folder}; "
                "run again with the same settings to resume it, or add --restart to discard it"
            )
        shutil.rmtree(folder)
    store.paths.ensure(training_root(store))
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        write(tmp)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder, False


def _tokenizer(store: ModelStore, vocab: Path, family: str):
    from zoo_desktop.tokenizer import Tokenizer

    return Tokenizer.for_family(vocab, family, cache_dir=store.paths.cache / "jieba")


def _run(store: ModelStore, run_dir: Path, environment: ConverterEnvironment, progress: ProgressCallback,
         cancel: CancelToken | None, what: str) -> dict[str, Any]:
    python = environment.python()
    command = ChildCommand(python=python, module=CHILD_MODULE, args=["--run-dir", str(run_dir)],
                           env=environment.child_env())
    progress(TrainProgress("start", None, f"starting the training process ({python})"))
    result = run_child(command, progress=decoding(progress), cancel=cancel, what=what)
    if cancel is not None:
        cancel.raise_if_cancelled()
    return result


# --- installing ---------------------------------------------------------------------------------------------

def _install(store: ModelStore, model_id: str, export: Path, result: dict[str, Any], *, family: str,
             architecture: str, source: dict[str, Any], extra: dict[str, Any], seconds: float) -> InstalledModel:
    from zoo_desktop.checkpoint.release import inspect_release

    graphs = result.get("graphs") or {}
    for name, info in graphs.items():
        if not (export / "onnx" / info["file"]).is_file():
            raise UsageError(f"the training process reported graph {name!r} but did not write {info['file']}")
    info = inspect_release(export / "checkpoint")  # the written release must import like any other
    with store.staging_area() as staging:
        model_dir = staging / "model"
        model_dir.mkdir()
        os.replace(export / "checkpoint", model_dir / "checkpoint")
        dir_name = "onnx-" + time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        os.replace(export / "onnx", model_dir / dir_name)
        rel = [p.relative_to(model_dir).as_posix() for p in sorted(model_dir.rglob("*")) if p.is_file()]
        conversion = {
            "dir": dir_name,
            "precision": "fp32",
            "graphs": {name: {**g, "file": f"{dir_name}/{g['file']}"} for name, g in graphs.items()},
            "parity": result.get("parity", {}),
            "agreement": {},
            "versions": result.get("versions", {}),
            "seconds": round(seconds, 2),
            "peak_rss_mb": result.get("peak_rss_mb"),
            "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        manifest = Manifest(
            id=model_id,
            family=family,
            architecture=architecture,
            config=info.config,
            card=None,
            source=source,
            files=record_files(model_dir, rel),
            state="converted",
            vocab=f"checkpoint/{info.vocab_file.name}",
            conversion=conversion,
            extra={"vocab_size": info.vocab_size, "checkpoint": f"checkpoint/{info.checkpoint_prefix.name}", **extra},
        )
        write_manifest(model_dir, manifest)
        return store.commit(model_dir, model_id)


def _training_record(result: dict[str, Any], recipe: dict[str, Any], data_summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "recipe": recipe,
        "data": data_summary,
        "metrics": result.get("metrics", {}),
        "best_epoch": result.get("best_epoch"),
        "epochs_done": result.get("epochs_done"),
        "history": result.get("history", []),
        "global_step": result.get("global_step"),
        "starts": result.get("starts"),
        "device": result.get("device"),
        "train_seconds": result.get("train_seconds"),
        "trained_at": now_iso(),
    }


def _begin(store: ModelStore, request, families: tuple[str, ...], what: str, progress: ProgressCallback):
    """Checks every fine-tuning does before reading data: (start time, checked recipe, base model, its release)."""
    started = time.time()
    recipe = request.recipe.check()
    _check_new_id(store, request.out)
    base = _base_model(store, request.base, families, what)
    release = _base_release(base)
    progress(TrainProgress("prepare", None, "reading and checking the data"))
    return started, recipe, base, release


def _train_and_install(store: ModelStore, request, fingerprint: str, write, environment: ConverterEnvironment,
                       progress: ProgressCallback, cancel: CancelToken | None, *, update: dict[str, Any], summary: str,
                       install: Callable[[dict[str, Any]], dict[str, Any]]) -> TrainingOutcome:
    """Prepare (or resume) the run folder, train in the child, install the export; the caller holds the id's lock."""
    run_dir, resuming = _prepare_run(store, request.out, fingerprint, request.restart, write)
    _update_request(run_dir, **update)
    progress(TrainProgress("prepare", 1.0, "resuming the interrupted run" if resuming else summary))
    result = _run(store, run_dir, environment, progress, cancel, "training")
    model = _install(store, request.out, run_dir / "export", result, **install(result))
    shutil.rmtree(run_dir, ignore_errors=True)
    progress(TrainProgress("install", 1.0, f"installed {model.id}"))
    return TrainingOutcome(model, result)


# --- public API ---------------------------------------------------------------------------------------------

def train_classifier(
    store: ModelStore,
    request: ClassifyRequest,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    environment: ConverterEnvironment | None = None,
) -> TrainingOutcome:
    """`zoo train classify`: fine-tune task_sentiment.py's classifier and install it as `request.out`."""
    started, recipe, base, release = _begin(store, request, BERT_FAMILIES, "classification", progress)
    data = train_data.load_classification(
        request.train, request.valid, request.test, text_column=request.text_column,
        label_column=request.label_column, label_names=request.label_names, delimiter=request.delimiter,
        header=request.header)
    environment = environment or ConverterEnvironment(store.paths)
    environment.python()  # fail now, not after tokenizing, when TensorFlow is missing
    recipe_json = recipe.to_json()
    fingerprint = _fingerprint({
        "task": "classify", "base": base.id, "base_files": base.manifest.files,
        "recipe": {k: v for k, v in recipe_json.items() if k != "epochs"},
        "data": {k: v["sha256"] for k, v in data.files.items()}, "labels": data.labels,
        "columns": [str(request.text_column), str(request.label_column), request.delimiter, request.header],
    })
    with store.lock(request.out):
        _check_new_id(store, request.out)

        def write(folder: Path) -> None:
            progress(TrainProgress("prepare", 0.0, f"tokenizing {sum(len(getattr(data, s) or []) for s in ('train', 'valid', 'test'))} texts"))
            arrays = train_data.tokenize_classification(data, _tokenizer(store, base.vocab_path, base.family), recipe.maxlen)
            np.savez(folder / "data.npz", **arrays)
            (folder / REQUEST_FILE).write_text(json.dumps({
                "task": "classify", "fingerprint": fingerprint, "base": release, "labels": data.labels,
            }, ensure_ascii=False, indent=1), encoding="utf-8")

        return _train_and_install(
            store, request, fingerprint, write, environment, progress, cancel,
            update={"recipe": recipe_json, "threads": request.threads},
            summary=f"{len(data.train)} training / {len(data.valid)} validation examples, {data.num_labels} classes",
            install=lambda result: dict(
                family=base.family, architecture=base.manifest.architecture,
                source={"kind": "fine-tuned", "base": base.id, "task": "classify"},
                extra={"task": "classify", "base": base.id, "labels": data.labels,
                       "training": _training_record(result, recipe_json, data.summary())},
                seconds=time.time() - started))


def train_summarizer(
    store: ModelStore,
    request: SummarizeRequest,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    environment: ConverterEnvironment | None = None,
) -> TrainingOutcome:
    """`zoo train summarize`: fine-tune T5 PEGASUS as finetune.py does and install it as `request.out`."""
    started, recipe, base, release = _begin(store, request, ("t5",), "summarization", progress)
    data = train_data.load_pairs(request.train, request.valid, source_column=request.source_column,
                                 target_column=request.target_column, delimiter=request.delimiter, header=request.header)
    environment = environment or ConverterEnvironment(store.paths)
    environment.python()
    recipe_json = recipe.to_json()
    fingerprint = _fingerprint({
        "task": "summarize", "base": base.id, "base_files": base.manifest.files,
        "recipe": {k: v for k, v in recipe_json.items() if k not in ("epochs", "valid_limit")},
        "data": {k: v["sha256"] for k, v in data.files.items()},
        "columns": [str(request.source_column), str(request.target_column), request.delimiter, request.header],
    })
    with store.lock(request.out):
        _check_new_id(store, request.out)

        def write(folder: Path) -> None:
            progress(TrainProgress("prepare", 0.0, f"tokenizing {len(data.train) + len(data.valid)} pairs"))
            arrays = train_data.tokenize_pairs(data, _tokenizer(store, base.vocab_path, "t5"),
                                               recipe.max_source, recipe.max_target)
            np.savez(folder / "data.npz", **arrays)
            (folder / "valid_targets.json").write_text(json.dumps(data.valid.targets, ensure_ascii=False), encoding="utf-8")
            (folder / REQUEST_FILE).write_text(json.dumps({
                "task": "summarize", "fingerprint": fingerprint, "base": release,
            }, ensure_ascii=False, indent=1), encoding="utf-8")

        return _train_and_install(
            store, request, fingerprint, write, environment, progress, cancel,
            update={"recipe": recipe_json, "threads": request.threads, "t5_parity": request.t5_parity},
            summary=f"{len(data.train)} training / {len(data.valid)} validation pairs",
            install=lambda result: dict(
                family="t5", architecture="mt5.1.1",
                source={"kind": "fine-tuned", "base": base.id, "task": "summarize"},
                extra={"task": "summarize", "base": base.id,
                       "training": _training_record(result, recipe_json, data.summary())},
                seconds=time.time() - started))


def _update_request(run_dir: Path, **values: Any) -> None:
    """Settings that may change between a run and its resume (epochs, threads) are rewritten every start."""
    path = run_dir / REQUEST_FILE
    request = json.loads(path.read_text(encoding="utf-8"))
    request.update(values)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(request, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _resolve_import_base(store: ModelStore, base: str) -> tuple[dict[str, Any], str, str, str]:
    """(release paths, family, architecture, base label) of an installed model id or a release folder."""
    path = Path(base).expanduser()
    looks_like_path = os.sep in base or "/" in base or path.is_dir()
    if not looks_like_path:
        try:
            model = store.get(base)
        except Exception:
            model = None
        if model is not None:
            if model.state == "broken":
                raise UsageError(f"model {base!r} is broken (files missing or changed); re-import it first")
            return _base_release(model), model.family, model.manifest.architecture, model.id
    if not path.is_dir():
        raise InvalidSource(f"the base {base!r} is neither an installed model id nor a release folder")
    from zoo_desktop.checkpoint.release import inspect_release

    info = inspect_release(path)
    release = {"config": str(info.config_file), "checkpoint": str(info.checkpoint_prefix), "vocab": str(info.vocab_file),
               "architecture": info.architecture, "family": info.family}
    return release, info.family, info.architecture, str(info.folder.resolve())


def import_finetuned(
    store: ModelStore,
    request: ImportFinetunedRequest,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    environment: ConverterEnvironment | None = None,
) -> TrainingOutcome:
    """`zoo train import`: a `best_model.weights` saved by task_sentiment.py / task_iflytek.py (classifier) or
    T5 PEGASUS's finetune.py, on the base release it was trained from, converted with parity and installed."""
    started = time.time()
    _check_new_id(store, request.out)
    release, family, architecture, base_label = _resolve_import_base(store, request.base)
    weights = Path(request.weights).expanduser()
    if not weights.is_file():
        raise InvalidSource(f"{weights} does not exist" if not weights.exists() else f"{weights} is not a file")
    task = request.task or ("summarize" if family == "t5" else "classify")
    if task not in ("classify", "summarize"):
        raise UsageError(f"unknown task {task!r}; choose classify or summarize")
    if task == "summarize" and family != "t5":
        raise UsageError(f"summarization weights need a T5 PEGASUS base; {base_label} is {family}")
    if task == "classify" and family not in BERT_FAMILIES:
        raise UsageError(f"classifier weights need a BERT-family base; {base_label} is {family}")
    labels = [str(n).strip() for n in request.labels] if request.labels else None
    num_labels = request.num_labels
    if labels is not None:
        if num_labels is not None and num_labels != len(labels):
            raise UsageError(f"{len(labels)} label names for {num_labels} classes")
        if any(not n for n in labels) or len(set(labels)) != len(labels):
            raise UsageError("label names must be non-empty and distinct")
        num_labels = len(labels)
    if num_labels is not None and num_labels < 2:
        raise UsageError("a classifier needs at least 2 classes")
    environment = environment or ConverterEnvironment(store.paths)
    environment.python()
    from zoo_desktop.store.hashing import sha256_file

    weights_sha = sha256_file(weights, cancel)
    with store.lock(request.out), store.staging_area() as staging:
        _check_new_id(store, request.out)
        run_dir = staging / "run"
        run_dir.mkdir()
        (run_dir / REQUEST_FILE).write_text(json.dumps({
            "task": "import", "kind": task, "base": {**release, "family": family}, "weights": str(weights.resolve()),
            "num_labels": num_labels, "labels": labels, "threads": request.threads, "t5_parity": request.t5_parity,
        }, ensure_ascii=False, indent=1), encoding="utf-8")
        result = _run(store, run_dir, environment, progress, cancel, "import")
        extra: dict[str, Any] = {"task": task, "base": base_label,
                                 "fine_tuned_weights": {"file": weights.name, "sha256": weights_sha}}
        if task == "classify":
            extra["labels"] = result["labels"]
        model = _install(
            store, request.out, run_dir / "export", result, family=family, architecture=architecture,
            source={"kind": "fine-tuned-import", "base": base_label, "weights": str(weights.resolve()),
                    "weights_sha256": weights_sha, "task": task},
            extra=extra, seconds=time.time() - started)
    progress(TrainProgress("install", 1.0, f"installed {model.id}"))
    return TrainingOutcome(model, result)
