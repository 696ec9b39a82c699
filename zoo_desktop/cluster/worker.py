"""The Ray Data actor: one loaded model per actor, the task run on each batch of documents it is given.

A batch arrives as columns ``index``, ``path``, ``data`` (the file's bytes, read on the driver's machine by the
read step, `reader`: a node need not see the user's disk) and ``error`` (why a file could not be read); each document is decoded here with the project's loader (every encoding, .docx, .pdf,
.html) and the whole batch goes through `TaskSpec.run_many`. Each row comes back with its record as JSON, or
the reason it failed, and the node that did it. A bad document fails alone.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from zoo_desktop.cluster.shipping import ModelShipment, node_model_home
from zoo_desktop.tasks.batch_recipe import TaskRecipe

CRASH_ONCE_ENV = "ZOO_CLUSTER_TEST_CRASH_ONCE"  # tests: a marker file path; the first batch that finds it absent
# creates it and kills its actor process (Ray restarts the actor and retries the batch)
DELAY_ENV = "ZOO_CLUSTER_TEST_BATCH_DELAY"  # tests: seconds each batch waits, so a test can kill a driver mid-job


class DocumentWorker:
    def __init__(self, recipe: TaskRecipe, shipment: ModelShipment | None, threads: int, device: str,
                 crash_marker: str | None = None, delay: float = 0.0) -> None:
        import ray

        from zoo_desktop.engine.device import DeviceRequest
        from zoo_desktop.engine.runtime import Engine
        from zoo_desktop.store.store import ModelStore
        from zoo_desktop.tasks.batch_recipe import build_task

        paths = node_model_home(shipment)
        # intra-op threads = the CPUs Ray reserved for this actor (onnxruntime would take every core)
        self.engine = Engine(ModelStore(paths), device=DeviceRequest.parse(device), threads=threads)
        self.spec = build_task(recipe, self.engine)
        self.node = ray.get_runtime_context().get_node_id()
        self.crash_marker = crash_marker
        self.delay = delay

    def _maybe_crash(self) -> None:
        if self.crash_marker and not os.path.exists(self.crash_marker):
            Path(self.crash_marker).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        from zoo_desktop.documents import document_from_bytes

        self._maybe_crash()
        if self.delay:
            time.sleep(self.delay)
        started = time.perf_counter()
        documents, slots, results = [], [], [None] * len(batch["index"])
        for i, (path, data, unread) in enumerate(zip(batch["path"], batch["data"], batch["error"])):
            if unread:
                results[i] = RuntimeError(str(unread))
                continue
            try:
                documents.append(document_from_bytes(str(path), bytes(data)))
                slots.append(i)
            except Exception as exc:  # unreadable: reported in its row, the others go on
                results[i] = exc
        for i, result in zip(slots, self.spec.run_many(documents)):
            results[i] = result
        seconds = (time.perf_counter() - started) / max(1, len(results))
        return {
            "index": [int(i) for i in batch["index"]],
            "record": ["" if isinstance(r, Exception) else json.dumps(r, ensure_ascii=False) for r in results],
            "error": [(str(r) or type(r).__name__) if isinstance(r, Exception) else "" for r in results],
            "node": [self.node] * len(results),
            "seconds": [seconds] * len(results),
        }
