"""What the Batch page runs on worker threads: checking an output's journal, and running a batch job
(`zoo_desktop.tasks.batch`) with the task the page chose. Plain data in and out; no Qt."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.progress import ProgressCallback, ProgressEvent

SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "txt": ""}  # txt output is a folder


@dataclass(frozen=True)
class BatchRequest:
    inputs: tuple[str, ...]  # files and folders
    output: str
    fmt: str  # one of tasks.batch.FORMATS
    task: str  # "summarize" or "classify"
    model_id: str | None = None  # summarize: a T5 PEGASUS id or "extractive"; classify: a classifier id
    max_chars: int = 120  # extractive summary length
    max_len: int = 32  # T5 PEGASUS summary length in tokens
    beam_size: int = 1
    max_input: int = 512
    restart: bool = True  # False: resume the run the output's journal records
    batch_size: int | None = None  # documents decoded together (None: automatic); not journaled, any value resumes
    cluster: str | None = None  # run on a Ray cluster: HOST:PORT or local[:N] (None: in this process); any value resumes
    token_file: str | None = None  # the cluster's token (None: Ray's defaults)
    threads: int = 1  # on a cluster: CPUs (onnxruntime threads) per worker
    device: str = "auto"  # on a cluster: auto, cpu or gpu


@dataclass(frozen=True)
class ItemRow:
    """One finished item as the page's table shows it."""

    source: str
    name: str
    status: str  # "done", "failed" or "resumed"
    result: str  # the summary or label ("" for resumed items), or the error
    seconds: float


@dataclass(frozen=True)
class JournalState:
    """What an output's journal says about the run that wrote it."""

    output: str
    complete: bool
    done: int
    failed: int
    fmt: str
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def unfinished(self) -> bool:
        return not self.complete


def output_with_format(path: str, fmt: str) -> str:
    """`path` with the suffix of `fmt` in place of a known one (txt output is a folder: no suffix)."""
    if not path:
        return path
    p = Path(path)
    stem = p.with_suffix("") if p.suffix.lower() in (".jsonl", ".csv", ".json", ".ndjson") else p
    return str(stem) + SUFFIXES[fmt]


def journal_state(output: str) -> JournalState | None:
    """The state of the run recorded next to `output`, or None when there is no journal."""
    from zoo_desktop.tasks.batch import journal_path, read_journal

    if not output:
        return None
    header, entries = read_journal(journal_path(Path(output).expanduser().resolve()))
    if header is None:
        return None
    done = {e["source"] for e in entries if e.get("status") == "done"}
    failed = {e["source"] for e in entries if e.get("status") == "failed"} - done
    return JournalState(
        output=output,
        complete=any(e.get("complete") for e in entries),
        done=len(done),
        failed=len(failed),
        fmt=str(header.get("format", "")),
        settings=dict(header.get("settings") or {}),
    )


def request_from_journal(state: JournalState, inputs: tuple[str, ...]) -> BatchRequest:
    """A request that resumes the journaled run: its task, model and options, the page's inputs."""
    s = state.settings
    decode = s.get("decode") or {}
    return BatchRequest(
        inputs=inputs,
        output=state.output,
        fmt=state.fmt,
        task=str(s.get("task", "summarize")),
        model_id=s.get("model_id"),
        max_chars=int(s.get("max_chars", 120)),
        max_len=int(decode.get("max_len", 32)),
        beam_size=int(decode.get("beam_size", 1)),
        max_input=int(s.get("max_input", 512)),
        restart=False,
    )


def item_row(outcome) -> ItemRow:
    """A `tasks.batch.ItemOutcome` for the table."""
    record = outcome.record or {}
    if outcome.status == "failed":
        result = outcome.error or ""
    elif "summary" in record:
        result = str(record["summary"])
    elif "label" in record:
        result = f"{record['label']} ({float(record.get('probability', 0.0)):.3f})"
    else:
        result = ""
    return ItemRow(str(outcome.item.path), outcome.item.name, outcome.status, result, round(outcome.seconds, 3))


def task_recipe(request: BatchRequest):
    """The request's task and options as a `TaskRecipe` (what a cluster's actors rebuild the task from)."""
    from zoo_desktop.tasks.batch_recipe import TaskRecipe

    if request.task == "summarize":
        from zoo_desktop.tasks.summarize import DecodeOptions

        decode = DecodeOptions(beam_size=request.beam_size, max_len=request.max_len)
        options = {"decode": decode, "max_input": request.max_input, "max_chars": request.max_chars, "batch_size": request.batch_size}
        return TaskRecipe("summarize", request.model_id, options)
    if request.task == "classify":
        return TaskRecipe("classify", request.model_id)
    raise ValueError(f"unknown batch task {request.task!r}")


def run_batch(
    engine_factory: Callable[[], Any],
    request: BatchRequest,
    on_item: Callable[[ItemRow], None],
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
    on_status: Callable[[Any], None] | None = None,
):
    """Run the batch, in this process or (`request.cluster`) on a Ray cluster through the same ClusterBatchJob as
    `zoo batch --cluster`; `on_item` gets each finished item, `progress` "batch" events (done = items finished
    or failed, total = items), `on_status` each `tasks.batch.BatchProgress` (rate, ETA, per-node counts).
    Returns the service's BatchReport."""
    from zoo_desktop.errors import UsageError
    from zoo_desktop.tasks.batch import expand_inputs
    from zoo_desktop.tasks.batch_recipe import build_job

    progress(ProgressEvent("list", None, "listing files"))  # its own stage: the first "batch" event is never dropped
    items, ignored = expand_inputs(request.inputs)
    if not items:
        raise UsageError(
            "no documents found in the chosen files and folders"
            + (f" ({len(ignored)} files of unsupported types ignored)" if ignored else "")
        )
    cancel.raise_if_cancelled()
    token = Path(request.token_file).expanduser() if request.cluster and request.token_file else None
    job = build_job(task_recipe(request), engine_factory(), items, Path(os.fspath(request.output)), fmt=request.fmt, ignored=ignored,
                    cluster=request.cluster, token_file=token, threads=max(1, request.threads), device=request.device)

    def tell(p) -> None:
        progress(ProgressEvent("batch", p.fraction, p.current or "", done=p.done + p.failed, total=p.total))
        if on_status is not None:
            on_status(p)

    return job.run(restart=request.restart, progress=tell, on_item=lambda outcome: on_item(item_row(outcome)), cancel=cancel)
