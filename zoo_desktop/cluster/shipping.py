"""The model reaches the nodes through the job, not through a shared disk or the nodes' own model stores.

The driver exports the model as a `.zoomodel` package (graphs, vocab, manifest: zoo_desktop.store.package) and
puts its bytes in Ray's object store once; each actor, on its node, checks the package's SHA-256, installs it
with the ordinary importer (which checks every file against the manifest) into a per-node cache
``<node's ZOO_HOME>/cache/cluster-models/<sha256>/``, and loads it from there. The first actor of a node
installs; the others (and later jobs with the same model) find the cache ready and never fetch the bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoo_desktop.errors import ClusterError
from zoo_desktop.paths import ZooPaths

READY = "ready"


@dataclass(frozen=True)
class ModelShipment:
    model_id: str
    sha256: str
    size: int
    ref: tuple[Any, ...]  # (ObjectRef,): inside a tuple so Ray hands the actor the reference, not the bytes


def ship_model(store, model_id: str, workdir: Path) -> ModelShipment:
    """Export `model_id` from the driver's store and put the package in the object store."""
    import ray

    from zoo_desktop.store.package import export_package

    package = export_package(store, model_id, workdir / f"{model_id}.zoomodel")
    data = package.read_bytes()
    package.unlink()
    return ModelShipment(model_id, hashlib.sha256(data).hexdigest(), len(data), (ray.put(data),))


def cache_root(paths: ZooPaths | None = None) -> Path:
    return (paths or ZooPaths.from_env()).cache / "cluster-models"


def node_model_home(shipment: ModelShipment | None, paths: ZooPaths | None = None) -> ZooPaths:
    """A ZooPaths whose store holds the shipped model (installed now unless this node has it already);
    without a shipment, an empty one (the extractive summarizer needs no model)."""
    root = cache_root(paths)
    if shipment is None:
        return ZooPaths(root / "no-model")
    target = root / shipment.sha256
    if (target / READY).is_file():
        return ZooPaths(target)
    import ray

    from zoo_desktop.store.importer import Importer, ImportRequest
    from zoo_desktop.store.store import ModelStore

    data = ray.get(shipment.ref[0])
    digest = hashlib.sha256(data).hexdigest()
    if digest != shipment.sha256 or len(data) != shipment.size:
        raise ClusterError(f"the package of model {shipment.model_id!r} arrived damaged on this node (SHA-256 {digest}, expected {shipment.sha256})")
    staging = root / f".{shipment.sha256[:16]}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    try:
        package = staging / "package.zoomodel"
        package.write_bytes(data)
        del data
        Importer(ModelStore(ZooPaths(staging))).run(ImportRequest(str(package), model_id=shipment.model_id))
        package.unlink()
        (staging / READY).write_text(shipment.model_id + "\n", encoding="utf-8")
        try:
            staging.rename(target)
        except OSError:  # another actor of this node finished first: use its copy
            if not (target / READY).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ZooPaths(target)
