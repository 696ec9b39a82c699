"""`zoo doctor` and Settings → Diagnostics: one report of this machine, to read or paste into a bug report.

Versions, where the models live and the space left there, how many are installed, which device onnxruntime
would use (and why not the GPU), whether conversion can run, and whether Qt can open a window. Every probe
reports its own failure instead of stopping the report. Imports onnxruntime and numpy: run it off the GUI
thread. The report is in English on purpose: it is meant for bug reports.
"""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from zoo_desktop import __version__
from zoo_desktop.paths import ZooPaths


def _probe(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 - a broken component is exactly what the report must show
        return {"error": f"{type(exc).__name__}: {exc}"}


def _pyside_version() -> str:
    try:
        return importlib.metadata.version("PySide6-Essentials")
    except importlib.metadata.PackageNotFoundError:  # a frozen bundle carries no package metadata
        import PySide6

        return PySide6.__version__


def _versions() -> dict[str, Any]:
    def onnxruntime_version() -> str:
        import onnxruntime

        return onnxruntime.__version__

    def numpy_version() -> str:
        import numpy

        return numpy.__version__

    return {
        "zoo-desktop": __version__,
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "os": platform.platform(),
        "onnxruntime": _probe(onnxruntime_version),
        "numpy": _probe(numpy_version),
        "PySide6": _probe(_pyside_version),
    }


def _free_bytes(folder: Path) -> int:
    """Free space on the disk that holds `folder` (or would hold it: the nearest existing parent)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return shutil.disk_usage(candidate).free
    raise FileNotFoundError(folder)


def _store(paths: ZooPaths) -> dict[str, Any]:
    from zoo_desktop.store.store import ModelStore

    models = ModelStore(paths).list()
    return {
        "home": str(paths.home),
        "models": str(paths.models),
        "free_bytes": _probe(lambda: _free_bytes(paths.models)),
        "installed": len(models),
        "by_state": dict(sorted(Counter(m.state for m in models).items())),
    }


def _device(requested: str) -> dict[str, Any]:
    import onnxruntime

    from zoo_desktop.engine.device import DeviceRequest, planned_device

    providers = list(onnxruntime.get_available_providers())
    device, reason = planned_device(DeviceRequest.parse(requested), providers)
    return {"requested": requested, "providers": providers, "device": device, "reason": reason}


def _converter(paths: ZooPaths) -> dict[str, Any]:
    from zoo_desktop.convert.environment import ConverterEnvironment

    return ConverterEnvironment(paths).status().to_json()


def _qt_platform() -> dict[str, Any]:
    from zoo_desktop.app import platform_check

    result = platform_check.check()
    return {**result.to_json(), "summary": result.summary()}


def collect(paths: ZooPaths, *, device: str = "auto") -> dict[str, Any]:
    """The report as JSON-ready data (`zoo doctor --json`)."""
    return {
        "versions": _versions(),
        "install": {"kind": "frozen bundle" if getattr(sys, "frozen", False) else "source", "python": sys.executable},
        "store": _probe(lambda: _store(paths)),
        "device": _probe(lambda: _device(device)),
        "converter": _probe(lambda: _converter(paths)),
        "qt_platform": _probe(_qt_platform),
        "log_file": str(paths.log_file),
    }


def _gb(n: Any) -> str:
    return f"{n / 1e9:.1f} GB" if isinstance(n, (int, float)) else str(n)


def _error(section: Any) -> str | None:
    return f"error: {section['error']}" if isinstance(section, dict) and "error" in section else None


def render(report: dict[str, Any]) -> str:
    """The report as text, one `label  value` line each (the same facts as the JSON)."""
    lines = ["Zoo Desktop diagnostics"]

    def add(label: str, value: Any) -> None:
        lines.append(f"{label:<16}{_error(value) or value}")

    versions = report["versions"]
    for key in ("zoo-desktop", "python", "os", "onnxruntime", "numpy", "PySide6"):
        add(key, versions[key])
    install = report["install"]
    add("install", f"{install['kind']}, Python at {install['python']}")
    store = report["store"]
    if _error(store):
        add("model store", store)
    else:
        add("data", store["home"])
        add("model store", f"{store['models']} ({_error(store['free_bytes']) or _gb(store['free_bytes']) + ' free'})")
        states = ", ".join(f"{n} {state}" for state, n in store["by_state"].items())
        add("models", f"{store['installed']} installed" + (f" ({states})" if states else ""))
    device = report["device"]
    if _error(device):
        add("device", device)
    else:
        add("providers", ", ".join(device["providers"]))
        where = device["device"] + (f" (GPU not used: {device['reason']})" if device["reason"] else "")
        add("device", f"{where}; setting {device['requested']}")
    converter = report["converter"]
    add("converter", _error(converter) or
        f"{'ready' if converter['available'] else 'not available'} ({converter['kind']}): {converter['detail']}")
    qt = report["qt_platform"]
    add("qt platform", _error(qt) or qt["summary"])
    add("log file", report["log_file"])
    return "\n".join(lines)


def report_text(paths: ZooPaths, *, device: str = "auto") -> str:
    return render(collect(paths, device=device))
