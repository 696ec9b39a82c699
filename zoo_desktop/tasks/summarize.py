"""Summarizing documents: T5 PEGASUS (abstractive, hierarchical for long documents) or the built-in
extractive summarizer (no model).

Abstractive summaries follow T5 PEGASUS's finetune.py: ``tokenizer.encode(text, maxlen)[0]`` → beam search
(start [CLS], end [SEP], `max_len` output tokens; beam 1 by default, as finetune.py) → ``tokenizer.decode``.
Sampling (top-k / top-p / temperature / seed) can replace the beam search.

A document longer than the model's input (`max_input` tokens, 512 by default, [CLS] and [SEP] included)
is summarized hierarchically: cut into chunks on sentence boundaries (a sentence longer than a chunk is cut
at clause marks, then by length), each chunk summarized, the chunk summaries joined and, when they fit in
one input, summarized once more (the final pass); otherwise the same again one level up, at most
`max_levels` times (the last pass then sees a truncated input, flagged in the result). Progress is
reported per chunk; `on_partial` receives the growing text of the summary being decoded at every step;
`cancel` stops within one decoding step (raises `Cancelled`).

Without a converted T5 PEGASUS model the default is the extractive summarizer (`method="extractive"`,
model id "extractive"), which picks sentences (or, at title-sized budgets, clauses) from the document up
to `max_chars` characters. "lead" (the first sentences) is also accepted, for comparisons.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.decoding import beam_search, sample
from zoo_desktop.engine.runtime import Engine, ModelRuntime
from zoo_desktop.engine.seq2seq import T5StepModel
from zoo_desktop.errors import UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.summarize import lead_baseline, split_sentences, summarize_extractive
from zoo_desktop.tasks.model_choice import EXTRACTIVE, LEAD, resolve_model

__all__ = [
    "SummaryRequest",
    "SummaryResult",
    "ChunkSummary",
    "PartialSummary",
    "DecodeOptions",
    "Piece",
    "Summarizer",
    "T5Generator",
    "chunk_text",
]

ABSTRACTIVE = "abstractive"
_TERMINATORS = frozenset("。！？!?；;…．.")
_CLAUSE_MARKS = frozenset("，,、；;：:")


@dataclass(frozen=True)
class DecodeOptions:
    beam_size: int = 1
    sample: bool = False
    top_k: int | None = None
    top_p: float | None = None
    temperature: float = 1.0
    seed: int | None = None
    max_len: int = 32  # output tokens (decoding steps), end token included

    def validate(self) -> None:
        if self.max_len < 1:
            raise UsageError("the summary length (--max-len) must be at least 1 token")
        if self.beam_size < 1:
            raise UsageError("the beam size must be at least 1")
        if self.top_k is not None and self.top_k < 1:
            raise UsageError("top-k must be at least 1")
        if self.top_p is not None and not 0 < self.top_p <= 1:
            raise UsageError("top-p must be in (0, 1]")
        if self.temperature <= 0:
            raise UsageError("the temperature must be positive")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SummaryRequest:
    text: str
    model_id: str | None = None  # None: the largest converted T5 PEGASUS, else "extractive"
    decode: DecodeOptions = field(default_factory=DecodeOptions)
    max_input: int = 512  # model input tokens per chunk, [CLS] and [SEP] included
    max_levels: int = 4  # chunk-and-summarize rounds before the final pass
    max_chars: int = 120  # length budget of the extractive and lead summaries, in characters


@dataclass(frozen=True)
class ChunkSummary:
    level: int  # 0: chunks of the document; 1: chunks of the joined level-0 summaries; ...
    index: int
    start: int  # character offsets into that level's text (level 0: the document)
    end: int
    input_tokens: int
    summary: str
    token_ids: list[int]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PartialSummary:
    """What `on_partial` receives at each decoding step."""

    level: int
    chunk: int  # index within the level; for the final pass 0
    chunks: int  # chunks at this level; for the final pass 1
    final: bool  # the final pass (its text is the summary being built)
    text: str
    token_ids: list[int]
    step: int


@dataclass
class SummaryResult:
    text: str
    method: str  # "abstractive" or "extractive"
    model_id: str  # the T5 PEGASUS model id, or "extractive" / "lead"
    token_ids: list[int] = field(default_factory=list)  # the final summary's ids (no start or end token)
    chunks: list[ChunkSummary] = field(default_factory=list)  # every chunk summarized before the final pass
    levels: int = 0  # chunking rounds (0: the document fitted in one input)
    truncated: bool = False  # the final pass saw a truncated input
    input_tokens: int = 0  # tokens of the document (abstractive)
    seconds: float = 0.0
    device: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "method": self.method,
            "summary": self.text,
            "token_ids": self.token_ids,
            "levels": self.levels,
            "chunks": [c.to_json() for c in self.chunks],
            "truncated": self.truncated,
            "input_tokens": self.input_tokens,
            "seconds": round(self.seconds, 3),
            "device": self.device,
            "options": self.options,
        }


# --------------------------------------------------------------------------------------------------------
# Chunking


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str
    tokens: int  # body tokens (no [CLS]/[SEP])


def _hard_cuts(text: str, start: int, end: int, count: Callable[[str], int], budget: int) -> list[Piece]:
    """Cut text[start:end] by length into the longest pieces of at most `budget` tokens."""
    out: list[Piece] = []
    pos = start
    while pos < end:
        n_tokens = count(text[pos:end])
        if n_tokens <= budget:
            out.append(Piece(pos, end, text[pos:end], n_tokens))
            break
        lo, hi = 1, end - pos - 1  # the longest prefix that fits (binary search; at least one character)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[pos : pos + mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        out.append(Piece(pos, pos + lo, text[pos : pos + lo], count(text[pos : pos + lo])))
        pos += lo
    return out


def _split_long(text: str, start: int, end: int, count: Callable[[str], int], budget: int) -> list[Piece]:
    """A sentence longer than a chunk: cut after clause marks, then by length."""
    pieces: list[Piece] = []
    clause_start = start
    bounds = [i + 1 for i in range(start, end) if text[i] in _CLAUSE_MARKS] + [end]
    for b in bounds:
        if b <= clause_start:
            continue
        n = count(text[clause_start:b])
        if n <= budget:
            pieces.append(Piece(clause_start, b, text[clause_start:b], n))
        else:
            pieces.extend(_hard_cuts(text, clause_start, b, count, budget))
        clause_start = b
    return pieces


def chunk_text(text: str, count: Callable[[str], int], max_tokens: int) -> list[Piece]:
    """Consecutive chunks of `text` on sentence boundaries, each at most `max_tokens` - 2 body tokens
    by `count` (tokens of a text without [CLS]/[SEP]). Whitespace between sentences stays inside a chunk."""
    budget = max_tokens - 2
    if budget < 1:
        raise UsageError("the model input length must be at least 3 tokens")
    units: list[Piece] = []
    for s in split_sentences(text):
        n = count(s.text)
        if n <= budget:
            units.append(Piece(s.start, s.end, s.text, n))
        else:
            units.extend(_split_long(text, s.start, s.end, count, budget))
    chunks: list[Piece] = []
    group: list[Piece] = []
    total = 0

    def close(members: list[Piece]) -> None:
        while members:
            start, end = members[0].start, members[-1].end
            real = count(text[start:end]) if len(members) > 1 else members[0].tokens
            if real <= budget or len(members) == 1:
                chunks.append(Piece(start, end, text[start:end], real))
                return
            # jieba cut differently across a boundary: move the last unit on
            k = len(members) - 1
            close(members[:k])
            members = members[k:]

    for u in units:
        if group and total + u.tokens > budget:
            close(group)
            group, total = [], 0
        group.append(u)
        total += u.tokens
    if group:
        close(group)
    return chunks


def _join(summaries: Sequence[str]) -> str:
    """Chunk summaries as one text: each made a sentence of its own (summaries are often unpunctuated titles)."""
    parts = []
    for s in summaries:
        s = s.strip()
        if s:
            parts.append(s if s[-1] in _TERMINATORS else s + "。")
    return "".join(parts)


# --------------------------------------------------------------------------------------------------------
# T5 PEGASUS generation


class T5Generator:
    """finetune.py's generation over the cached T5 graphs, for one model."""

    def __init__(self, runtime: ModelRuntime) -> None:
        self.runtime = runtime
        self.model = T5StepModel(runtime)
        self.tokenizer = runtime.tokenizer
        if self.model.start_id is None or self.model.end_id is None:
            raise UsageError(f"model {runtime.model.id!r}: its vocab lacks [CLS] or [SEP]")

    @property
    def model_id(self) -> str:
        return self.runtime.model.id

    def count(self, text: str) -> int:
        """Body tokens of `text` (no [CLS]/[SEP])."""
        return len(self.tokenizer.encode(text)[0]) - 2

    def encode(self, text: str, max_input: int) -> list[int]:
        return self.tokenizer.encode(text, maxlen=max_input)[0]

    def _strip(self, ids: np.ndarray) -> list[int]:
        ids = [int(i) for i in ids]
        if ids and ids[-1] == self.model.end_id:
            ids = ids[:-1]
        return ids

    def generate(
        self,
        batch_ids: Sequence[Sequence[int]],
        options: DecodeOptions,
        *,
        on_step: Callable[[int, list[list[int]]], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[list[int]]:
        """Generated ids per document (no start or end token)."""
        options.validate()
        step_cb = None
        if options.sample:
            if on_step is not None:
                step_cb = lambda step, per_doc: on_step(step, [self._strip(seqs[0]) if seqs else [] for seqs in per_doc])  # noqa: E731
            results = sample(
                self.model,
                batch_ids,
                n=1,
                end_id=self.model.end_id,
                max_len=options.max_len,
                top_k=options.top_k,
                top_p=options.top_p,
                temperature=options.temperature,
                seed=options.seed,
                on_step=step_cb,
                cancel=cancel,
            )
            return [self._strip(seqs[0]) for seqs in results]
        if on_step is not None:
            step_cb = lambda step, best: on_step(step, [self._strip(ids) for ids in best])  # noqa: E731
        hyps = beam_search(
            self.model,
            batch_ids,
            beam_size=options.beam_size,
            end_id=self.model.end_id,
            max_len=options.max_len,
            temperature=options.temperature,
            on_step=step_cb,
            cancel=cancel,
        )
        return [self._strip(h.ids) for h in hyps]

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(ids)


# --------------------------------------------------------------------------------------------------------
# The service


OnPartial = Callable[[PartialSummary], None]


class Summarizer:
    """Summaries of documents with the engine's models (or none: extractive)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._generators: dict[str, T5Generator] = {}

    def generator(self, model_id: str) -> T5Generator:
        if model_id not in self._generators:
            self._generators[model_id] = T5Generator(self.engine.runtime(model_id))
        return self._generators[model_id]

    def resolve(self, model_id: str | None) -> str:
        return resolve_model(self.engine.store, "summarize", model_id).model_id

    def summarize(
        self,
        request: SummaryRequest,
        *,
        on_partial: OnPartial | None = None,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> SummaryResult:
        started = time.perf_counter()
        model_id = self.resolve(request.model_id)
        if request.max_chars < 1:
            raise UsageError("the summary length in characters must be at least 1")
        if cancel is not None:
            cancel.raise_if_cancelled()
        if model_id in (EXTRACTIVE, LEAD):
            result = self._extractive(request, model_id, on_partial, progress)
        else:
            if request.max_input < 3:
                raise UsageError("the model input length must be at least 3 tokens")
            request.decode.validate()
            result = self._abstractive(request, self.generator(model_id), on_partial, progress, cancel)
        result.seconds = time.perf_counter() - started
        return result

    def _extractive(self, request: SummaryRequest, model_id: str, on_partial: OnPartial | None, progress: ProgressCallback) -> SummaryResult:
        progress(ProgressEvent("extractive", 0.0, "ranking sentences"))
        if model_id == LEAD:
            summary = lead_baseline(request.text, max_chars=request.max_chars)
        else:
            summary = summarize_extractive(request.text, max_chars=request.max_chars)
        if on_partial is not None:
            on_partial(PartialSummary(0, 0, 1, True, summary.text, [], 0))
        progress(ProgressEvent("extractive", 1.0, "done"))
        return SummaryResult(
            text=summary.text,
            method="extractive",
            model_id=model_id,
            truncated=summary.truncated,
            options={"max_chars": request.max_chars},
        )

    def _abstractive(
        self,
        request: SummaryRequest,
        gen: T5Generator,
        on_partial: OnPartial | None,
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> SummaryResult:
        opts = request.decode
        chunks: list[ChunkSummary] = []
        current = request.text
        level = 0
        truncated = False
        input_tokens = gen.count(current) + 2
        current_tokens = input_tokens
        stalled = False

        def streamer(level_: int, index: int, count: int, final: bool):
            if on_partial is None:
                return None

            def on_step(step: int, per_doc: list[list[int]]) -> None:
                ids = per_doc[0]
                on_partial(PartialSummary(level_, index, count, final, gen.decode(ids), ids, step))

            return on_step

        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            pieces = [] if stalled or current_tokens <= request.max_input else chunk_text(current, gen.count, request.max_input)
            if len(pieces) <= 1 or level >= request.max_levels:
                truncated = current_tokens > request.max_input
                break
            summaries = []
            for i, piece in enumerate(pieces):
                progress(ProgressEvent("chunk", i / len(pieces), f"level {level + 1}: chunk {i + 1}/{len(pieces)}"))
                (ids,) = gen.generate([gen.encode(piece.text, request.max_input)], opts, on_step=streamer(level, i, len(pieces), False), cancel=cancel)
                text = gen.decode(ids)
                chunks.append(ChunkSummary(level, i, piece.start, piece.end, piece.tokens + 2, text, ids))
                summaries.append(text)
                progress(ProgressEvent("chunk", (i + 1) / len(pieces), f"level {level + 1}: chunk {i + 1}/{len(pieces)} done"))
            joined = _join(summaries)
            joined_tokens = gen.count(joined) + 2
            stalled = joined_tokens >= current_tokens  # summaries no shorter than their input: stop chunking
            current, current_tokens = joined, joined_tokens
            level += 1

        progress(ProgressEvent("final", 0.0, "final pass" if level else "summarizing"))
        (ids,) = gen.generate([gen.encode(current, request.max_input)], opts, on_step=streamer(level, 0, 1, True), cancel=cancel)
        progress(ProgressEvent("final", 1.0, "done"))
        report = gen.runtime.device_report
        return SummaryResult(
            text=gen.decode(ids),
            method=ABSTRACTIVE,
            model_id=gen.model_id,
            token_ids=ids,
            chunks=chunks,
            levels=level,
            truncated=truncated,
            input_tokens=input_tokens,
            device=report.describe() if report else None,
            options={**opts.to_json(), "max_input": request.max_input},
        )


def summarize(engine: Engine, text: str, **kwargs: Any) -> SummaryResult:
    """One-call convenience: `summarize(engine, text, model_id=..., decode=DecodeOptions(...))`."""
    return Summarizer(engine).summarize(SummaryRequest(text, **kwargs))
