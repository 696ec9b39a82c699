"""`zoo models convert`: run the conversion child and install its graphs into the model's folder.

The child writes the graphs into a staging folder; the parent moves them into the model folder under
a fresh name (`onnx-<stamp>`) and only then points the manifest at them, so a reader always sees either
the previous graphs or the complete new ones. A cancelled, failed or killed conversion changes nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.convert.child_process import ChildCommand, run_child
from zoo_desktop.convert.environment import ConverterEnvironment
from zoo_desktop.errors import DiskFull, UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.store.manifest import read_manifest, record_files, write_manifest
from zoo_desktop.store.store import InstalledModel, ModelStore

log = logging.getLogger(__name__)

PRECISIONS = ("fp32", "fp16", "int8")
CHILD_MODULE = "zoo_desktop.convert.convert_child"


def convert_model(
    store: ModelStore,
    model_id: str,
    *,
    precision: str = "fp32",
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    environment: ConverterEnvironment | None = None,
) -> InstalledModel:
    if precision not in PRECISIONS:
        raise UsageError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
    model = store.get(model_id)
    if model.state == "broken":
        raise UsageError(f"model {model_id!r} is broken (files missing or changed); re-import it before converting")
    environment = environment or ConverterEnvironment(store.paths)
    python = environment.python()
    started = time.time()
    with store.lock(model_id), store.staging_area() as staging:
        _check_space(model, staging, precision)
        out = staging / "onnx"
        command = ChildCommand(
            python=python,
            module=CHILD_MODULE,
            args=["--model-dir", str(model.folder), "--out", str(out), "--precision", precision],
            env=environment.child_env(),
        )
        progress(ProgressEvent("start", 0.0, f"starting the converter ({python})"))
        result = run_child(command, progress=progress, cancel=cancel, what="conversion")
        if cancel is not None:
            cancel.raise_if_cancelled()
        return _install_graphs(store, model, out, result, precision, time.time() - started)


# The graphs hold the checkpoint's weights once per graph that needs them: the UniLM source and step graphs
# both carry the encoder (about 3x the checkpoint for SimBERT/WoBERT), T5 ~1.1x; an fp16/int8 variant adds half.
SPACE_FACTOR = {"fp32": 3.0, "fp16": 3.5, "int8": 3.5}
SPACE_MARGIN = 64 * 2**20


def space_needed(model: InstalledModel, precision: str) -> int:
    checkpoint = sum(p.stat().st_size for p in model.checkpoint_dir.glob("*.data-*")) if model.checkpoint_dir.is_dir() else 0
    return int(checkpoint * SPACE_FACTOR[precision]) + SPACE_MARGIN


def _check_space(model: InstalledModel, staging: Path, precision: str) -> None:
    needed = space_needed(model, precision)
    free = shutil.disk_usage(staging).free
    if free < needed:
        raise DiskFull(
            f"not enough free disk space to convert {model.id!r}: the graphs need about {needed / 2**30:.2f} GiB "
            f"in {staging.parent}, {free / 2**30:.2f} GiB are free; nothing was changed",
            path=str(staging.parent), expected=f"{needed / 2**30:.2f} GiB", found=f"{free / 2**30:.2f} GiB",
        )


def _install_graphs(
    store: ModelStore, model: InstalledModel, out: Path, result: dict[str, Any], precision: str, seconds: float
) -> InstalledModel:
    graphs = result.get("graphs") or {}
    for name, info in graphs.items():
        if not (out / info["file"]).is_file():
            raise UsageError(f"the converter reported graph {name!r} but did not write {info['file']}")
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    dir_name = f"onnx-{stamp}"
    target = model.folder / dir_name
    os.replace(out, target)
    manifest = read_manifest(model.folder)
    files = {k: v for k, v in manifest.files.items() if not k.startswith("onnx")}
    rel = [str(p.relative_to(model.folder).as_posix()) for p in sorted(target.rglob("*")) if p.is_file()]
    files.update(record_files(model.folder, rel))
    manifest.files = files
    manifest.conversion = {
        "dir": dir_name,
        "precision": precision,
        "graphs": {name: {**info, "file": f"{dir_name}/{info['file']}"} for name, info in graphs.items()},
        "parity": result.get("parity", {}),
        "agreement": result.get("agreement", {}),
        "versions": result.get("versions", {}),
        "seconds": round(seconds, 2),
        "peak_rss_mb": result.get("peak_rss_mb"),
        "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    manifest.state = "converted"
    write_manifest(model.folder, manifest)
    for stale in model.folder.glob("onnx-*"):  # the previous graphs, and any left by a killed run
        if stale.name != dir_name:
            shutil.rmtree(stale, ignore_errors=True)
    log.info("converted %s (%s) in %.1f s", model.id, precision, seconds)
    return store.get(model.id)
