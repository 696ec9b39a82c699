"""Training data: TSV/CSV files read, checked and tokenized before any training starts (no TensorFlow).

Classification (`load_classification`): one text column and one label column, picked by index or, with a
header row, by name. Labels are integers or text:

* integer labels (every label of every split parses as an integer): labels 0..K-1 keep their value as the
  class id (what task_sentiment.py feeds the model); other integer sets are sorted numerically. Their
  names are the integers as written, unless `label_names` gives names in class-id order;
* text labels: class ids in sorted order of the names (deterministic, whatever the file order).

Summarization (`load_pairs`): a source column and a target column (T5 PEGASUS's finetune.py reads
`title<TAB>content`; the CSL files here are `abstract<TAB>title`, the default: source 0, target 1).

Every problem a user can fix is a `TrainingDataError` naming the file and line: a file that is not UTF-8
(with the encoding it looks like), an empty file, a row whose column count differs from the first row's,
an empty text or label, a label found only in the validation or test file, a training set with a single
class, label names that do not match the classes.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.errors import ZooError

HEADER_WORDS = frozenset(
    "label labels class category target y tag sentiment polarity title summary text sentence content review "
    "source document abstract input output id 标签 类别 类型 情感 文本 句子 内容 评论 原文 摘要 标题 正文".split()
)
MAX_FILE_BYTES = 2 << 30


class TrainingDataError(ZooError):
    """The training, validation or test data cannot be used as given (the message says where and why)."""

    exit_code = 13


@dataclass(frozen=True)
class Table:
    path: Path
    header: list[str] | None
    rows: list[tuple[int, list[str]]]  # (line number, fields)
    columns: int
    encoding: str


def _read_text(path: Path) -> tuple[str, str]:
    path = Path(path)
    if not path.is_file():
        raise TrainingDataError(f"{path} does not exist" if not path.exists() else f"{path} is not a file", reason="not_found", path=str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TrainingDataError(f"{path.name} is {size >> 20} MB; training files are limited to {MAX_FILE_BYTES >> 30} GB")
    data = path.read_bytes()
    if not data.strip():
        raise TrainingDataError(f"{path.name} is empty", reason="empty_file", path=path.name)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            from zoo_desktop.documents import decode_text

            decoded = decode_text(data, path.name)
            guess = f" (it looks like {decoded.encoding.upper()})"
        except Exception:  # binary or undecodable: say so plainly below
            pass
        raise TrainingDataError(
            f"{path.name} is not UTF-8{guess}: invalid byte 0x{data[exc.start]:02x} on line {line}. "
            "Save the file as UTF-8 and try again."
        ) from None


def _delimiter(path: Path, delimiter: str | None) -> str:
    if delimiter is not None:
        if len(delimiter) != 1:
            raise TrainingDataError(f"the delimiter must be one character, not {delimiter!r}")
        return delimiter
    return "," if path.suffix.lower() == ".csv" else "\t"


def read_table(path: Path, *, delimiter: str | None = None, header: bool | None = None,
               looks_like_header: Callable[[list[str], list[list[str]]], bool] | None = None) -> Table:
    """Rows of a TSV (default) or CSV (`.csv`) file, every row with the first row's column count.

    Blank lines are skipped. `header` None: the first row is a header when `looks_like_header(first row,
    other rows)` says so (no header without that function).
    """
    path = Path(path)
    text, encoding = _read_text(path)
    sep = _delimiter(path, delimiter)
    if sep == "\t":
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if not fields or all(not f.strip() for f in fields):
                continue
            rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise TrainingDataError(f"{path.name}, line {reader.line_num}: {exc}") from None
    if not rows:
        raise TrainingDataError(f"{path.name} is empty")
    columns = len(rows[0][1])
    for line, fields in rows:
        if len(fields) != columns:
            what = "tab" if sep == "\t" else repr(sep)
            raise TrainingDataError(
                f"{path.name}, line {line}: {len(fields)} columns where the first line has {columns} "
                f"(columns are separated by {what}; a text holding the separator must be quoted in a CSV file)"
            )
    head = None
    if header is None:
        header = bool(looks_like_header and looks_like_header(rows[0][1], [f for _, f in rows[1:]]))
    if header:
        head = [f.strip() for f in rows[0][1]]
        rows = rows[1:]
        if not rows:
            raise TrainingDataError(f"{path.name} holds a header line and no examples")
    return Table(path, head, rows, columns, encoding)


def _column(table: Table, column: int | str, what: str) -> int:
    if _is_name(column):
        if table.header is None:
            raise TrainingDataError(
                f"{table.path.name} has no header line, so the {what} column cannot be named {column!r}; give its number (0 = first)"
            )
        if column not in table.header:
            raise TrainingDataError(f"{table.path.name} has no column {column!r} (its columns: {', '.join(table.header)})",
                                    reason="no_column_named", path=table.path.name, expected=column, found=", ".join(table.header))
        return table.header.index(column)
    index = int(column)
    if not 0 <= index < table.columns:
        raise TrainingDataError(
            f"{table.path.name} has {table.columns} column{'s' if table.columns != 1 else ''}; "
            f"there is no {what} column {index} (0 = first)",
            reason="no_column", path=table.path.name, expected=index, found=table.columns,
        )
    return index


def _is_name(column: int | str) -> bool:
    return isinstance(column, str) and not column.lstrip("-").isdigit()


def _header_word(value: str) -> bool:
    return value.strip().lower() in HEADER_WORDS


def _header_detector(*columns: int | str, all_words: bool = False):
    """A header is forced by a column given by name; else guessed from the first row (see the callers)."""
    if any(_is_name(c) for c in columns):
        return lambda first, rest: True
    indices = [int(c) for c in columns]

    def detect(first: list[str], rest: list[list[str]]) -> bool:
        fields = [first[i] for i in indices if 0 <= i < len(first)]
        if not fields:
            return False
        if all_words:  # pairs: every selected field is a column name (a title may well be "标题")
            return all(_header_word(f) for f in fields)
        # classification: the label field is a column name that no other row uses as a label
        label = indices[-1]
        if not 0 <= label < len(first) or not _header_word(first[label]):
            return False
        return all(row[label].strip() != first[label].strip() for row in rest if label < len(row))

    return detect


# --- classification ---------------------------------------------------------------------------------------

@dataclass
class ClassificationSplit:
    path: Path
    texts: list[str]
    labels: list[int]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.texts)


@dataclass
class ClassificationData:
    labels: list[str]  # label names in class-id order
    label_kind: str  # "integer" | "text"
    train: ClassificationSplit
    valid: ClassificationSplit
    test: ClassificationSplit | None = None
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def num_labels(self) -> int:
        return len(self.labels)

    def counts(self, split: str) -> dict[str, int]:
        part: ClassificationSplit | None = getattr(self, split)
        if part is None:
            return {}
        counter = Counter(part.labels)
        return {self.labels[i]: counter.get(i, 0) for i in range(self.num_labels)}

    def majority_accuracy(self, split: str = "valid") -> float:
        """Accuracy of always answering the training set's most frequent class on `split`."""
        part: ClassificationSplit | None = getattr(self, split)
        if not part:
            return 0.0
        majority = Counter(self.train.labels).most_common(1)[0][0]
        return sum(1 for y in part.labels if y == majority) / len(part)

    def summary(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "label_kind": self.label_kind,
            "examples": {s: len(getattr(self, s)) for s in ("train", "valid", "test") if getattr(self, s) is not None},
            "counts": {s: self.counts(s) for s in ("train", "valid", "test") if getattr(self, s) is not None},
            "majority_valid_accuracy": self.majority_accuracy("valid"),
            "files": self.files,
        }


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _file_info(path: Path, table: Table) -> dict[str, Any]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"path": str(path.resolve()), "sha256": digest, "rows": len(table.rows), "encoding": table.encoding}


