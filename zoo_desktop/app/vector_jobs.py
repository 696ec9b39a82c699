"""The Similarity and Paraphrase pages' worker-thread calls over the SimBERT services (no Qt).

Each function takes `engine`, a callable returning the window's shared Engine (EngineHolder.engine),
so the engine is only ever touched on the worker thread that runs the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from zoo_desktop.cancel import CancelToken
from zoo_desktop.progress import ProgressCallback, ignore_progress

__all__ = [
    "ComparedSentence",
    "BuiltIndex",
    "sentence_lines",
    "compare",
    "build_index",
    "search",
    "hit_location",
    "paraphrase",
]


@dataclass(frozen=True)
class ComparedSentence:
    line: int  # 1-based line of the sentence in the user's list
    text: str
    score: float  # cosine similarity to sentence A


@dataclass(frozen=True)
class BuiltIndex:
    index: Any  # search_index.SearchIndex
    stats: Any  # search_index.UpdateStats
    model_id: str
    corpus: str
    unit: str  # as the user asked (may be "auto")
    max_len: int | None

    def key(self) -> tuple:
        """What the index was built from; a page drops it when any of these changes."""
        return (self.model_id, self.corpus, self.unit, self.max_len)


def sentence_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped text) of each non-empty line."""
    return [(i, line.strip()) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


def compare(
    engine: Callable[[], Any],
    model_id: str,
    sentence: str,
    others: list[tuple[int, str]],
    max_len: int | None = None,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> list[ComparedSentence]:
    """Cosine similarity of each of `others` to `sentence`, best first (ties keep the list's order)."""
    from zoo_desktop.tasks.embed import open_encoder

    encoder = open_encoder(engine(), model_id, max_len=max_len)
    scores = encoder.pairwise([(sentence, text) for _, text in others], progress=progress, cancel=cancel)
    rows = [ComparedSentence(line, text, score) for (line, text), score in zip(others, scores)]
    return sorted(rows, key=lambda r: -r.score)


def build_index(
    engine: Callable[[], Any],
    model_id: str,
    corpus: str,
    unit: str,
    cache_dir: Path,
    max_len: int | None = None,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> BuiltIndex:
    """The corpus's index, built or brought up to date from its cache (search_index.open_index)."""
    from zoo_desktop.tasks.embed import open_encoder
    from zoo_desktop.tasks.search_index import open_index

    encoder = open_encoder(engine(), model_id, max_len=max_len)
    index, stats = open_index(encoder, corpus, cache_dir=cache_dir, unit=unit, progress=progress, cancel=cancel)
    return BuiltIndex(index, stats, model_id, corpus, unit, max_len)


def search(index: Any, query: str, k: int, *, cancel: CancelToken | None = None) -> list[Any]:
    """The `k` best hits (search_index.Hit) for one query."""
    return index.search([query], k, cancel=cancel)[0]


def hit_location(entry: Any) -> str:
    """Where an entry is in its file: `12` (a line) or `@340` (a character offset), as the CLI prints it."""
    if entry.line is not None:
        return str(entry.line)
    if entry.start is not None:
        return f"@{entry.start}"
    return ""


def paraphrase(
    engine: Callable[[], Any],
    model_id: str,
    request: Any,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> Any:
    """Paraphrases of `request.text` (a ParaphraseRequest), ranked by similarity; cancellable between
    decoding steps."""
    from zoo_desktop.tasks.paraphrase import open_paraphraser

    return open_paraphraser(engine(), model_id).paraphrase(request, cancel=cancel, progress=progress)
