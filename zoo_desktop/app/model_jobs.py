"""What the Models page's actions do, as plain functions run on worker threads.

Each imports its service lazily, so opening the window never loads the store, the converter or numpy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.paths import ZooPaths
from zoo_desktop.progress import ProgressCallback, ignore_progress


def _store(paths: ZooPaths):
    from zoo_desktop.store.store import ModelStore

    return ModelStore(paths)


def import_model(
    paths: ZooPaths,
    source: str,
    model_id: str | None = None,
    replace: bool = False,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> str:
    from zoo_desktop.store.importer import Importer, ImportRequest

    model = Importer(_store(paths)).run(ImportRequest(source, model_id, replace), progress=progress, cancel=cancel)
    return model.id


def pull(
    paths: ZooPaths,
    card_id: str,
    mirror: str | None = None,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> str:
    from zoo_desktop.store.pull import pull_model

    return pull_model(_store(paths), card_id, mirror=mirror, progress=progress, cancel=cancel).id


def convert(
    paths: ZooPaths,
    model_id: str,
    precision: str,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> str:
    from zoo_desktop.convert.converter import convert_model

    return convert_model(_store(paths), model_id, precision=precision, progress=progress, cancel=cancel).id


def verify(paths: ZooPaths, model_id: str, *, cancel: CancelToken | None = None) -> Any:
    return _store(paths).verify(model_id, cancel=cancel)


def export(
    paths: ZooPaths, model_id: str, out: Path, include_checkpoint: bool, *, cancel: CancelToken | None = None
) -> Path:
    from zoo_desktop.store.package import export_package

    return export_package(_store(paths), model_id, out, include_checkpoint=include_checkpoint, cancel=cancel)


def remove(paths: ZooPaths, model_id: str) -> str:
    _store(paths).remove(model_id)
    return model_id


def needs_model_id(error: BaseException | None) -> bool:
    """The import found a model that matches no catalog card: it needs an id to become a custom model."""
    from zoo_desktop.store.importer import NeedsModelId

    return isinstance(error, NeedsModelId)


def server_unreachable(error: BaseException | None) -> bool:
    """The download server gave no answer at all: importing a file obtained elsewhere is the way out."""
    from zoo_desktop.errors import ServerUnreachable

    return isinstance(error, ServerUnreachable)


def already_installed(error: BaseException | None) -> bool:
    from zoo_desktop.store.store import ModelExists

    return isinstance(error, ModelExists)


def move_store(paths: ZooPaths, folder: str, *, progress: ProgressCallback = ignore_progress,
               cancel: CancelToken | None = None) -> str:
    from zoo_desktop.store.relocate import move_store as move

    move(paths, folder, progress=progress, cancel=cancel)
    return str(paths.models)