def load_classification(
    train: Path,
    valid: Path,
    test: Path | None = None,
    *,
    text_column: int | str = 0,
    label_column: int | str = 1,
    label_names: Sequence[str] | None = None,
    delimiter: str | None = None,
    header: bool | None = None,
) -> ClassificationData:
    """Read and check the three files (see the module docstring); raises `TrainingDataError`."""
    paths = {"train": Path(train), "valid": Path(valid)}
    if test is not None:
        paths["test"] = Path(test)
    raw: dict[str, tuple[Table, list[tuple[int, str, str]]]] = {}
    for split, path in paths.items():
        table = read_table(path, delimiter=delimiter, header=header,
                           looks_like_header=_header_detector(text_column, label_column))
        ti, li = _column(table, text_column, "text"), _column(table, label_column, "label")
        if ti == li:
            raise TrainingDataError(f"the text and label columns of {path.name} are the same column ({ti})")
        examples = []
        for line, fields in table.rows:
            text, label = fields[ti].strip(), fields[li].strip()
            if not text:
                raise TrainingDataError(f"{path.name}, line {line}: the text is empty", reason="empty_cell", path=path.name, line=line)
            if not label:
                raise TrainingDataError(f"{path.name}, line {line}: the label is empty", reason="empty_cell", path=path.name, line=line)
            examples.append((line, text, label))
        raw[split] = (table, examples)

    all_labels = [label for _, examples in raw.values() for _, _, label in examples]
    kind = "integer" if all(_is_int(label) for label in all_labels) else "text"

    def key(label: str):
        return int(label) if kind == "integer" else label

    train_keys = [key(label) for _, _, label in raw["train"][1]]
    distinct = set(train_keys)
    if len(distinct) < 2:
        only = raw["train"][1][0][2]
        raise TrainingDataError(
            f"{paths['train'].name} has a single class ({only!r} on all {len(train_keys)} lines): a classifier needs at least two"
        )
    for split in ("valid", "test"):
        if split not in raw:
            continue
        for line, _, label in raw[split][1]:
            if key(label) not in distinct:
                shown = sorted(distinct)
                raise TrainingDataError(
                    f"{paths[split].name}, line {line}: label {label!r} does not occur in the training file "
                    f"{paths['train'].name} (its labels: {', '.join(map(str, shown[:20]))}{' ...' if len(shown) > 20 else ''})"
                )
    ordered = sorted(distinct)
    if kind == "integer" and ordered == list(range(len(ordered))):
        ids = {k: k for k in ordered}  # 0..K-1: the label is the class id, as task_sentiment.py feeds it
    else:
        ids = {k: i for i, k in enumerate(ordered)}
    spelled: dict[int, str] = {}
    for _, _, label in raw["train"][1]:
        spelled.setdefault(ids[key(label)], label)  # an integer class is named as first written
    names = [spelled[i] for i in range(len(ordered))]
    if label_names is not None:
        label_names = [str(n).strip() for n in label_names]
        if len(label_names) != len(names):
            raise TrainingDataError(
                f"{len(label_names)} label names given for {len(names)} classes ({', '.join(names)})"
            )
        if any(not n for n in label_names) or len(set(label_names)) != len(label_names):
            raise TrainingDataError("label names must be non-empty and distinct")
        names = list(label_names)

    splits: dict[str, ClassificationSplit] = {}
    for split, (table, examples) in raw.items():
        splits[split] = ClassificationSplit(
            paths[split],
            [text for _, text, _ in examples],
            [ids[key(label)] for _, _, label in examples],
            [line for line, _, _ in examples],
        )
    files = {split: _file_info(paths[split], raw[split][0]) for split in raw}
    return ClassificationData(names, kind, splits["train"], splits["valid"], splits.get("test"), files)


