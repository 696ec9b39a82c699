"""Helpers shared by the tests (importable as a plain module: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from pathlib import Path


def store_snapshot(home: Path) -> dict[str, tuple[int, int]]:
    """Everything under the store's models folder: relative path -> (size, mtime_ns)."""
    models = home / "models"
    if not models.exists():
        return {}
    return {
        str(p.relative_to(models)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(models.rglob("*"))
    }


def converted_store(releases, home: Path, arch: str, model_id: str):
    """A store under `home` holding `arch` (small random weights) imported and converted."""
    from zoo_desktop.convert.converter import convert_model
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    store = ModelStore(ZooPaths(home))
    if not store.is_installed(model_id):
        Importer(store).run(ImportRequest(str(releases(arch, as_zip=True)), model_id))
        convert_model(store, model_id)
    return store
