"""Semantic search over a corpus with SimBERT vectors, persisted under ZOO_HOME/cache and updated incrementally.

A corpus is a file of sentences (one entry per non-empty line; a document format `load_document` reads, or
plain text under any suffix)
or a folder of documents (every .txt/.md/.docx/.pdf/.html below it, recursively; one entry per sentence, or
per document with ``unit="document"``).

The index lives in ``<cache>/search/<model id>/<digest of the corpus path and unit>.npz`` and holds:
one vector per distinct entry text, keyed by the text's SHA-256 (vectors depend only on the text and the
model, whose id and conversion stamp are recorded); and, per corpus file, its size and mtime with the
entries it gave. Opening the index re-reads only files whose size or mtime changed, embeds only texts
whose hash it has no vector for, drops vectors no entry uses any more, and rewrites the file atomically
(only when something changed). A different model, or a re-converted one, starts from scratch.

Ranking is exact: the cosine of the query's unit vector with every entry's (one matrix product), best
first, ties in corpus order.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.documents import SUPPORTED_SUFFIXES, DocumentError
from zoo_desktop.errors import UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.tasks.embed import SentenceEncoder
from zoo_desktop.tasks.inputs import load_text

__all__ = ["CorpusEntry", "Hit", "UpdateStats", "SearchIndex", "open_index", "index_path", "corpus_files", "content_hash"]

log = logging.getLogger(__name__)

FORMAT = 1
UNITS = ("auto", "line", "sentence", "document")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CorpusEntry:
    text: str
    source: str  # the file, relative to a folder corpus (its name for a file corpus)
    line: int | None = None  # 1-based line number (file corpus)
    start: int | None = None  # character offsets into the document's text (folder corpus)
    end: int | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Hit:
    rank: int  # 1-based
    score: float  # cosine similarity
    entry: CorpusEntry

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "score": self.score, **self.entry.to_json()}


@dataclass
class UpdateStats:
    entries: int = 0  # entries in the corpus now
    unique: int = 0  # distinct texts (one vector each)
    embedded: int = 0  # texts embedded by this update
    reused: int = 0  # texts whose cached vector was reused
    removed: int = 0  # cached vectors dropped (texts gone from the corpus)
    files_read: int = 0  # files (re)loaded because they are new or changed
    files_unchanged: int = 0  # files whose cached entries were reused without reading them
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason) not readable
    rebuilt: bool = False  # no usable index existed (first run, other model, re-converted model)
    saved: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = [{"file": f, "reason": r} for f, r in self.skipped]
        return data


def corpus_files(corpus: Path) -> list[Path]:
    """Documents below a folder (supported suffixes, hidden files and folders excluded), in path order."""
    found = []
    for root, dirs, files in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def _entries_of(path: Path, source: str, unit: str) -> list[CorpusEntry]:
    text = load_text(path)
    if unit == "line":
        return [CorpusEntry(line.strip(), source, line=i) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    if unit == "document":
        stripped = text.strip()
        return [CorpusEntry(stripped, source, start=0, end=len(text))] if stripped else []
    from zoo_desktop.summarize import split_sentences

    return [CorpusEntry(s.text.strip(), source, start=s.start, end=s.end) for s in split_sentences(text) if s.text.strip()]


def index_path(cache_dir: Path, model_id: str, corpus: Path, unit: str) -> Path:
    digest = hashlib.sha256(f"{corpus.resolve()}\n{unit}".encode("utf-8")).hexdigest()[:24]
    return cache_dir / "search" / model_id / f"{digest}.npz"


def _load(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            hashes = [str(h) for h in data["hashes"]]
            vectors = np.array(data["vectors"], dtype=np.float32)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or foreign file is a cache miss, never an error
        log.warning("ignoring unreadable search index %s: %s", path, exc)
        return None
    if meta.get("format") != FORMAT or len(hashes) != len(vectors):
        return None
    return meta, dict(zip(hashes, vectors))


def _save(path: Path, meta: dict[str, Any], hashes: list[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(
                fh,
                meta=np.array(json.dumps(meta, ensure_ascii=False)),
                hashes=np.array(hashes, dtype="U64") if hashes else np.zeros(0, dtype="U64"),
                vectors=vectors.astype(np.float32, copy=False),
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SearchIndex:
    """The corpus's entries and their unit vectors, ready to query."""

    def __init__(self, encoder: SentenceEncoder, corpus: Path, unit: str, path: Path, entries: list[CorpusEntry], vectors: np.ndarray, rows: np.ndarray) -> None:
        self.encoder = encoder
        self.corpus = corpus
        self.unit = unit
        self.path = path
        self.entries = entries
        self.vectors = vectors  # [distinct texts, dim]
        self.rows = rows  # [entries] row of each entry's vector

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    def __len__(self) -> int:
        return len(self.entries)

    def entry_vectors(self) -> np.ndarray:
        return self.vectors[self.rows]

    def scores(self, query_vectors: np.ndarray) -> np.ndarray:
        """[queries, entries] cosine similarities (the vectors are unit length)."""
        q = np.asarray(query_vectors, dtype=np.float32)
        if q.ndim == 1:
            q = q[None, :]
        if not len(self.entries):
            return np.zeros((len(q), 0), dtype=np.float32)
        return (q @ self.vectors.T)[:, self.rows]

    def search(self, queries: Sequence[str], k: int = 10, *, cancel: CancelToken | None = None) -> list[list[Hit]]:
        """The `k` entries most similar to each query, best first (exact cosine; ties in corpus order)."""
        if k < 1:
            raise UsageError("k must be at least 1")
        vectors = self.encoder.encode(list(queries), cancel=cancel)
        return [self._top(row, k) for row in self.scores(vectors)]

    def _top(self, scores: np.ndarray, k: int) -> list[Hit]:
        n = len(scores)
        k = min(k, n)
        if k == 0:
            return []
        if n > 4 * k:
            # the k-th best score, then everything at least that good, ranked exactly
            threshold = np.partition(scores, n - k)[n - k]
            candidates = np.flatnonzero(scores >= threshold)
        else:
            candidates = np.arange(n)
        order = candidates[np.lexsort((candidates, -scores[candidates].astype(np.float64)))][:k]
        return [Hit(r + 1, float(scores[i]), self.entries[i]) for r, i in enumerate(order)]