# --- summarization -----------------------------------------------------------------------------------------

@dataclass
class PairSplit:
    path: Path
    sources: list[str]
    targets: list[str]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.sources)


@dataclass
class PairData:
    train: PairSplit
    valid: PairSplit
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {"examples": {"train": len(self.train), "valid": len(self.valid)}, "files": self.files}


def load_pairs(
    train: Path,
    valid: Path,
    *,
    source_column: int | str = 0,
    target_column: int | str = 1,
    delimiter: str | None = None,
    header: bool | None = None,
) -> PairData:
    """Read and check (source, target) pairs for summarization; raises `TrainingDataError`."""
    splits = {}
    files = {}
    for split, path in (("train", Path(train)), ("valid", Path(valid))):
        table = read_table(path, delimiter=delimiter, header=header,
                           looks_like_header=_header_detector(source_column, target_column, all_words=True))
        si, ti = _column(table, source_column, "source"), _column(table, target_column, "target")
        if si == ti:
            raise TrainingDataError(f"the source and target columns of {path.name} are the same column ({si})")
        sources, targets, lines = [], [], []
        for line, fields in table.rows:
            source, target = fields[si].strip(), fields[ti].strip()
            if not source:
                raise TrainingDataError(f"{path.name}, line {line}: the source text is empty")
            if not target:
                raise TrainingDataError(f"{path.name}, line {line}: the target text (summary) is empty")
            sources.append(source)
            targets.append(target)
            lines.append(line)
        splits[split] = PairSplit(path, sources, targets, lines)
        files[split] = _file_info(path, table)
    return PairData(splits["train"], splits["valid"], files)


# --- tokenized arrays (what the training child reads) ------------------------------------------------------

def pack(sequences: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Ragged int sequences as (flat int32 values, int64 offsets of length n+1)."""
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    offsets = np.zeros(len(sequences) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter((i for s in sequences for i in s), dtype=np.int32, count=int(offsets[-1]))
    return flat, offsets


def unpack(flat: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    return [flat[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


def tokenize_classification(data: ClassificationData, tokenizer, maxlen: int) -> dict[str, np.ndarray]:
    """`tokenizer.encode(text, maxlen=maxlen)` of every text, packed for `np.savez`."""
    arrays: dict[str, np.ndarray] = {}
    for split in ("train", "valid", "test"):
        part: ClassificationSplit | None = getattr(data, split)
        if part is None:
            continue
        ids = [tokenizer.encode(text, maxlen=maxlen)[0] for text in part.texts]
        arrays[f"{split}_ids"], arrays[f"{split}_offsets"] = pack(ids)
        arrays[f"{split}_labels"] = np.asarray(part.labels, dtype=np.int32)
    return arrays


def tokenize_pairs(data: PairData, tokenizer, max_source: int, max_target: int) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    for split in ("train", "valid"):
        part: PairSplit = getattr(data, split)
        src = [tokenizer.encode(text, maxlen=max_source)[0] for text in part.sources]
        tgt = [tokenizer.encode(text, maxlen=max_target)[0] for text in part.targets]
        arrays[f"{split}_source"], arrays[f"{split}_source_offsets"] = pack(src)
        arrays[f"{split}_target"], arrays[f"{split}_target_offsets"] = pack(tgt)
    return arrays
