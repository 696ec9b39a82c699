"""`zoo models import`: a release zip, an extracted folder, an http(s) URL, or an exported package."""

from __future__ import annotations

import errno
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from zoo_desktop.cancel import CancelToken
from zoo_desktop.catalog.cards import ModelCard
from zoo_desktop.catalog.match import card_matches, match_card
from zoo_desktop.checkpoint.release import CONFIG_NAMES, MAX_CONFIG_BYTES, ReleaseInfo, inspect_release
from zoo_desktop.errors import DiskFull, InvalidSource, UnknownArchitecture, UsageError
from zoo_desktop.paths import ZooPaths, download_path
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.store import archive, package
from zoo_desktop.store.hashing import sha256_file
from zoo_desktop.store.manifest import Manifest, record_files, write_manifest
from zoo_desktop.store.store import InstalledModel, ModelStore, validate_model_id

log = logging.getLogger(__name__)

# The biggest zoo release (WoBERT Plus, float32 with MLM head) is ~0.5 GB; a zip may hold Adam slots too.
_SIZE_SLACK_BYTES = 64 << 20
_SIZE_FACTOR = 3.5


@dataclass(frozen=True)
class ImportRequest:
    source: str
    model_id: str | None = None
    replace: bool = False
    sha256: str | None = None  # expected SHA-256 of a downloaded archive; default: the card's whose URL it is


