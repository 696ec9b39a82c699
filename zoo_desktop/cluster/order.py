"""Putting a finished job's output in input order, for outputs whose rows were written as they came.

The journal says where each row is: every "done" entry carries the output's size after its row, so a row spans
from the previous entry's size to its own. The output is rewritten with the rows sorted by input position (rows
of sources no longer among the inputs last, in their old order) and the journal rewritten to match, each
through a temporary file and a rename. The output's size does not change, so a resume cut-back stays right.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from zoo_desktop.tasks.batch import read_journal


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.order")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def put_in_input_order(output: Path, journal: Path, sources: Sequence[str]) -> bool:
    """Reorder `output` (a jsonl or csv batch output) and its journal by `sources`; False when nothing moved."""
    header, entries = read_journal(journal)
    if header is None:
        return False
    content = output.read_bytes()
    start = int(header.get("start_size", 0))
    position = {s: i for i, s in enumerate(sources)}
    rows: list[tuple[int, int, dict, bytes]] = []  # (rank, journal position, entry, bytes)
    others: list[dict] = []
    previous = start
    for n, entry in enumerate(entries):
        if entry.get("status") == "done" and "size" in entry:
            size = int(entry["size"])
            rank = position.get(entry["source"], len(position))
            rows.append((rank, n, entry, content[previous:size]))
            previous = size
        elif "complete" not in entry:
            others.append(entry)
    ordered = sorted(rows, key=lambda r: (r[0], r[1]))
    if [r[1] for r in ordered] == [r[1] for r in rows]:
        return False
    body = bytearray(content[:start])
    new_entries = []
    for _, _, entry, data in ordered:
        body += data
        new_entries.append({**entry, "size": len(body)})
    body += content[previous:]  # nothing unless the output outgrew its journal
    lines = [header, *new_entries, *others]
    _replace(journal, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines).encode("utf-8"))
    _replace(output, bytes(body))
    return True
