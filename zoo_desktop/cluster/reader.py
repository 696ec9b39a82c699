"""The pipeline's read step: documents' bytes read on the driver's machine, a window at a time.

The driver hands Ray Data only the file list (index and path). Ray Data runs `read_window` as tasks pinned to
the driver's node (node affinity, 0 CPUs: they never wait for the actors' CPUs), one window of documents per
task, and streams their output to the actors with its usual back-pressure. A window is one actor batch: Ray
Data hands an actor a whole block and returns its rows only when the block is done, so a window of 64 for
batches of 8 made the rows come back 64 at a time, and a job of 64 documents ran on one actor. So
the driver never holds the corpus's bytes, the user's files are read on the machine that has them (nodes need
no shared disk), and a file that cannot be read becomes a row with its reason, reported like the in-process
job does.
"""

from __future__ import annotations

from typing import Any

WINDOW_ENV = "ZOO_CLUSTER_READ_WINDOW"  # tests and benchmarks: another window size


def read_window(batch: dict[str, Any]) -> dict[str, list]:
    """Columns index, path -> index, path, data (the file's bytes; b"" when unreadable), error ("" or why)."""
    from zoo_desktop.documents import read_document_bytes

    data, errors = [], []
    for path in batch["path"]:
        try:
            data.append(read_document_bytes(str(path)))
            errors.append("")
        except Exception as exc:  # missing, too large, unsupported: the row carries the reason
            data.append(b"")
            errors.append(str(exc) or type(exc).__name__)
    return {"index": [int(i) for i in batch["index"]], "path": [str(p) for p in batch["path"]], "data": data, "error": errors}