def expected_release_bytes(config: dict[str, Any]) -> int:
    """A generous upper bound of a release's unpacked size from its config (float32 weights, plus vocab)."""
    H = int(config.get("hidden_size", 1024) or 1024)
    L = int(config.get("num_hidden_layers", 24) or 24)
    V = int(config.get("vocab_size", 60000) or 60000)
    I = int(config.get("intermediate_size", 4 * H) or 4 * H)
    A = int(config.get("num_attention_heads", 16) or 16)
    K = int(config.get("attention_key_size", config.get("attention_head_size", H // A)) or H // A)
    per_layer = 4 * H * A * K + 4 * H * A * K + 3 * H * I  # generous: covers decoder cross-attention
    params = 2 * V * H + 2 * L * per_layer + 512 * H
    return int(params * 4 * _SIZE_FACTOR) + _SIZE_SLACK_BYTES


def _zip_size_limit(zf) -> int:
    """Read the config from the zip (small, checked) to bound how much the archive may expand to."""
    import json

    for info in zf.infolist():
        if Path(info.filename).name in CONFIG_NAMES and info.file_size <= MAX_CONFIG_BYTES:
            try:
                config = json.loads(zf.read(info).decode("utf-8"))
            except (ValueError, UnicodeDecodeError, Exception):
                continue
            if isinstance(config, dict):
                return expected_release_bytes(config)
    raise InvalidSource(f"the archive holds no readable model config ({' or '.join(CONFIG_NAMES)})", reason="no_config")


class NeedsModelId(UsageError):
    """The content matches no catalog card, so it can only be imported as a custom model under an id."""


class Importer:
    def __init__(self, store: ModelStore) -> None:
        self.store = store

    def run(
        self,
        request: ImportRequest,
        *,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> InstalledModel:
        if request.model_id is not None:
            validate_model_id(request.model_id)
        source = request.source
        if urlparse(source).scheme in ("http", "https"):
            return self._import_url(request, progress, cancel)
        path = Path(source).expanduser()
        if not path.exists():
            raise InvalidSource(f"{source} does not exist", reason="not_found", path=str(source))
        with self.store.staging_area() as staging:
            if path.is_dir():
                release_root = staging / "release"
                self._copy_folder(path, release_root, progress, cancel)
                src_info = {"kind": "folder", "path": str(path.resolve())}
            else:
                zf = archive.open_zip(path)
                with zf:
                    if package.is_package(zf):
                        return package.install_package(self.store, zf, path, request, staging, progress, cancel)
                    release_root = staging / "release"
                    release_root.mkdir()
                    archive.extract_zip(zf, release_root, _zip_size_limit(zf), progress=progress, cancel=cancel)
                src_info = {"kind": "zip", "path": str(path.resolve()), "bytes": path.stat().st_size}
            return self._install_release(release_root, staging, request, src_info, progress, cancel)

    def _import_url(self, request: ImportRequest, progress: ProgressCallback, cancel: CancelToken | None) -> InstalledModel:
        from zoo_desktop.download.http import download

        sha256 = request.sha256
        if sha256 is None:
            card = next((c for c in self.store.catalog if c.url and c.url == request.source), None)
            sha256 = card.sha256 if card else None
        self.store.paths.ensure(self.store.paths.downloads)
        dest = download_path(self.store.paths, request.source)

        def on_bytes(p) -> None:
            progress(ProgressEvent("download", p.fraction, dest.name, done=p.received, total=p.total))

        download(request.source, dest, sha256=sha256, progress=on_bytes, cancel=cancel)
        archive_sha256 = sha256_file(dest, cancel)
        result = self.run(ImportRequest(str(dest), request.model_id, request.replace), progress=progress, cancel=cancel)
        manifest = result.manifest
        manifest.source = {"kind": "url", "url": request.source, "archive_sha256": archive_sha256}
        with self.store.lock(result.id):
            write_manifest(result.folder, manifest)
        dest.unlink(missing_ok=True)  # the store now holds the files; don't keep a second copy
        return self.store.get(result.id)

    def _copy_folder(self, src: Path, dest: Path, progress: ProgressCallback, cancel: CancelToken | None) -> None:
        try:
            release = src if any((src / n).is_file() for n in CONFIG_NAMES) else None
            if release is None:
                from zoo_desktop.checkpoint.release import find_release_folder

                release = find_release_folder(src)
            files = [p for p in release.iterdir() if p.is_file() and not p.is_symlink()]
            total = sum(p.stat().st_size for p in files) or 1
            archive.ensure_free_space(dest.parent, total)
            dest.mkdir()
            done = 0
            for p in files:
                shutil.copyfile(p, dest / p.name)
                done += p.stat().st_size
                progress(ProgressEvent("copy", done / total, p.name))
                if cancel is not None:
                    cancel.raise_if_cancelled()
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull(f"the disk holding {dest} is full; the import was rolled back", reason="full", path=str(dest)) from exc
            raise

    def _choose_id(self, info: ReleaseInfo, requested: str | None) -> tuple[str, ModelCard | None]:
        if requested is not None:
            card = self.store.catalog.find(requested)
            if card is not None and not card_matches(card, info.family, info.config):
                raise InvalidSource(
                    f"the content is a {info.family} model with hidden_size={info.config.get('hidden_size')}, "
                    f"layers={info.config.get('num_hidden_layers')}, vocab={info.vocab_size}: it is not {card.name_en}; "
                    "choose another --id to import it as a custom model",
                    reason="not_this_card", model_id=requested, expected=card.name_en, found=info.family,
                )
            return requested, card if card is not None else match_card(self.store.catalog, info.family, info.config)
        card = match_card(self.store.catalog, info.family, info.config)
        if card is None:
            raise NeedsModelId(
                f"this {info.family} model ({info.architecture}, hidden_size={info.config.get('hidden_size')}, "
                f"layers={info.config.get('num_hidden_layers')}) matches no catalog card; give it an id with --id to import it as a custom model"
            )
        return card.id, card

    def _install_release(
        self,
        release_root: Path,
        staging: Path,
        request: ImportRequest,
        src_info: dict[str, Any],
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> InstalledModel:
        progress(ProgressEvent("inspect", None, "checking config and checkpoint"))
        info = inspect_release(release_root)
        model_id, card = self._choose_id(info, request.model_id)
        with self.store.lock(model_id):
            if self.store.is_installed(model_id) and not request.replace:
                from zoo_desktop.store.store import ModelExists

                raise ModelExists(f"model {model_id!r} is already installed; remove it first (`zoo models remove {model_id}`)", model_id=model_id)
            model_dir = staging / "model"
            ckpt_dir = model_dir / "checkpoint"
            ckpt_dir.mkdir(parents=True)
            release_files = info.files()
            for f in release_files:
                f.rename(ckpt_dir / f.name)
            rel = [f"checkpoint/{f.name}" for f in release_files]
            progress(ProgressEvent("hash", None, "computing SHA-256 of the model files"))
            manifest = Manifest(
                id=model_id,
                family=info.family,
                architecture=info.architecture,
                config=info.config,
                card=card.id if card else None,
                source={**src_info, "release_folder": info.folder.name},
                files=record_files(model_dir, rel, cancel),
                vocab=f"checkpoint/{info.vocab_file.name}",
                extra={"vocab_size": info.vocab_size, "checkpoint": f"checkpoint/{info.checkpoint_prefix.name}"},
            )
            write_manifest(model_dir, manifest)
            if cancel is not None:
                cancel.raise_if_cancelled()
            progress(ProgressEvent("install", 1.0, model_id))
            return self.store.commit(model_dir, model_id, replace=request.replace)
