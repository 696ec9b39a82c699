"""Which installed model a task uses: the user's choice, checked, or the best converted one.

Tasks and what a usable model must have (graph names from docs/graphs.md):

* ``summarize``: ``t5_encoder`` + ``t5_decoder_step`` (T5 PEGASUS). Default: the largest converted one,
  else the built-in extractive summarizer (``EXTRACTIVE``). ``LEAD`` (the first sentences) is accepted
  for comparisons.
* ``embed`` (sentence vectors, similarity, search): ``encoder`` with a ``pooled`` output (SimBERT).
* ``paraphrase``: that, plus ``unilm_source`` + ``unilm_step`` (SimBERT).
* ``classify``: a ``classifier`` graph (a fine-tuned model; labels in the manifest's ``labels`` key).

Among usable models, one fine-tuned for the task (its manifest's ``task`` key, written by `zoo train`)
comes first, then the largest: the catalog card's parameter count, or an estimate from the config.
"""

from __future__ import annotations

from dataclasses import dataclass

from zoo_desktop.errors import ModelNotFound, UsageError
from zoo_desktop.store.store import InstalledModel, ModelStore

__all__ = [
    "EXTRACTIVE",
    "LEAD",
    "BUILTIN_SUMMARIZERS",
    "TASKS",
    "NoModelForTask",
    "ModelChoice",
    "usable_models",
    "default_model",
    "resolve_model",
    "parameter_estimate",
    "missing_reason",
]

EXTRACTIVE = "extractive"
LEAD = "lead"
BUILTIN_SUMMARIZERS = (EXTRACTIVE, LEAD)

_REQUIRED_GRAPHS: dict[str, tuple[str, ...]] = {
    "summarize": ("t5_encoder", "t5_decoder_step"),
    "embed": ("encoder",),
    "paraphrase": ("encoder", "unilm_source", "unilm_step"),
    "classify": ("classifier",),
}
TASKS = tuple(_REQUIRED_GRAPHS)

_WHAT = {
    "summarize": "T5 PEGASUS",
    "embed": "SimBERT",
    "paraphrase": "SimBERT",
    "classify": "fine-tuned classifier",
}


class NoModelForTask(ModelNotFound):
    """No installed, converted model can do this task (exit code 3, like a missing model)."""


@dataclass(frozen=True)
class ModelChoice:
    model_id: str  # an installed model id, or "extractive" / "lead" for summarize
    builtin: bool  # True for the model-free summarizers
    reason: str  # "requested" or "default"


def parameter_estimate(model: InstalledModel) -> int:
    if model.card is not None and model.card.parameters:
        return int(model.card.parameters)
    cfg = model.manifest.config or {}
    h = int(cfg.get("hidden_size", 0) or 0)
    layers = int(cfg.get("num_hidden_layers", 0) or 0)
    inter = int(cfg.get("intermediate_size", 4 * h) or 4 * h)
    vocab = int(cfg.get("vocab_size", 0) or 0)
    per_layer = 4 * h * h + 2 * h * inter
    sides = 2 if model.family == "t5" else 1
    return sides * layers * per_layer + vocab * h


def _has_pooled(model: InstalledModel) -> bool:
    info = (model.manifest.conversion or {}).get("graphs", {}).get("encoder", {})
    outputs = info.get("outputs")
    if outputs is None:  # older manifests do not list outputs; the runner checks the graph itself
        return model.family == "simbert"
    return any(o.get("name") == "pooled" for o in outputs)


def missing_reason(model: InstalledModel, task: str) -> str | None:
    """Why `model` cannot do `task` (None when it can)."""
    if task not in _REQUIRED_GRAPHS:
        raise ValueError(f"unknown task {task!r}")
    if model.state == "broken":
        return f"model {model.id!r} is broken (files missing or changed); re-import it"
    conversion = model.manifest.conversion
    if not conversion:
        return f"model {model.id!r} has not been converted to ONNX yet; run `zoo models convert {model.id}`"
    graphs = conversion.get("graphs", {})
    lacking = [g for g in _REQUIRED_GRAPHS[task] if g not in graphs]
    if lacking:
        return f"model {model.id!r} ({model.family}) cannot {task}: it has no {', '.join(lacking)} graph; use a {_WHAT[task]} model"
    if task in ("embed", "paraphrase") and not _has_pooled(model):
        return f"model {model.id!r} ({model.family}) gives no sentence vectors (no pooled output); use a SimBERT model"
    return None


def usable_models(store: ModelStore, task: str) -> list[InstalledModel]:
    """Installed models that can do `task`, best first: fine-tuned for the task (manifest ``task``) first,
    then the largest, then by id."""
    models = [m for m in store.list() if missing_reason(m, task) is None]
    return sorted(models, key=lambda m: (m.manifest.extra.get("task") != task, -parameter_estimate(m), m.id))


def default_model(store: ModelStore, task: str) -> str | None:
    """The id the task uses when the user names none: the best usable model; for summarize, the
    extractive summarizer when no T5 PEGASUS is converted; None when nothing can do the task."""
    models = usable_models(store, task)
    if models:
        return models[0].id
    return EXTRACTIVE if task == "summarize" else None


def resolve_model(store: ModelStore, task: str, requested: str | None = None) -> ModelChoice:
    """The user's `-m ID` checked against the task, or the default. Raises a `ZooError` with advice."""
    if requested:
        if task == "summarize" and requested in BUILTIN_SUMMARIZERS:
            return ModelChoice(requested, True, "requested")
        model = store.get(requested)  # ModelNotFound (exit 3)
        why = missing_reason(model, task)
        if why is not None:
            if not model.manifest.conversion:
                from zoo_desktop.engine.runtime import ModelNotConverted

                raise ModelNotConverted(why, model_id=requested)
            raise UsageError(why, reason="wrong_task", model_id=requested, task=task)
        return ModelChoice(requested, False, "requested")
    chosen = default_model(store, task)
    if chosen is None:
        raise NoModelForTask(
            f"no converted {_WHAT[task]} model is installed for {task}; import one (`zoo models import`) "
            "and convert it (`zoo models convert ID`), then try again"
            + (" or name one with -m ID" if task == "classify" else ""),
            task=task,
        )
    return ModelChoice(chosen, chosen in BUILTIN_SUMMARIZERS, "default")