def open_index(
    encoder: SentenceEncoder,
    corpus: str | os.PathLike[str],
    *,
    cache_dir: Path,
    unit: str = "auto",
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> tuple[SearchIndex, UpdateStats]:
    """The corpus's index, built or brought up to date (see the module docstring), and what the update did."""
    corpus = Path(corpus).expanduser()
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    folder = corpus.is_dir()
    if folder:
        unit = "sentence" if unit == "auto" else unit
        files = [(p, p.relative_to(corpus).as_posix()) for p in corpus_files(corpus)]
    elif corpus.is_file():
        unit = "line" if unit == "auto" else unit
        files = [(corpus, corpus.name)]
    else:
        raise UsageError(f"the corpus {corpus} does not exist (give a file of sentences or a folder of documents)", reason="not_found", path=str(corpus))
    path = index_path(cache_dir, encoder.model_id, corpus, unit)
    stats = UpdateStats()
    loaded = _load(path)
    fingerprint = encoder.fingerprint()
    if loaded is not None and loaded[0].get("fingerprint") != fingerprint:
        loaded = None
    stats.rebuilt = loaded is None
    old_meta, old_vectors = loaded if loaded is not None else ({"files": {}}, {})

    entries: list[CorpusEntry] = []
    file_meta: dict[str, Any] = {}
    for i, (file, source) in enumerate(files):
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            st = file.stat()
        except OSError as exc:
            stats.skipped.append((source, str(exc)))
            continue
        cached = old_meta["files"].get(source)
        if cached is not None and cached["size"] == st.st_size and cached["mtime_ns"] == st.st_mtime_ns:
            file_entries = [CorpusEntry(**e) for e in cached["entries"]]
            stats.files_unchanged += 1
        else:
            try:
                file_entries = _entries_of(file, source, unit)
            except DocumentError as exc:
                if not folder:
                    raise  # the corpus itself is unreadable
                stats.skipped.append((source, str(exc)))
                continue
            stats.files_read += 1
        entries.extend(file_entries)
        file_meta[source] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "entries": [e.to_json() for e in file_entries]}
        progress(ProgressEvent("read", (i + 1) / len(files), f"{i + 1}/{len(files)} files"))

    hashes = [e.hash for e in entries]
    unique = list(dict.fromkeys(hashes))
    missing = [h for h in unique if h not in old_vectors]
    text_of = {h: e.text for h, e in zip(hashes, entries)}
    new_vectors = encoder.encode([text_of[h] for h in missing], progress=progress, cancel=cancel) if missing else None
    vector_of = {h: old_vectors[h] for h in unique if h in old_vectors}
    if new_vectors is not None:
        vector_of.update(zip(missing, new_vectors))
    stats.entries = len(entries)
    stats.unique = len(unique)
    stats.embedded = len(missing)
    stats.reused = len(unique) - len(missing)
    stats.removed = sum(1 for h in old_vectors if h not in vector_of)
    vectors = np.stack([vector_of[h] for h in unique]).astype(np.float32) if unique else np.zeros((0, encoder.dim), dtype=np.float32)
    row_of = {h: i for i, h in enumerate(unique)}
    rows = np.array([row_of[h] for h in hashes], dtype=np.int64)

    meta = {"format": FORMAT, "fingerprint": fingerprint, "corpus": str(corpus.resolve()), "unit": unit, "files": file_meta}
    if stats.rebuilt or stats.embedded or stats.removed or file_meta != old_meta.get("files"):
        _save(path, meta, unique, vectors)
        stats.saved = True
    return SearchIndex(encoder, corpus, unit, path, entries, vectors, rows), stats
