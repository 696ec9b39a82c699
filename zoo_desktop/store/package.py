"""Portable model packages (`.zoomodel`): a converted model's graphs, vocab and manifest in one zip.

A team converts once (which needs TensorFlow) and shares the package with colleagues whose installer
carries no TensorFlow. Importing a package checks every file against the manifest's SHA-256.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zoo_desktop import __version__
from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import InvalidSource, UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent
from zoo_desktop.store import archive
from zoo_desktop.store.hashing import sha256_file
from zoo_desktop.store.manifest import MANIFEST_NAME, Manifest, write_manifest
from zoo_desktop.store.store import InstalledModel, ModelExists, ModelStore, validate_model_id

if TYPE_CHECKING:
    from zoo_desktop.store.importer import ImportRequest

MARKER = "zoo-package.json"
FORMAT = "zoo-desktop-model"
SUFFIX = ".zoomodel"


def is_package(zf: zipfile.ZipFile) -> bool:
    return MARKER in zf.namelist()


def _package_files(model: InstalledModel, include_checkpoint: bool) -> list[str]:
    files = sorted(model.manifest.files)
    runtime = [f for f in files if not f.startswith("checkpoint/")]
    if not runtime and not include_checkpoint:
        raise UsageError(
            f"model {model.id!r} has not been converted yet, so there is nothing portable to export; "
            f"convert it first (`zoo models convert {model.id}`) or pass --include-checkpoint"
        )
    keep = set(runtime)
    if include_checkpoint:
        keep |= {f for f in files if f.startswith("checkpoint/")}
    keep.add(model.manifest.vocab)
    return sorted(keep)


def export_package(
    store: ModelStore, model_id: str, out: Path, *, include_checkpoint: bool = False, cancel: CancelToken | None = None
) -> Path:
    model = store.get(model_id)
    files = _package_files(model, include_checkpoint)
    manifest = Manifest.from_json(model.manifest.to_json())
    manifest.files = {f: model.manifest.files[f] for f in files if f in model.manifest.files}
    out = out if out.suffix else out.with_suffix(SUFFIX)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.writestr(MARKER, json.dumps({"format": FORMAT, "version": 1, "id": model_id, "zoo_desktop": __version__}))
            zf.writestr(MANIFEST_NAME, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2))
            for rel in files:
                zf.write(model.folder / rel, rel)
                if cancel is not None:
                    cancel.raise_if_cancelled()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def _read_marker(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        marker = json.loads(zf.read(MARKER))
    except ValueError as exc:
        raise InvalidSource(f"the package marker is unreadable: {exc}") from exc
    if marker.get("format") != FORMAT:
        raise InvalidSource(f"not a Zoo Desktop model package (format {marker.get('format')!r})", reason="not_package")
    return marker


def install_package(
    store: ModelStore,
    zf: zipfile.ZipFile,
    path: Path,
    request: "ImportRequest",
    staging: Path,
    progress: ProgressCallback,
    cancel: CancelToken | None,
) -> InstalledModel:
    _read_marker(zf)
    try:
        manifest = Manifest.from_json(json.loads(zf.read(MANIFEST_NAME)))
    except (KeyError, ValueError) as exc:
        raise InvalidSource(f"the package has no readable {MANIFEST_NAME}: {exc}") from exc
    model_id = validate_model_id(request.model_id or manifest.id)
    declared = sum(int(m.get("size", 0)) for m in manifest.files.values())
    model_dir = staging / "model"
    model_dir.mkdir()
    archive.extract_zip(zf, model_dir, declared + (1 << 20), progress=progress, cancel=cancel)
    progress(ProgressEvent("hash", None, "checking the package's files"))
    for rel, meta in manifest.files.items():
        f = model_dir / rel
        if not f.is_file():
            raise InvalidSource(f"the package lacks {rel}, which its manifest lists", reason="package_lacks", path=str(rel))
        if sha256_file(f, cancel) != meta["sha256"]:
            raise InvalidSource(f"{rel} in the package does not match its manifest (corrupt or altered)", reason="package_altered", path=str(rel))
    (model_dir / MARKER).unlink(missing_ok=True)
    manifest.id = model_id
    manifest.source = {"kind": "package", "path": str(path.resolve()), "original_source": manifest.source}
    write_manifest(model_dir, manifest)
    with store.lock(model_id):
        if store.is_installed(model_id) and not request.replace:
            raise ModelExists(f"model {model_id!r} is already installed; remove it first (`zoo models remove {model_id}`)", model_id=model_id)
        return store.commit(model_dir, model_id, replace=request.replace)
