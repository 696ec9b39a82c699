#!/usr/bin/env python3
"""Set up Zoo Desktop from a fresh checkout and run it, or run its tests.

    python3 dev.py app     # install everything (first run only) and launch the desktop app
    python3 dev.py test    # install everything (first run only) and run the whole test suite

With an NVIDIA GPU, `ZOO_GPU=1 python3 dev.py app` installs onnxruntime's CUDA build with its CUDA and cuDNN
runtime wheels from the registry (no system CUDA needed) in place of the CPU build.

Needs only Python 3.11 and the package registries. Everything else is installed from the lock file
(uv.lock) into `.venv/`; the uv tool itself goes into `.tools/`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"
VENV = ROOT / ".venv"
UV_VERSION = "0.13.9"
EXTRAS = ("convert", "dev", "cluster")  # conversion/training, the test tools, Ray for `zoo batch --cluster`; `gpu` is opt-in
# ZOO_GPU=1: onnxruntime's CUDA build with the NVIDIA runtime wheels it loads (onnxruntime.preload_dlls), instead
# of the CPU build. Both builds own the `onnxruntime` package folder, so both are removed before the CUDA one goes in.
GPU_RUNTIME = "onnxruntime-gpu[cuda,cudnn]==1.31.1"


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def ensure_environment() -> None:
    uv = _bin(TOOLS, "uv")
    if not uv.exists():
        print(f"[dev] installing uv {UV_VERSION} into {TOOLS}", flush=True)
        venv.create(TOOLS, with_pip=True, clear=True)
        subprocess.run([str(_bin(TOOLS, "python")), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"], check=True)
    cmd = [str(uv), "sync", "--frozen", "--python", sys.executable]
    for extra in EXTRAS:
        cmd += ["--extra", extra]
    subprocess.run(cmd, cwd=ROOT, check=True)
    if os.environ.get("ZOO_GPU", "").strip() in ("1", "true", "yes"):
        python = ["--python", str(_bin(VENV, "python"))]
        print(f"[dev] ZOO_GPU=1: installing {GPU_RUNTIME} in place of the CPU onnxruntime", flush=True)
        subprocess.run([str(uv), "pip", "uninstall", *python, "onnxruntime", "onnxruntime-gpu"], cwd=ROOT, check=True)
        subprocess.run([str(uv), "pip", "install", *python, GPU_RUNTIME], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    ensure_environment()
    if argv[0] == "app":
        # Qt's own "could not load the platform plugin xcb" does not say what to install; this check does
        # (the missing system libraries and the package command), or that there is no display at all.
        check = [str(_bin(VENV, "python")), "-m", "zoo_desktop.app.platform_check", "--program", "python3 dev.py app"]
        problem = subprocess.call([*check, *argv[1:]], cwd=ROOT)
        if problem:
            return problem
        return subprocess.call([str(_bin(VENV, "zoo-desktop")), *argv[1:]], cwd=ROOT)
    return subprocess.call([str(_bin(VENV, "python")), str(ROOT / "tests" / "run_all.py"), *argv[1:]], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
