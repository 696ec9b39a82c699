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
