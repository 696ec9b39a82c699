"""The one place that decides where Zoo Desktop keeps its data.

`ZOO_HOME` wins when set; otherwise the platform's user data directory.
Nothing here touches the disk until a caller asks for a directory to be created.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import platformdirs

APP_NAME = "ZooDesktop"
ENV_HOME = "ZOO_HOME"
STORE_POINTER = "store-location"  # in `home`: the folder the model store was moved to (one line, UTF-8)


@dataclass(frozen=True)
class ZooPaths:
    home: Path

    @classmethod
    def from_env(cls, environ: "os._Environ[str] | dict[str, str] | None" = None) -> "ZooPaths":
        env = os.environ if environ is None else environ
        configured = env.get(ENV_HOME, "").strip()
        if configured:
            return cls(Path(configured).expanduser().resolve())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def store_pointer(self) -> Path:
        return self.home / STORE_POINTER

    @property
    def store_root(self) -> Path:
        """Where `models` and `staging` live: `home`, or the folder the store was moved to (read on every
        access, so every part of a running app sees a move at once; the app and `zoo` agree)."""
        try:
            moved = self.store_pointer.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return self.home
        return Path(moved) if moved else self.home

    @property
    def models(self) -> Path:
        """Installed models, one folder per model id."""
        return self.store_root / "models"

    @property
    def staging(self) -> Path:
        """Temp area on the same file system as `models`, so installs can be renamed into place."""
        return self.store_root / "staging"

    @property
    def downloads(self) -> Path:
        """Partial and finished downloads (kept for Range resume)."""
        return self.home / "downloads"

    @property
    def locks(self) -> Path:
        return self.home / "locks"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def cache(self) -> Path:
        """Rebuildable caches (jieba's dictionary cache, search indexes)."""
        return self.home / "cache"

    @property
    def converter_env(self) -> Path:
        """Private Python environment with TensorFlow for conversion and training."""
        return self.home / "converter-env"

    @property
    def log_file(self) -> Path:
        return self.logs / "zoo-desktop.log"

    def ensure(self, *dirs: Path) -> None:
        for d in dirs or (self.home,):
            d.mkdir(parents=True, exist_ok=True)


def download_path(paths: ZooPaths, url: str) -> Path:
    """Where the archive at `url` is downloaded (its `.part` file beside it while incomplete)."""
    name = Path(unquote(urlparse(url).path)).name or "download.zip"
    return paths.downloads / name
