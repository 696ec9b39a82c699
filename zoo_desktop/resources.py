"""Locate files shipped beside the package: catalog cards, icons, translations, samples.

In a source checkout (and an editable install) they sit at the repository root; a wheel or a
PyInstaller bundle carries them under `zoo_desktop/_data/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    found = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.insert(0, Path(frozen_root) / "zoo_desktop" / "_data" / name)
    return found


def data_dir(name: str) -> Path:
    """The shipped folder `name` ("models" or "resources")."""
    for candidate in _candidates(name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder {name!r} not found (looked in {_candidates(name)})")


def catalog_dir() -> Path:
    return data_dir("models")


def resources_dir() -> Path:
    return data_dir("resources")
