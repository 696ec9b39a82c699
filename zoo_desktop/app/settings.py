"""`AppSettings`: the one typed wrapper over QSettings for everything the desktop app remembers.

The caller hands in the QSettings to use (the user's for the app, an ini file in a temp folder for
tests); nothing here creates settings on import.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from typing import Any
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = ("system", "zh_CN", "en")
DEVICES = ("auto", "cpu", "gpu:0")
THEMES = ("system", "light", "dark")
RUN_ON = ("computer", "cluster")  # the Batch page: this computer, or a Ray cluster
SUMMARY_DECODING_KEYS: dict[str, tuple[type, ...]] = {
    "method": (str,), "beam_size": (int,), "max_len": (int,), "max_input": (int,),
    "temperature": (int, float), "top_k": (int,), "top_p": (int, float), "seed": (int,),
}
# A page's remembered options: key -> (low, high) for a number (an int unless a bound is a float), or the
# allowed strings. A stored value of another type or out of range is dropped (the page keeps its default).
OptionSpec = dict[str, "tuple[int, int] | tuple[float, float] | tuple[str, ...]"]
CLASSIFY_OPTIONS: OptionSpec = {"top_k": (1, 20), "batch_size": (1, 512)}
PARAPHRASE_OPTIONS: OptionSpec = {
    "count": (1, 1000), "samples": (1, 2000), "top_k": (0, 1000), "top_p": (0.0, 1.0), "max_len": (1, 128),
    "seed": (-1, 2_147_483_647),
}
TRAIN_OPTIONS: OptionSpec = {
    "schedule": ("recipe", "constant", "linear"), "warmup_steps": (0, 1_000_000), "seed": (0, 2_147_483_647),
}
MAX_RECENT = 10
MAX_THREADS = 256

ORGANIZATION = "ZooDesktop"
APPLICATION = "zoo-desktop"


def is_mirror_url(value: str) -> bool:
    """Whether `value` can be a download mirror: an http:// or https:// address with a host (no other scheme,
    no spaces). The empty value (no mirror) is checked by the callers."""
    if not value or any(c.isspace() for c in value):
        return False
    parts = urllib.parse.urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class AppSettings:
    """Typed properties over a QSettings; unknown or corrupt stored values read as the defaults."""

    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    @classmethod
    def for_user(cls) -> "AppSettings":
        """The signed-in user's settings (an ini file in the platform's config folder)."""
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> "AppSettings":
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @property
    def file_name(self) -> str:
        return self._s.fileName()

    def sync(self) -> None:
        self._s.sync()

    # -- helpers ------------------------------------------------------------------------------

    def _choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self._s.value(key, choices[0], type=str)
        return value if value in choices else choices[0]

    def _set_choice(self, key: str, value: str, choices: tuple[str, ...]) -> None:
        if value not in choices:
            raise ValueError(f"{key} must be one of {', '.join(choices)}, not {value!r}")
        self._s.setValue(key, value)

    def _options(self, key: str, spec: OptionSpec) -> dict[str, Any]:
        try:
            value = json.loads(self._s.value(key, "{}", type=str) or "{}")
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        kept: dict[str, Any] = {}
        for name, allowed in spec.items():
            item = value.get(name)
            if isinstance(allowed[0], str):
                if item in allowed:
                    kept[name] = item
                continue
            kinds = (int, float) if any(isinstance(b, float) for b in allowed) else (int,)
            if isinstance(item, kinds) and not isinstance(item, bool) and allowed[0] <= item <= allowed[1]:
                kept[name] = item
        return kept

    def _set_options(self, key: str, spec: OptionSpec, options: dict[str, Any]) -> None:
        self._s.setValue(key, json.dumps({k: v for k, v in options.items() if k in spec}))

    # -- properties ---------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """"system" (follow the system locale), "zh_CN" or "en"."""
        return self._choice("ui/language", LANGUAGES)

    @language.setter
    def language(self, value: str) -> None:
        self._set_choice("ui/language", value, LANGUAGES)

    @property
    def theme(self) -> str:
        """"system" (follow the system's light/dark scheme), "light" or "dark"."""
        return self._choice("ui/theme", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice("ui/theme", value, THEMES)

    @property
    def device(self) -> str:
        """Where models run: "auto" (GPU when onnxruntime has CUDA), "cpu" or "gpu:0"."""
        return self._choice("engine/device", DEVICES)

    @device.setter
    def device(self, value: str) -> None:
        self._set_choice("engine/device", value, DEVICES)

    @property
    def threads(self) -> int:
        """CPU threads for inference; 0 lets onnxruntime choose."""
        try:
            value = int(self._s.value("engine/threads", 0))
        except (TypeError, ValueError):
            return 0
        return value if 0 <= value <= MAX_THREADS else 0

    @threads.setter
    def threads(self, value: int) -> None:
        value = int(value)
        if not 0 <= value <= MAX_THREADS:
            raise ValueError(f"threads must be between 0 (automatic) and {MAX_THREADS}, not {value}")
        self._s.setValue("engine/threads", value)

    @property
    def summary_decoding(self) -> dict[str, Any]:
        """The Summarize page's decoding controls as the user left them (method, beam_size, max_len, max_input,
        temperature, top_k, top_p, seed); unknown keys and wrong types are dropped, a corrupt value reads as {}."""
        try:
            value = json.loads(self._s.value("summarize/decoding", "{}", type=str) or "{}")
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        kept: dict[str, Any] = {}
        for key, kinds in SUMMARY_DECODING_KEYS.items():
            item = value.get(key)
            if isinstance(item, kinds) and not isinstance(item, bool):
                kept[key] = item
        if kept.get("method") not in (None, "greedy", "beam", "sample"):
            kept.pop("method")
        return kept

    @summary_decoding.setter
    def summary_decoding(self, options: dict[str, Any]) -> None:
        self._s.setValue("summarize/decoding", json.dumps({k: v for k, v in options.items() if k in SUMMARY_DECODING_KEYS}))

    @property
    def download_mirror(self) -> str:
        """Base URL of a mirror holding the zoo's release archives by name (`<mirror>/<archive>`), used by the
        Models page's Download buttons; "" for none (then `ZOO_MIRROR`, else the zoo's own server)."""
        value = (self._s.value("downloads/mirror", "", type=str) or "").strip()
        return value if is_mirror_url(value) else ""

    @download_mirror.setter
    def download_mirror(self, value: str) -> None:
        value = (value or "").strip()
        if value and not is_mirror_url(value):
            raise ValueError(f"the download mirror must be an http:// or https:// address, not {value!r}")
        self._s.setValue("downloads/mirror", value)

    @property
    def classify_options(self) -> dict[str, Any]:
        """The Classify page's options as the user left them (top_k, batch_size); invalid ones are dropped."""
        return self._options("classify/options", CLASSIFY_OPTIONS)

    @classify_options.setter
    def classify_options(self, options: dict[str, Any]) -> None:
        self._set_options("classify/options", CLASSIFY_OPTIONS, options)

    @property
    def paraphrase_options(self) -> dict[str, Any]:
        """The Paraphrase page's options (count, samples, top_k, top_p, max_len, seed; -1: no seed)."""
        return self._options("paraphrase/options", PARAPHRASE_OPTIONS)

    @paraphrase_options.setter
    def paraphrase_options(self, options: dict[str, Any]) -> None:
        self._set_options("paraphrase/options", PARAPHRASE_OPTIONS, options)

    @property
    def train_options(self) -> dict[str, Any]:
        """The Train page's learning-rate schedule, warm-up steps and seed (train.recipes fields)."""
        return self._options("train/options", TRAIN_OPTIONS)

    @train_options.setter
    def train_options(self, options: dict[str, Any]) -> None:
        self._set_options("train/options", TRAIN_OPTIONS, options)

    @property
    def batch_run_on(self) -> str:
        """Where the Batch page runs its jobs: "computer" (this process) or "cluster" (a Ray cluster)."""
        return self._choice("batch/run_on", RUN_ON)

    @batch_run_on.setter
    def batch_run_on(self, value: str) -> None:
        self._set_choice("batch/run_on", value, RUN_ON)

    @property
    def batch_cluster_address(self) -> str:
        """The Batch page's Ray cluster: HOST:PORT or local[:N]; "" when none (or a stored one is malformed)."""
        from zoo_desktop.cluster.address import ClusterAddress  # plain parsing: Ray is not imported
        from zoo_desktop.errors import UsageError

        value = (self._s.value("batch/cluster_address", "", type=str) or "").strip()
        try:
            return str(ClusterAddress.parse(value)) if value else ""
        except UsageError:
            return ""

    @batch_cluster_address.setter
    def batch_cluster_address(self, value: str) -> None:
        self._s.setValue("batch/cluster_address", (value or "").strip())

    @property
    def batch_token_file(self) -> str:
        """The Batch page's token file for its Ray cluster ("" for none: Ray's own defaults)."""
        return (self._s.value("batch/token_file", "", type=str) or "").strip()

    @batch_token_file.setter
    def batch_token_file(self, value: str) -> None:
        self._s.setValue("batch/token_file", (value or "").strip())

    @property
    def recent_documents(self) -> list[str]:
        """Most recent first, at most MAX_RECENT."""
        value = self._s.value("documents/recent", [], type=list)
        return [str(v) for v in (value or []) if isinstance(v, str) and v][:MAX_RECENT]

    @recent_documents.setter
    def recent_documents(self, paths: list[str]) -> None:
        unique: list[str] = []
        for p in paths:
            p = str(p)
            if p and p not in unique:
                unique.append(p)
        self._s.setValue("documents/recent", unique[:MAX_RECENT])

    def add_recent_document(self, path: str | os.PathLike[str]) -> list[str]:
        path = str(path)
        self.recent_documents = [path, *(p for p in self.recent_documents if p != path)]
        return self.recent_documents

    def remove_recent_document(self, path: str | os.PathLike[str]) -> list[str]:
        self.recent_documents = [p for p in self.recent_documents if p != str(path)]
        return self.recent_documents

    @property
    def window_geometry(self) -> QByteArray:
        value = self._s.value("ui/geometry", QByteArray())
        return value if isinstance(value, QByteArray) else QByteArray()

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("ui/geometry", value)
