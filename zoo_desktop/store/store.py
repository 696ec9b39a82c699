"""The model store: one folder per model id under `<ZOO_HOME>/models`, changed only by atomic renames."""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from zoo_desktop.cancel import CancelToken
from zoo_desktop.catalog.cards import Catalog, ModelCard
from zoo_desktop.errors import InvalidModelId, ModelNotFound, ZooError
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.hashing import sha256_file
from zoo_desktop.store.lock import ModelLock
from zoo_desktop.store.manifest import MANIFEST_NAME, Manifest, read_manifest, write_manifest

log = logging.getLogger(__name__)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def validate_model_id(model_id: str) -> str:
    if not _ID_RE.match(model_id or "") or model_id in (".", "..") or ".." in model_id:
        raise InvalidModelId(
            f"invalid model id {model_id!r}: use 1-64 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (no path separators)"
        )
    return model_id


class ModelExists(ZooError):
    exit_code = 8


@dataclass(frozen=True)
class InstalledModel:
    id: str
    folder: Path
    manifest: Manifest
    card: ModelCard | None

    @property
    def family(self) -> str:
        return self.manifest.family

    @property
    def state(self) -> str:
        return self.manifest.state

    @property
    def vocab_path(self) -> Path:
        return self.folder / self.manifest.vocab

    @property
    def checkpoint_dir(self) -> Path:
        return self.folder / "checkpoint"

    @property
    def uses_jieba(self) -> bool:
        return self.family in ("wobert", "t5")

    def disk_usage(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "card": self.manifest.card,
            "family": self.family,
            "architecture": self.manifest.architecture,
            "state": self.state,
            "folder": str(self.folder),
            "imported_at": self.manifest.imported_at,
            "bytes": self.disk_usage(),
        }


@dataclass(frozen=True)
class VerifyReport:
    model_id: str
    ok: bool
    missing: list[str]
    changed: list[str]
    checked: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.model_id, "ok": self.ok, "missing": self.missing, "changed": self.changed, "checked": self.checked}


class ModelStore:
    def __init__(self, paths: ZooPaths, catalog: Catalog | None = None) -> None:
        self.paths = paths
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.load()
        return self._catalog

    def folder_for(self, model_id: str) -> Path:
        return self.paths.models / validate_model_id(model_id)

    def is_installed(self, model_id: str) -> bool:
        return (self.folder_for(model_id) / MANIFEST_NAME).is_file()

    def get(self, model_id: str) -> InstalledModel:
        folder = self.folder_for(model_id)
        if not (folder / MANIFEST_NAME).is_file():
            raise ModelNotFound(f"model {model_id!r} is not installed; see `zoo models list`", model_id=model_id)
        manifest = read_manifest(folder)
        card = self.catalog.find(manifest.card) if manifest.card else None
        return InstalledModel(model_id, folder, manifest, card)

    def list(self) -> list[InstalledModel]:
        if not self.paths.models.is_dir():
            return []
        found = []
        for folder in sorted(self.paths.models.iterdir()):
            if folder.is_dir() and (folder / MANIFEST_NAME).is_file():
                try:
                    found.append(self.get(folder.name))
                except (ZooError, ValueError, KeyError, OSError) as exc:
                    log.warning("skipping unreadable model folder %s: %s", folder, exc)
        return found

    def lock(self, model_id: str) -> ModelLock:
        return ModelLock(self.paths.locks, validate_model_id(model_id))

    @contextmanager
    def staging_area(self) -> Iterator[Path]:
        """A fresh folder on the store's file system, removed afterwards whatever happens."""
        self.paths.ensure(self.paths.staging, self.paths.models)
        self._sweep_stale_staging()
        folder = self.paths.staging / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _sweep_stale_staging(self) -> None:
        """Remove staging folders left by processes that were killed."""
        for folder in self.paths.staging.iterdir():
            pid_text = folder.name.split("-", 1)[0]
            if pid_text.isdigit() and not _pid_alive(int(pid_text)):
                shutil.rmtree(folder, ignore_errors=True)

    def commit(self, staged_model: Path, model_id: str, *, replace: bool = False) -> InstalledModel:
        """Move a fully written model folder into place (caller holds the model's lock)."""
        target = self.folder_for(model_id)
        if target.exists():
            if not replace:
                raise ModelExists(f"model {model_id!r} is already installed; remove it first (`zoo models remove {model_id}`)", model_id=model_id)
            trash = staged_model.parent / "replaced"
            os.replace(target, trash)
            os.replace(staged_model, target)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(staged_model, target)
        log.info("installed model %s at %s", model_id, target)
        return self.get(model_id)

    def remove(self, model_id: str) -> None:
        folder = self.folder_for(model_id)
        if not folder.exists():
            raise ModelNotFound(f"model {model_id!r} is not installed", model_id=model_id)
        with self.lock(model_id):
            # Rename first so a crash mid-delete never leaves a half-deleted model that looks installed.
            self.paths.ensure(self.paths.staging)
            doomed = self.paths.staging / f"{os.getpid()}-removing-{model_id}-{uuid.uuid4().hex[:6]}"
            os.replace(folder, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
        log.info("removed model %s", model_id)

    def verify(self, model_id: str, cancel: CancelToken | None = None) -> VerifyReport:
        model = self.get(model_id)
        missing, changed = [], []
        for rel, meta in model.manifest.files.items():
            path = model.folder / rel
            if not path.is_file():
                missing.append(rel)
            elif path.stat().st_size != meta["size"] or sha256_file(path, cancel) != meta["sha256"]:
                changed.append(rel)
        ok = not missing and not changed
        with self.lock(model_id):
            manifest = read_manifest(model.folder)
            if not ok:
                manifest.state = "broken"
            elif manifest.state in ("broken", "converted"):
                manifest.state = "verified" if manifest.conversion else "imported"
            write_manifest(model.folder, manifest)
        return VerifyReport(model_id, ok, missing, changed, len(model.manifest.files))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows; keep its folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
