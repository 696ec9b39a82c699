"""The catalog: one TOML card per zoo model under `models/`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from zoo_desktop.errors import ModelNotFound
from zoo_desktop.resources import catalog_dir

FAMILIES = ("bert", "simbert", "wobert", "t5")


@dataclass(frozen=True)
class ModelCard:
    id: str
    name_zh: str
    name_en: str
    family: str
    architecture: str
    tokenizer: str
    archive: str
    folder: str
    files: tuple[str, ...]
    tasks: tuple[str, ...]
    config: dict[str, Any]
    parameters: int
    size_mb: int
    licence: str
    description: str
    url: str | None = None
    sha256: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def uses_jieba(self) -> bool:
        return "jieba" in self.tokenizer

    def name(self, language: str = "en") -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "family": self.family,
            "architecture": self.architecture,
            "tokenizer": self.tokenizer,
            "archive": self.archive,
            "url": self.url,
            "sha256": self.sha256,
            "files": list(self.files),
            "tasks": list(self.tasks),
            "parameters": self.parameters,
            "size_mb": self.size_mb,
            "licence": self.licence,
            "config": dict(self.config),
        }


_KNOWN_KEYS = set(ModelCard.__dataclass_fields__) - {"extra"}


def load_card(path: Path) -> ModelCard:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    missing = {"id", "family", "architecture", "archive", "files", "config"} - raw.keys()
    if missing:
        raise ValueError(f"catalog card {path} lacks {sorted(missing)}")
    if raw["family"] not in FAMILIES:
        raise ValueError(f"catalog card {path}: unknown family {raw['family']!r}")
    known = {k: v for k, v in raw.items() if k in _KNOWN_KEYS}
    known["files"] = tuple(known["files"])
    known["tasks"] = tuple(known.get("tasks", ()))
    known.setdefault("folder", raw["archive"].removesuffix(".zip"))
    extra = {k: v for k, v in raw.items() if k not in _KNOWN_KEYS}
    return ModelCard(**known, extra=extra)


class Catalog:
    def __init__(self, cards: list[ModelCard]) -> None:
        self._cards = {c.id: c for c in cards}

    @classmethod
    def load(cls, folder: Path | None = None) -> "Catalog":
        folder = folder or catalog_dir()
        return cls([load_card(p) for p in sorted(folder.glob("*.toml"))])

    def __iter__(self) -> Iterator[ModelCard]:
        return iter(self._cards.values())

    def __len__(self) -> int:
        return len(self._cards)

    def __contains__(self, model_id: object) -> bool:
        return model_id in self._cards

    def get(self, model_id: str) -> ModelCard:
        try:
            return self._cards[model_id]
        except KeyError:
            raise ModelNotFound(
                f"no model {model_id!r} in the catalog; known ids: {', '.join(sorted(self._cards))}", model_id=model_id
            ) from None

    def find(self, model_id: str) -> ModelCard | None:
        return self._cards.get(model_id)
