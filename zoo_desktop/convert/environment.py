"""Which Python runs conversion and training, and the private converter environment under ZOO_HOME.

With the `convert` extra installed, the current interpreter runs the child. The installer carries no
TensorFlow, so `zoo converter install` builds a virtual environment under `<ZOO_HOME>/converter-env`
from the locked requirements and conversions run there. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import ZooError
from zoo_desktop.paths import ZooPaths
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.resources import resources_dir

log = logging.getLogger(__name__)

REQUIRED_MODULES = ("tensorflow", "tf_keras", "bert4keras", "onnx")
READY_MARKER = "zoo-converter.json"
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the zoo_desktop package
if getattr(sys, "frozen", False):  # a PyInstaller bundle ships the package's sources for the child here
    PACKAGE_ROOT = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent)) / "zoo_src"


class ConverterMissing(ZooError):
    exit_code = 11


def _venv_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def current_interpreter_can_convert() -> bool:
    if getattr(sys, "frozen", False):
        return False
    return all(importlib.util.find_spec(m) is not None for m in REQUIRED_MODULES)


@dataclass(frozen=True)
class ConverterStatus:
    available: bool
    python: str | None
    kind: str  # "current" | "private" | "missing" | "broken"
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"available": self.available, "python": self.python, "kind": self.kind, "detail": self.detail}


class ConverterEnvironment:
    def __init__(self, paths: ZooPaths) -> None:
        self.paths = paths

    @property
    def private_python(self) -> Path:
        return _venv_python(self.paths.converter_env)

    def status(self) -> ConverterStatus:
        if current_interpreter_can_convert():
            return ConverterStatus(True, sys.executable, "current", "the convert extra is installed in this Python")
        env = self.paths.converter_env
        if not env.exists():
            return ConverterStatus(False, None, "missing", "no converter environment; run `zoo converter install`")
        marker = env / READY_MARKER
        if not marker.is_file() or not self.private_python.is_file():
            return ConverterStatus(
                False, str(self.private_python), "broken",
                f"the converter environment at {env} is incomplete; run `zoo converter install --force`",
            )
        return ConverterStatus(True, str(self.private_python), "private", f"private environment at {env}")

    def python(self) -> Path:
        status = self.status()
        if not status.available:
            raise ConverterMissing(f"conversion needs TensorFlow, which is not installed: {status.detail}")
        return Path(status.python or sys.executable)

    def child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]))
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        env["PYTHONIOENCODING"] = "utf-8"
        return env

    def install(
        self,
        *,
        base_python: Path | None = None,
        requirements: Path | None = None,
        force: bool = False,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> ConverterStatus:
        """Create the private environment (staged, then renamed into place)."""
        target = self.paths.converter_env
        if target.exists() and not force and self.status().kind == "private":
            return self.status()
        requirements = requirements or resources_dir() / "converter-requirements.txt"
        python = base_python or _find_base_python()
        self.paths.ensure(self.paths.staging)
        staged = self.paths.staging / f"{os.getpid()}-converter-env"
        shutil.rmtree(staged, ignore_errors=True)
        try:
            progress(ProgressEvent("converter-env", 0.05, f"creating a virtual environment with {python}"))
            subprocess.run([str(python), "-m", "venv", str(staged)], check=True, capture_output=True)
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(ProgressEvent("converter-env", 0.2, "installing TensorFlow, bert4keras and onnx (about 1.5 GB)"))
            pip = subprocess.run(
                [str(_venv_python(staged)), "-m", "pip", "install", "--no-deps", "--disable-pip-version-check",
                 "-r", str(requirements)],
                capture_output=True, text=True,
            )
            if pip.returncode != 0:
                raise ZooError(f"installing the converter environment failed:\n{pip.stderr[-3000:]}")
            if cancel is not None:
                cancel.raise_if_cancelled()
            (staged / READY_MARKER).write_text(json.dumps({"requirements": str(requirements)}), encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(staged, target)  # safe to move: the child is always started as `python -m`
        finally:
            shutil.rmtree(staged, ignore_errors=True)
        progress(ProgressEvent("converter-env", 1.0, "ready"))
        return self.status()


def _find_base_python() -> Path:
    if not getattr(sys, "frozen", False):
        return Path(sys.executable)
    for name in ("python3.11", "python3", "python"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ConverterMissing("no Python 3.11 found on PATH to build the converter environment; install Python 3.11 first")
