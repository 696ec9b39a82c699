"""A batch job run on a Ray cluster: the in-process job's journal, output formats and resume, with the
documents processed by the pipeline's actors (`pipeline.run_pipeline`) instead of this process.

The driver (this process) lists the pending files (their bytes are read a window at a time on this machine by
the pipeline's read step, never all at once), ships the model once, and writes and journals every row the
moment it comes back, exactly as the in-process job does, so the same command resumes either kind of run and
a killed driver loses only the batches in flight. Rows arrive in the order they finish; at the end the
output is put in input order (`order.put_in_input_order`), so it is the same file the in-process job writes.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cluster.address import ClusterAddress
from zoo_desktop.cluster.order import put_in_input_order
from zoo_desktop.cluster.pipeline import DEFAULT_STALL_SECONDS, plan_actors, run_pipeline
from zoo_desktop.cluster.reader import WINDOW_ENV
from zoo_desktop.cluster.session import ray_session
from zoo_desktop.cluster.shipping import ship_model
from zoo_desktop.cluster.worker import CRASH_ONCE_ENV, DELAY_ENV
from zoo_desktop.engine.batching import AUTO_MAX_DOCUMENTS
from zoo_desktop.errors import ZooError
from zoo_desktop.tasks.batch import BatchItem, BatchJob, BatchProgress, BatchReport, ItemOutcome, TaskSpec
from zoo_desktop.tasks.batch_recipe import TaskRecipe

log = logging.getLogger(__name__)


class RemoteFailure(ZooError):
    """A document that failed on a node (its message comes from there)."""


def actor_batch(spec: TaskSpec, recipe: TaskRecipe, threads: int) -> int:
    """Documents each actor call gets: the documents decoded together (`--batch-size`, the page's *Decode
    together*) for each actor thread; else the task's group (spec.batch_size) capped at one automatic decoding
    batch per actor thread (more per call decodes no faster: docs/benchmarks.md, Throughput round 3), so rows
    come back, are journaled and spread over the actors a batch at a time; at least 8."""
    threads = max(1, threads)
    asked = recipe.options.get("batch_size")
    if asked:
        return max(8, asked * threads)
    return max(8, min(spec.batch_size, AUTO_MAX_DOCUMENTS * threads))


def largest_first(items: Sequence[BatchItem]) -> list[int]:
    """Indices of `items`, the largest file first (ties in input order). Each actor call decodes its documents
    together, padded to the longest: sent in input order, a call of 8 CSL abstracts is padded to ~1.3x their
    mean length; sent by size (the driver only looks at the files' sizes) they come in similar lengths, as the
    in-process job's length-sorted batches do. The output is put in input order at the end anyway."""
    def size(item: BatchItem) -> int:
        try:
            return item.path.stat().st_size
        except OSError:  # unreadable: its row reports why, wherever it comes
            return 0

    sizes = [size(item) for item in items]
    return sorted(range(len(items)), key=lambda i: (-sizes[i], i))


class ClusterBatchJob(BatchJob):
    def __init__(self, items: Sequence[BatchItem], output, *, fmt: str, spec: TaskSpec, recipe: TaskRecipe, store,
                 address: ClusterAddress, token_file: Path | None = None, threads: int = 1, device: str = "auto",
                 batch_size: int | None = None, ignored: Sequence[str] = (), max_actors: int | None = None,
                 stall_seconds: float = DEFAULT_STALL_SECONDS) -> None:
        kwargs = spec.job_kwargs()
        kwargs["batch_size"] = batch_size or actor_batch(spec, recipe, threads)
        super().__init__(items, output, fmt=fmt, ignored=ignored, **kwargs)
        self.recipe = recipe.resolved(spec)
        self.store = store
        self.address = address
        self.token_file = token_file
        self.threads = threads
        self.device = device
        self.max_actors = max_actors
        self.stall_seconds = stall_seconds
        self.plan = None  # the ActorPlan, once connected

    def run(self, *, restart: bool = False, progress: Callable[[BatchProgress], None] | None = None,
            on_item: Callable[[ItemOutcome], None] | None = None, cancel: CancelToken | None = None) -> BatchReport:
        started = time.perf_counter()
        finished, _ = self._start(restart)
        report = BatchReport(total=len(self.items), ignored=self.ignored, output=str(self.output), journal=str(self.journal))
        todo = self._pending(finished, report, on_item)
        nodes: Counter[str] = Counter()
        processed = 0

        def tell(current: str | None) -> None:
            self._tell(progress, started, report, len(todo), processed, current, dict(nodes))

        def finish(item: BatchItem, result, seconds: float, node: str | None = None) -> None:
            nonlocal processed
            outcome = self._finish(item, result, seconds, report)
            processed += 1
            if node is not None:
                nodes[node[:8]] += 1
            if on_item is not None:
                on_item(outcome)
            tell(None if processed == len(todo) else "")

        tell("")
        rows = [{"index": index, "path": str(todo[index].path)} for index in largest_first(todo)]
        if rows:
            self._run_on_cluster(rows, todo, finish, cancel)
        if cancel is not None:
            cancel.raise_if_cancelled()
        if self.fmt != "txt":
            put_in_input_order(self.output, self.journal, [str(i.path) for i in self.items])
        self._note({"complete": True, "done": report.done, "failed": len(report.failed)})
        tell(None)
        report.seconds = time.perf_counter() - started
        return report

    def _run_on_cluster(self, rows, todo: list[BatchItem], finish, cancel: CancelToken | None) -> None:
        seen: set[int] = set()
        with ray_session(self.address, paths=self.store.paths, token_file=self.token_file) as info:
            self.plan = plan_actors(info, threads=self.threads, device=self.device, batch_size=self.batch_size,
                                    max_actors=self.max_actors)
            log.info("cluster job on %s: %d nodes, %s", info.address, len(info.nodes), self.plan.describe())
            with tempfile.TemporaryDirectory(prefix="zoo-ship-") as workdir:
                shipment = ship_model(self.store, self.recipe.model_id, Path(workdir)) if self.recipe.needs_model else None
            results = run_pipeline(rows, recipe=self.recipe, shipment=shipment, plan=self.plan, device=self.device,
                                   cancel=cancel, stall_seconds=self.stall_seconds,
                                   crash_marker=os.environ.get(CRASH_ONCE_ENV),
                                   delay=float(os.environ.get(DELAY_ENV, "0") or 0),
                                   window=int(os.environ.get(WINDOW_ENV) or 0) or None)
            # closed before the session's ray.shutdown(), whatever ends the loop: the pipeline's threads stop first
            with closing(results):
                for result in results:
                    if result.index in seen:  # a retried batch whose first answer got through: keep one
                        continue
                    seen.add(result.index)
                    outcome = result.record if result.record is not None else RemoteFailure(result.error or "failed on the cluster")
                    finish(todo[result.index], outcome, result.seconds, result.node)
