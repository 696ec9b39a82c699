"""What a batch job runs, as plain data: the task and its options (`TaskRecipe`), turned into a `TaskSpec` on
whatever machine holds the engine — this process, or each actor of a cluster job (a recipe pickles; a TaskSpec,
holding loaded models, does not).

Also the `embed` task: each document's sentence vector (SimBERT's pooled output, unit length), and `write_npy`,
which turns a finished JSONL of vectors into a ``.npy`` matrix beside its ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.documents import Document
from zoo_desktop.errors import UsageError
from zoo_desktop.tasks.batch import TaskSpec, classify_task, summarize_task

__all__ = ["TASKS", "TaskRecipe", "build_job", "build_task", "embed_task", "write_npy", "ids_path"]

TASKS = ("summarize", "classify", "embed")
NO_MODEL = ("extractive",)  # model ids that need no installed model


@dataclass(frozen=True)
class TaskRecipe:
    task: str
    model_id: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # summarize: decode, max_input, max_chars

    def resolved(self, spec: TaskSpec) -> "TaskRecipe":
        """The recipe with the model its spec chose (a default resolved once, here, for every node)."""
        return replace(self, model_id=spec.settings["model_id"])

    @property
    def needs_model(self) -> bool:
        return self.model_id is not None and self.model_id not in NO_MODEL


def build_task(recipe: TaskRecipe, engine) -> TaskSpec:
    if recipe.task == "summarize":
        return summarize_task(engine, model_id=recipe.model_id, **recipe.options)
    if recipe.task == "classify":
        return classify_task(engine, recipe.model_id)
    if recipe.task == "embed":
        return embed_task(engine, recipe.model_id)
    raise UsageError(f"unknown task {recipe.task!r}; choose one of {', '.join(TASKS)}")


def build_job(recipe: TaskRecipe, engine, items, output, *, fmt: str, ignored: Sequence[str] = (), cluster: str | None = None,
              token_file: Path | None = None, threads: int = 1, device: str = "auto", stall_seconds: float | None = None):
    """The batch job for `recipe`: in this process, or with `cluster` (an address: HOST:PORT or local[:N]) a
    ClusterBatchJob (zoo_desktop.cluster, imported only then) with `threads` CPUs per actor on `device`."""
    from zoo_desktop.tasks.batch import BatchJob

    spec = build_task(recipe, engine)
    if not cluster:
        return BatchJob(items, output, fmt=fmt, ignored=ignored, **spec.job_kwargs())
    from zoo_desktop.cluster.address import ClusterAddress
    from zoo_desktop.cluster.job import ClusterBatchJob

    extra = {} if stall_seconds is None else {"stall_seconds": stall_seconds}
    return ClusterBatchJob(items, output, fmt=fmt, spec=spec, recipe=recipe, store=engine.store, address=ClusterAddress.parse(cluster),
                           token_file=token_file, threads=threads, device=device, ignored=ignored, **extra)


def embed_task(engine, model_id: str | None = None) -> TaskSpec:
    """One sentence vector per document (the whole text, cut to the model's input length), as a list of floats."""
    from zoo_desktop.tasks.embed import open_encoder

    encoder = open_encoder(engine, model_id)

    def many(documents: Sequence[Document], cancel: CancelToken | None) -> list[dict[str, Any] | Exception]:
        vectors = encoder.encode([d.text for d in documents], cancel=cancel)
        return [{"model": encoder.model_id, "dim": encoder.dim, "vector": v.tolist()} for v in vectors]

    def process(document: Document, cancel: CancelToken | None) -> dict[str, Any]:
        return many([document], cancel)[0]

    return TaskSpec(process, {"task": "embed", "model_id": encoder.model_id}, ("model", "dim", "vector"), "vector",
                    process_many=many, batch_size=32)


def ids_path(npy: Path) -> Path:
    return npy.with_suffix(".ids.txt")


def write_npy(jsonl: Path, npy: Path, order: Sequence[str] | None = None) -> tuple[Path, int]:
    """Write the vectors of a batch job's JSONL output as a float32 matrix ``npy`` and the source of each row,
    one per line, to ``<npy stem>.ids.txt`` (rows in `order` of sources when given, else file order)."""
    import numpy as np

    rows: dict[str, list[float]] = {}
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                rows[record["source"]] = record["vector"]
    sources = [s for s in order if s in rows] if order is not None else list(rows)
    dim = len(next(iter(rows.values()))) if rows else 0
    matrix = np.array([rows[s] for s in sources], dtype=np.float32).reshape(len(sources), dim)
    tmp = npy.with_name(npy.name + ".part")
    with open(tmp, "wb") as fh:
        np.save(fh, matrix)
    tmp.replace(npy)
    ids = ids_path(npy)
    ids.write_text("".join(s + "\n" for s in sources), encoding="utf-8")
    return ids, len(sources)
