"""The rows of the Models page: catalog cards with their install state, plus custom models.

Plain data computed on a worker thread (it reads manifests and walks model folders); no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from zoo_desktop.paths import ZooPaths

if TYPE_CHECKING:
    from zoo_desktop.store.pull import PartialDownload

READY_STATES = ("converted", "verified")


@dataclass(frozen=True)
class ModelRow:
    id: str  # the installed id, or the catalog id when not installed
    card_id: str | None  # None for a custom model
    name_zh: str
    name_en: str
    family: str
    tasks: tuple[str, ...]
    size_mb: int | None  # the catalog's float32 estimate
    state: str  # "available" (catalog, not installed) or the manifest's state
    disk_bytes: int | None
    folder: str | None
    url: str | None
    converted: bool
    usable_for: tuple[str, ...] = ()  # the tasks (model_choice.TASKS) this installed model can run now
    tuned_for: str | None = None  # the task it was fine-tuned for (`zoo train`), if any
    parameters: int | None = None
    download_url: str | None = None  # where a pull fetches it from (the card's URL or the mirror's); catalog rows only
    partial: PartialDownload | None = None  # an interrupted pull's bytes on disk, which the next one continues

    @property
    def installed(self) -> bool:
        return self.state != "available"

    @property
    def ready(self) -> bool:
        """Converted to ONNX and intact: usable by the inference pages."""
        return self.converted and self.state in READY_STATES

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


def _usability(model) -> dict:
    from zoo_desktop.tasks.model_choice import TASKS, missing_reason, parameter_estimate

    if model is None:
        return {}
    return {
        "usable_for": tuple(t for t in TASKS if missing_reason(model, t) is None),
        "tuned_for": model.manifest.extra.get("task"),
        "parameters": parameter_estimate(model),
    }


def _download(paths: ZooPaths, card, mirror: str | None) -> dict:
    from zoo_desktop.errors import UsageError
    from zoo_desktop.store.pull import partial_download, release_url

    try:
        url = release_url(card, mirror)
    except UsageError:  # a malformed mirror: the pull itself will say so
        url = card.url
    return {"download_url": url, "partial": partial_download(paths, card, mirror)}


def load_model_rows(paths: ZooPaths, mirror: str | None = None) -> list[ModelRow]:
    """`mirror`: the download mirror (None: `ZOO_MIRROR`, else the cards' own URLs)."""
    from zoo_desktop.store.store import ModelStore

    store = ModelStore(paths)
    installed = store.list()
    by_card: dict[str, list] = {}
    for model in installed:
        if model.manifest.card:
            by_card.setdefault(model.manifest.card, []).append(model)
    rows: list[ModelRow] = []
    shown: set[str] = set()
    for card in store.catalog:
        models = by_card.get(card.id) or [None]
        for model in models:
            rows.append(
                ModelRow(
                    id=model.id if model else card.id,
                    card_id=card.id,
                    name_zh=card.name_zh,
                    name_en=card.name_en,
                    family=card.family,
                    tasks=tuple(card.tasks),
                    size_mb=card.size_mb,
                    state=model.state if model else "available",
                    disk_bytes=model.disk_usage() if model else None,
                    folder=str(model.folder) if model else None,
                    url=card.url,
                    converted=bool(model and model.manifest.conversion),
                    **_usability(model),
                    **(_download(paths, card, mirror) if model is None else {}),
                )
            )
            if model:
                shown.add(model.id)
    for model in installed:
        if model.id in shown:
            continue
        rows.append(
            ModelRow(
                id=model.id,
                card_id=None,
                name_zh="",
                name_en="",
                family=model.family,
                tasks=(),
                size_mb=None,
                state=model.state,
                disk_bytes=model.disk_usage(),
                folder=str(model.folder),
                url=None,
                converted=bool(model.manifest.conversion),
                **_usability(model),
            )
        )
    return rows
