"""`zoo models pull ID`: fetch a catalog model by its id (download, check, import) in one step.

The archive comes from the card's URL, or from a mirror: a base URL under which the release archives
sit by their names (`<mirror>/<archive>`), for a company mirror or a machine that cannot reach the
zoo's server. The mirror is given explicitly (`--mirror`, the app's setting) or by `ZOO_MIRROR`.
The download itself is the importer's: resumable (a cancelled or interrupted pull continues with
HTTP Range), checked against the card's SHA-256 when it has one, installed atomically.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import dataclass

from zoo_desktop.cancel import CancelToken
from zoo_desktop.catalog.cards import ModelCard
from zoo_desktop.errors import DownloadError, ServerUnreachable, UsageError
from zoo_desktop.paths import ZooPaths, download_path
from zoo_desktop.progress import ProgressCallback, ignore_progress
from zoo_desktop.store.store import InstalledModel, ModelExists, ModelStore

MIRROR_ENV = "ZOO_MIRROR"


@dataclass(frozen=True)
class PartialDownload:
    """A download left by a cancelled or interrupted pull, which the next pull continues."""

    received: int
    total: int | None


def effective_mirror(mirror: str | None = None) -> str | None:
    """The mirror to use: the given one, else `ZOO_MIRROR`; None (or blank) means the card's own URL."""
    if mirror is None:
        mirror = os.environ.get(MIRROR_ENV)
    mirror = (mirror or "").strip()
    if not mirror:
        return None
    if urllib.parse.urlsplit(mirror).scheme.lower() not in ("http", "https"):
        raise UsageError(f"the download mirror must be an http:// or https:// address, not {mirror!r}")
    return mirror


def release_url(card: ModelCard, mirror: str | None = None) -> str | None:
    """Where the card's release archive is downloaded from; None when it has no URL and no mirror is set."""
    base = effective_mirror(mirror)
    if base is not None:
        return base.rstrip("/") + "/" + urllib.parse.quote(card.archive)
    return card.url


def partial_download(paths: ZooPaths, card: ModelCard, mirror: str | None = None) -> PartialDownload | None:
    """The part of the card's archive already on disk, if a pull of it was interrupted."""
    try:
        url = release_url(card, mirror)
    except UsageError:
        return None
    if url is None:
        return None
    from zoo_desktop.download.http import part_paths

    part, sidecar = part_paths(download_path(paths, url))
    try:
        received = part.stat().st_size
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if received == 0 or not isinstance(meta, dict) or meta.get("url") != url:
        return None  # the downloader would start again from zero
    total = meta.get("size")
    return PartialDownload(received, total if isinstance(total, int) else None)


def pull_model(
    store: ModelStore,
    model_id: str,
    *,
    mirror: str | None = None,
    replace: bool = False,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> InstalledModel:
    """Download the catalog model `model_id` and import it under that id."""
    card = store.catalog.get(model_id)  # ModelNotFound lists the known ids
    url = release_url(card, mirror)
    if url is None:
        raise DownloadError(
            f"the catalog has no download address for {card.id} ({card.name_en}): download {card.archive} "
            f"from its project's page and import it with `zoo models import FILE`, or set {MIRROR_ENV} "
            "to a mirror that holds it"
        )
    if store.is_installed(card.id) and not replace:
        # Checked before downloading hundreds of megabytes; the import checks again under the lock.
        raise ModelExists(f"model {card.id!r} is already installed; remove it first (`zoo models remove {card.id}`)")
    try:
        from zoo_desktop.store.importer import Importer, ImportRequest  # checkpoint reading (numpy): only to import

        return Importer(store).run(
            ImportRequest(url, card.id, replace, sha256=card.sha256), progress=progress, cancel=cancel
        )
    except ServerUnreachable as exc:
        raise ServerUnreachable(
            f"{exc} The download server cannot be reached from here: download {card.archive} on another "
            f"machine and import the file (`zoo models import {card.archive}`, or Models → Import from file…), "
            f"or set {MIRROR_ENV} to a mirror that holds it."
        ) from exc
