"""What the Classify page runs on worker threads: reading an input file (lines, or a CSV/TSV column),
a model's label names, classifying; and the plain formatting of the results. No Qt."""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from zoo_desktop.cancel import CancelToken
from zoo_desktop.paths import ZooPaths
from zoo_desktop.progress import ProgressCallback, ignore_progress

TABLE_SUFFIXES = (".csv", ".tsv")
# Header names that usually hold the text, tried in this order before the longest column.
TEXT_COLUMNS = ("text", "sentence", "content", "review", "comment", "文本", "句子", "内容", "评论")


@dataclass(frozen=True)
class InputFile:
    path: Path
    texts: list[str]  # one text per line of a text file, or the chosen column's non-empty cells
    header: list[str]  # a table's columns; empty for a text file
    column: str | None  # the column the texts came from
    table_text: str  # a table as CSV text, kept to read another column; "" for a text file

    @property
    def is_table(self) -> bool:
        return bool(self.header)


class ModelLoadError(Exception):
    """The classifier model could not be opened (its message is the service's)."""


@dataclass(frozen=True)
class Classified:
    model_id: str
    texts: list[str]
    predictions: list[Any]  # zoo_desktop.tasks.classify.Prediction, in input order


def split_lines(text: str) -> list[str]:
    """One text per non-empty line, stripped (as `zoo classify` reads a text file)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _tsv_as_csv(text: str) -> str:
    # read_csv_column reads CSV; tab-separated files rarely quote, so quotes are kept as they are.
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    return out.getvalue()


def _cells(texts: Sequence[str]) -> list[str]:
    # The page shows one text per line: a cell's own line breaks become spaces.
    return [" ".join(t.split("\n")).replace("\r", " ").strip() for t in texts if t.strip()]


def guess_column(header: Sequence[str], rows: Sequence[dict[str, str]]) -> str:
    """A column named like text (text, 内容, ...), else the one with the longest cells on average."""
    lowered = {h.strip().lower(): h for h in header}
    for name in TEXT_COLUMNS:
        if name in lowered:
            return lowered[name]
    sample = rows[:200]
    return max(header, key=lambda h: sum(len(r.get(h) or "") for r in sample))


def read_input_file(path: str | os.PathLike[str]) -> InputFile:
    """A .txt (or any text) file: its non-empty lines; a .csv/.tsv file: its header and the texts of the
    likeliest text column. Any common Chinese encoding is decoded (GB18030, Big5, UTF-16...)."""
    from zoo_desktop.tasks.classify import read_csv_column
    from zoo_desktop.tasks.inputs import load_text

    path = Path(path)
    text = load_text(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return InputFile(path, split_lines(text), [], None, "")
    if path.suffix.lower() == ".tsv":
        text = _tsv_as_csv(text)
    header, rows, _ = read_csv_column(text, 0)
    column = guess_column(header, rows)
    return InputFile(path, _cells([r.get(column) or "" for r in rows]), header, column, text)


def read_column(table_text: str, column: str) -> list[str]:
    """The non-empty cells of `column` (a header name or a 0-based index) of a table read by read_input_file."""
    from zoo_desktop.tasks.classify import read_csv_column

    _, _, texts = read_csv_column(table_text, column.strip())
    return _cells(texts)


def model_labels(paths: ZooPaths, model_id: str) -> list[str] | None:
    """The label names in a classifier's manifest (None when it lists none: labels are then 0, 1, ...)."""
    from zoo_desktop.store.store import ModelStore

    labels = ModelStore(paths).get(model_id).manifest.extra.get("labels")
    return [str(label) for label in labels] if labels else None


def classify_texts(
    engine: Callable[[], Any],
    model_id: str,
    texts: Sequence[str],
    top_k: int,
    batch_size: int,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> Classified:
    """Open `model_id` on the shared engine (`engine()`, called here on the worker) and classify `texts`."""
    from zoo_desktop.tasks.classify import open_classifier

    try:
        classifier = open_classifier(engine(), model_id, batch_size=batch_size)
    except Exception as exc:
        raise ModelLoadError(str(exc) or type(exc).__name__) from exc
    if cancel is not None:
        cancel.raise_if_cancelled()
    predictions = classifier.classify(list(texts), top_k=top_k, progress=progress, cancel=cancel)
    return Classified(classifier.model_id, list(texts), predictions)


def top_width(result: Classified) -> int:
    """How many labels each prediction lists (top-k, at most the model's label count)."""
    return len(result.predictions[0].top) if result.predictions else 1


def result_rows(result: Classified) -> list[list[Any]]:
    """[#, text, label, probability, label 2, probability 2, ...] per text, in input order."""
    rows = []
    for n, (text, pred) in enumerate(zip(result.texts, result.predictions), 1):
        row: list[Any] = [n, text, pred.label, pred.probability]
        for label, probability in pred.top[1:]:
            row += [label, probability]
        rows.append(row)
    return rows


def label_counts(result: Classified) -> list[tuple[str, int]]:
    """(label, how many texts got it), most frequent first (ties in order of first appearance)."""
    return Counter(p.label for p in result.predictions).most_common()
