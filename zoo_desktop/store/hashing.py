from __future__ import annotations

import hashlib
from pathlib import Path

from zoo_desktop.cancel import CancelToken


def sha256_file(path: Path, cancel: CancelToken | None = None, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
            if cancel is not None:
                cancel.raise_if_cancelled()
    return digest.hexdigest()
