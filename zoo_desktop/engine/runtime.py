"""Per-model onnxruntime sessions (created lazily, released on unload) and the model's tokenizer."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from zoo_desktop.engine.device import DeviceReport, DeviceRequest, create_session
from zoo_desktop.errors import UsageError
from zoo_desktop.store.store import InstalledModel, ModelStore

log = logging.getLogger(__name__)


class ModelNotConverted(UsageError):
    exit_code = 12


class ModelRuntime:
    def __init__(self, model: InstalledModel, *, device: DeviceRequest | None = None, threads: int | None = None, cache_dir: Path | None = None) -> None:
        if not model.manifest.conversion:
            raise ModelNotConverted(f"model {model.id!r} has not been converted to ONNX yet; run `zoo models convert {model.id}`", model_id=model.id)
        self.model = model
        self.device = device or DeviceRequest()
        self.threads = threads
        self._cache_dir = cache_dir
        self._sessions: dict[str, Any] = {}
        self._reports: dict[str, DeviceReport] = {}
        self._tokenizer = None
        self._lock = threading.Lock()

    @property
    def graphs(self) -> dict[str, Any]:
        return self.model.manifest.conversion["graphs"]

    def has_graph(self, name: str) -> bool:
        return name in self.graphs

    def graph_path(self, name: str) -> Path:
        try:
            return self.model.folder / self.graphs[name]["file"]
        except KeyError:
            raise UsageError(f"model {self.model.id!r} has no {name!r} graph (it has {', '.join(self.graphs)})") from None

    def session(self, name: str, threads: int | None = None):
        """The graph's session with the runtime's threads, or (`threads` given) a session of its own with that
        many intra-op threads (the single-threaded sessions that parallel decoding lanes share)."""
        key = name if threads is None else f"{name}@{threads}"
        with self._lock:
            if key not in self._sessions:
                session, report = create_session(str(self.graph_path(name)), self.device, threads=threads or self.threads)
                log.info("loaded %s/%s on %s%s", self.model.id, name, report.describe(), f" ({threads} threads)" if threads else "")
                self._sessions[key] = session
                self._reports[key] = report
            return self._sessions[key]

    def lanes(self) -> int:
        """How many batches may decode at once, each on one core: the CPU threads (1 on a GPU, which runs one
        batch at a time anyway). Two single-threaded batches keep two cores busier than one batch split over
        both: no per-kernel synchronisation, and one decodes while the other is in Python."""
        if self.device.kind == "gpu" or (self.device_report is not None and self.device_report.on_gpu):
            return 1
        return max(1, self.threads or os.cpu_count() or 1)

    @property
    def device_report(self) -> DeviceReport | None:
        """Where the loaded graphs run (None before the first graph is loaded)."""
        return next(iter(self._reports.values()), None)

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from zoo_desktop.tokenizer import Tokenizer

            self._tokenizer = Tokenizer.for_family(self.model.vocab_path, self.model.family, cache_dir=self._cache_dir)
        return self._tokenizer

    def unload(self) -> None:
        with self._lock:
            self._sessions.clear()
            self._reports.clear()


class Engine:
    """The runtimes of the models in use; created by the app or a command, never global."""

    def __init__(self, store: ModelStore, *, device: str | DeviceRequest = "auto", threads: int | None = None) -> None:
        self.store = store
        self.device = device if isinstance(device, DeviceRequest) else DeviceRequest.parse(device)
        self.threads = threads
        self._runtimes: dict[str, ModelRuntime] = {}
        self._lock = threading.Lock()

    def runtime(self, model_id: str) -> ModelRuntime:
        with self._lock:
            if model_id not in self._runtimes:
                model = self.store.get(model_id)
                self._runtimes[model_id] = ModelRuntime(model, device=self.device, threads=self.threads, cache_dir=self.store.paths.cache / "jieba")
            return self._runtimes[model_id]

    def device_reports(self) -> dict[str, DeviceReport]:
        """Where each loaded model really runs (models whose graphs are not loaded yet are absent)."""
        with self._lock:
            runtimes = dict(self._runtimes)
        return {model_id: r.device_report for model_id, r in runtimes.items() if r.device_report is not None}

    def unload(self, model_id: str) -> None:
        with self._lock:
            runtime = self._runtimes.pop(model_id, None)
        if runtime is not None:
            runtime.unload()

    def close(self) -> None:
        for model_id in list(self._runtimes):
            self.unload(model_id)
