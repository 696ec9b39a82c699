"""Move the model store to another folder (another disk) without ever leaving it half-moved.

The models are copied into a hidden folder next to the destination, checked (every file's size), renamed
into place, and only then does the store pointer (``home/store-location``) switch, atomically; the old
copy is removed last. A cancel, a full disk or any error before the switch removes the partial copy and
leaves the store where it was. Every installed model is locked for the whole move, so an import,
conversion or removal (in the app or `zoo`) cannot change it half-way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import Cancelled, DiskFull, UsageError
from zoo_desktop.paths import ZooPaths
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress

CHUNK = 4 * 2**20


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()) if root.is_dir() else []


def _check_destination(paths: ZooPaths, destination: Path) -> Path:
    destination = destination.expanduser().resolve()
    current = paths.store_root.resolve()
    if destination == current:
        raise UsageError(f"the model store is already in {destination}")
    if destination.is_relative_to(paths.models.resolve()) or destination.is_relative_to(current / "staging"):
        raise UsageError(f"cannot move the model store into itself ({destination})")
    if (destination / "models").exists():
        raise UsageError(f"{destination} already holds a models folder; choose an empty folder")
    if destination.exists() and not destination.is_dir():
        raise UsageError(f"{destination} is a file, not a folder")
    return destination


def _copy(files: list[Path], source: Path, target: Path, total: int, progress: ProgressCallback, cancel: CancelToken | None) -> None:
    done = 0
    for path in files:
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "rb") as src, open(out, "wb") as dst:
            while chunk := src.read(CHUNK):
                if cancel is not None and cancel.cancelled:
                    raise Cancelled("moving the model store was cancelled; it stays where it was")
                dst.write(chunk)
                done += len(chunk)
                progress(ProgressEvent("copy", done / total if total else None, path.name, done=done, total=total))
            dst.flush()
            os.fsync(dst.fileno())
        shutil.copystat(path, out)
        if out.stat().st_size != path.stat().st_size:
            raise OSError(f"copy of {path} is incomplete")


def move_store(
    paths: ZooPaths,
    destination: str | os.PathLike[str],
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Move `paths.models` to `destination/models`; returns the new store folder."""
    from zoo_desktop.store.store import ModelStore

    target_root = _check_destination(paths, Path(destination))
    source = paths.models
    store = ModelStore(paths)
    ids = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    with contextlib.ExitStack() as locks:
        for model_id in ids:
            locks.enter_context(store.lock(model_id))  # ModelBusy while an import/conversion runs
        files = _files(source)
        total = sum(p.stat().st_size for p in files)
        target_root.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(target_root).free
        if free < total + 64 * 2**20:
            raise DiskFull(f"not enough free space in {target_root}: the models need {total / 2**30:.2f} GiB, "
                           f"{free / 2**30:.2f} GiB are free; nothing was moved",
                           path=str(target_root), expected=f"{total / 2**30:.2f} GiB", found=f"{free / 2**30:.2f} GiB")
        partial = target_root / f".models-moving-{uuid.uuid4().hex[:8]}"
        try:
            progress(ProgressEvent("copy", 0.0 if total else None, f"{len(files)} files"))
            _copy(files, source, partial, total, progress, cancel)
            if cancel is not None and cancel.cancelled:
                raise Cancelled("moving the model store was cancelled; it stays where it was")
            os.replace(partial, target_root / "models")
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _point_to(paths, target_root)
        progress(ProgressEvent("cleanup", None, str(source)))
        shutil.rmtree(source, ignore_errors=True)
        old_staging = source.parent / "staging"
        shutil.rmtree(old_staging, ignore_errors=True)
    progress(ProgressEvent("cleanup", 1.0, str(target_root)))
    return target_root


def _point_to(paths: ZooPaths, root: Path) -> None:
    pointer = paths.store_pointer
    pointer.parent.mkdir(parents=True, exist_ok=True)
    if root == paths.home.resolve():
        pointer.unlink(missing_ok=True)
        return
    tmp = pointer.with_name(pointer.name + f".{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(str(root) + "\n", encoding="utf-8")
    os.replace(tmp, pointer)
