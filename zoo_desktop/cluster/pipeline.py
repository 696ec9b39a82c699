"""The Ray Data pipeline of a cluster job, and how big its actor pool is.

    from_items(index, path) -> map_batches(read_window, num_cpus=0, on the driver's node: `reader`)
        -> map_batches(DocumentWorker, compute=ActorPoolStrategy(size=N), num_cpus=threads, num_gpus=0|1)
        -> rows streamed to the driver

The driver passes only the file list; the files are read a window at a time by tasks on the driver's own node
(so its memory never holds the corpus) and the driver writes the output itself. The read tasks ask for no CPU,
so a pool that takes every CPU cannot starve them (the deadlock of Ray issue 44687); a few run at once (one per actor, 2 to 8). Still, when the cluster
has CPUs to spare, one CPU is left out of the pool for Ray's own work. Rows come back in the order they finish (`preserve_order` off, so one slow batch does
not hold the others); the job puts the output in input order at the end. A watchdog fails the job when no row
has come back for `stall_seconds` (a pool that cannot be placed, a hung node), and a cancel stops it.
"""

from __future__ import annotations

import logging
import math
import queue
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cluster.reader import read_window
from zoo_desktop.cluster.row_stream import RowStream
from zoo_desktop.cluster.session import ClusterInfo
from zoo_desktop.cluster.shipping import ModelShipment
from zoo_desktop.cluster.worker import DocumentWorker
from zoo_desktop.errors import ClusterError
from zoo_desktop.tasks.batch_recipe import TaskRecipe

DEFAULT_STALL_SECONDS = 600.0
# Read tasks at once: one per actor, at least 2, at most 8. They ask for no CPU, so without a cap Ray Data
# starts one worker process per pending window at once (dozens of Python processes on the driver's machine).
MIN_READ_TASKS, MAX_READ_TASKS = 2, 8


@dataclass(frozen=True)
class ActorPlan:
    actors: int
    cpus: int  # per actor = its onnxruntime intra-op threads
    gpus: int  # per actor: 0 or 1
    batch_size: int

    def describe(self) -> str:
        return f"{self.actors} actors x {self.cpus} CPU" + (f" + {self.gpus} GPU" if self.gpus else "") + f", batches of {self.batch_size}"


def plan_actors(info: ClusterInfo, *, threads: int, device: str, batch_size: int, max_actors: int | None = None) -> ActorPlan:
    """How many actors fit: per node, whole actors of `threads` CPUs (and one GPU each when GPUs are used);
    one CPU left free when that still leaves an actor. Raises ClusterError when no node can hold one."""
    want_gpu = device.startswith("gpu") or (device == "auto" and info.gpus >= 1)
    if device.startswith("gpu") and info.gpus < 1:
        raise ClusterError(f"the cluster at {info.address} has no node with a GPU ({len(info.nodes)} nodes); use --device cpu",
                           reason="no_gpu", address=info.address)
    per_node = []
    for node in info.nodes:
        n = int(node.cpus // threads)
        if want_gpu:
            n = min(n, int(node.gpus))
        per_node.append(n)
    actors = sum(per_node)
    if actors == 0:
        most = max((n.cpus for n in info.nodes), default=0)
        what = f"{threads} CPUs" + (" and a GPU" if want_gpu else "")
        raise ClusterError(f"no node of the cluster at {info.address} has {what} for one worker (the largest has {most:g} CPUs); "
                           "lower --threads or add a bigger node", reason="no_resources", address=info.address, expected=what,
                           found=f"{most:g}")
    if actors > 1 and info.cpus - actors * threads < 1:
        actors -= 1
    if max_actors is not None:
        actors = max(1, min(actors, max_actors))
    return ActorPlan(actors, threads, 1 if want_gpu else 0, batch_size)


@dataclass(frozen=True)
class WorkerResult:
    index: int
    record: dict[str, Any] | None
    error: str | None
    node: str
    seconds: float


def run_pipeline(rows: list[dict[str, Any]], *, recipe: TaskRecipe, shipment: ModelShipment | None, plan: ActorPlan,
                 device: str, cancel: CancelToken | None = None, stall_seconds: float = DEFAULT_STALL_SECONDS,
                 crash_marker: str | None = None, delay: float = 0.0, window: int | None = None) -> Iterator[WorkerResult]:
    """Results of `rows` ({index, path}) as they finish; `window`: documents per read task (default: one actor
    batch; `reader` says why)."""
    import json

    import ray
    import ray.data
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    logging.getLogger("ray.data").setLevel(logging.WARNING)  # its per-dataset INFO lines would cut the progress line
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = False
    context.execution_no_progress_timeout_s = stall_seconds
    window = max(1, window or plan.batch_size)
    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    blocks = max(1, math.ceil(len(rows) / window))
    # no more actors or readers than there are windows: a small job (or the rest of a resumed one) loads no idle model
    actors = min(plan.actors, blocks)
    readers = min(blocks, max(MIN_READ_TASKS, min(MAX_READ_TASKS, actors)))
    with warnings.catch_warnings():  # scheduling_strategy has no named parameter yet (Ray 2.60 warns of its kwargs)
        warnings.simplefilter("ignore", DeprecationWarning)
        reading = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            read_window, batch_size=window, batch_format="numpy", num_cpus=0, scheduling_strategy=here,
            compute=ray.data.TaskPoolStrategy(size=readers))
    dataset = reading.map_batches(
        DocumentWorker,
        fn_constructor_kwargs={"recipe": recipe, "shipment": shipment, "threads": plan.cpus,
                               "device": "gpu" if plan.gpus else device, "crash_marker": crash_marker, "delay": delay},
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=plan.cpus,
        num_gpus=plan.gpus,
        batch_size=plan.batch_size,
        batch_format="numpy",
    )
    stream = RowStream(dataset)
    try:
        last = time.monotonic()
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            try:
                row = stream.next_row(timeout=0.5)
            except queue.Empty:
                if time.monotonic() - last > stall_seconds:
                    raise ClusterError(f"the cluster job made no progress for {stall_seconds:g} s ({plan.describe()}); "
                                       "check that its nodes are alive and have the resources asked for",
                                       reason="stalled", expected=f"{stall_seconds:g}") from None
                continue
            except Exception as exc:
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ClusterError(f"the cluster job failed: {detail}", reason="job_failed", detail=detail) from exc
            if row is None:
                return
            last = time.monotonic()
            record = row["record"]
            yield WorkerResult(int(row["index"]), json.loads(record) if record else None, row["error"] or None, str(row["node"]), float(row["seconds"]))
    finally:
        stream.close()
