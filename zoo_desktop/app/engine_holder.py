"""The window's one inference engine, shared by the task pages.

Created on first use (creating it loads nothing: sessions open when a page's worker asks for a model's
runtime, off the GUI thread). A change of device or threads in the settings, or a model that was
removed or converted again, drops the loaded sessions so the next job opens fresh ones.
"""

from __future__ import annotations

import threading

from zoo_desktop.app.settings import AppSettings
from zoo_desktop.paths import ZooPaths


class EngineHolder:
    def __init__(self, paths: ZooPaths, settings: AppSettings) -> None:
        self._paths = paths
        self._settings = settings
        self._engine = None
        self._config: tuple[str, int] | None = None
        self._lock = threading.Lock()

    def _wanted(self) -> tuple[str, int]:
        return self._settings.device, self._settings.threads

    def engine(self):
        """The engine for the current settings (safe to call from worker threads)."""
        from zoo_desktop.engine.runtime import Engine
        from zoo_desktop.store.store import ModelStore

        wanted = self._wanted()
        with self._lock:
            if self._engine is None or self._config != wanted:
                old = self._engine
                device, threads = wanted
                self._engine = Engine(ModelStore(self._paths), device=device, threads=threads or None)
                self._config = wanted
                if old is not None:
                    old.close()
            return self._engine

    def device_status(self) -> tuple[tuple[str, str | None], dict[str, tuple[str, str | None]]]:
        """(where models would run now, why not on a GPU) and the same for each loaded model as it really
        runs. Imports onnxruntime: call it on a worker thread."""
        from zoo_desktop.engine.device import DeviceRequest, planned_device

        planned = planned_device(DeviceRequest.parse(self._settings.device))
        with self._lock:
            engine = self._engine
        reports = engine.device_reports() if engine is not None else {}
        return planned, {model_id: (r.device, r.fallback_reason) for model_id, r in reports.items()}

    def invalidate(self, model_id: str | None = None) -> None:
        """Forget one model's sessions (it was removed or converted again), or all of them."""
        with self._lock:
            engine = self._engine
            if engine is None:
                return
            if model_id is None:
                self._engine = None
                self._config = None
        if model_id is None:
            engine.close()
        else:
            engine.unload(model_id)

    def close(self) -> None:
        self.invalidate()
