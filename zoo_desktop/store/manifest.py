"""`manifest.json`: what a model folder holds and where it came from."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.store.hashing import sha256_file

MANIFEST_NAME = "manifest.json"
SCHEMA = 1
STATES = ("imported", "converted", "verified", "broken")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Manifest:
    id: str
    family: str
    architecture: str
    config: dict[str, Any]
    card: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # relative posix path -> {size, sha256}
    state: str = "imported"
    imported_at: str = field(default_factory=now_iso)
    vocab: str = "checkpoint/vocab.txt"
    conversion: dict[str, Any] | None = None  # filled in by the converter: graphs, precision, versions, parity
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = {
            "schema": SCHEMA,
            "id": self.id,
            "card": self.card,
            "family": self.family,
            "architecture": self.architecture,
            "config": self.config,
            "source": self.source,
            "files": self.files,
            "state": self.state,
            "imported_at": self.imported_at,
            "vocab": self.vocab,
            "conversion": self.conversion,
        }
        data.update(self.extra)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Manifest":
        known = {"id", "card", "family", "architecture", "config", "source", "files", "state", "imported_at", "vocab", "conversion"}
        extra = {k: v for k, v in data.items() if k not in known and k != "schema"}
        return cls(
            id=data["id"],
            family=data["family"],
            architecture=data["architecture"],
            config=data.get("config", {}),
            card=data.get("card"),
            source=data.get("source", {}),
            files=data.get("files", {}),
            state=data.get("state", "imported"),
            imported_at=data.get("imported_at", ""),
            vocab=data.get("vocab", "checkpoint/vocab.txt"),
            conversion=data.get("conversion"),
            extra=extra,
        )


def record_files(folder: Path, relpaths: list[str], cancel: CancelToken | None = None) -> dict[str, dict[str, Any]]:
    return {
        rel: {"size": (folder / rel).stat().st_size, "sha256": sha256_file(folder / rel, cancel)}
        for rel in sorted(relpaths)
    }


def read_manifest(folder: Path) -> Manifest:
    with open(folder / MANIFEST_NAME, encoding="utf-8") as fh:
        return Manifest.from_json(json.load(fh))


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write atomically: a reader sees the old manifest or the new one, never a torn file."""
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / MANIFEST_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
