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

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.batching import AUTO_MAX_DOCUMENTS, AUTO_ROWS, BatchLimits, decode_in_batches
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
        self.tokenizer = runtime.tokenizer
        if self.tokenizer.cls_id is None or self.tokenizer.sep_id is None:
            raise UsageError(f"model {runtime.model.id!r}: its vocab lacks [CLS] or [SEP]", model_id=runtime.model.id)

    @functools.cached_property
    def model(self) -> T5StepModel:
        """The step model over the runtime's sessions (all its threads on one batch: one document, streaming)."""
        return T5StepModel(self.runtime)

    @functools.cached_property
    def lane_model(self) -> T5StepModel:
        """The step model that parallel lanes share: sessions of one intra-op thread each (loaded on first use)."""
        return T5StepModel(self.runtime, threads=1)

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
        if ids and ids[-1] == self.tokenizer.sep_id:
            ids = ids[:-1]
        return ids

    def rows_per_document(self, options: DecodeOptions) -> int:
        return 1 if options.sample else options.beam_size

    def limits(self, options: DecodeOptions, batch_size: int | None = None, lanes: int = 1) -> BatchLimits:
        """Batch limits for `options`: `batch_size` documents at most (None: automatic), and what fits in memory
        with `lanes` batches at once."""
        return BatchLimits.automatic(self._model_for(lanes, streaming=False).footprint(), self.rows_per_document(options),
                                     options.max_len, max_documents=batch_size, lanes=lanes)

    def _model_for(self, lanes: int, *, streaming: bool) -> T5StepModel:
        """The lanes' single-threaded model for parallel batches; for one batch the runtime's own (all threads),
        unless only the lanes' is loaded and nothing streams (the tail of a batch job: no second copy of the
        weights for it)."""
        if lanes > 1:
            return self.lane_model
        if not streaming and "lane_model" in self.__dict__ and "model" not in self.__dict__:
            return self.lane_model
        return self.model

    def lanes(self, documents: int, batch_size: int | None, options: DecodeOptions) -> int:
        """Batches to decode at once: the runtime's lanes (CPU threads) when the documents make more than one
        batch of the requested (or automatic) size; 1 otherwise (loads nothing to decide)."""
        lanes = self.runtime.lanes()
        first_batch = batch_size or max(1, min(AUTO_MAX_DOCUMENTS, AUTO_ROWS // self.rows_per_document(options)))
        return lanes if lanes > 1 and documents > first_batch else 1

    def generate(
        self,
        batch_ids: Sequence[Sequence[int]],
        options: DecodeOptions,
        *,
        on_step: Callable[[int, dict[int, list[int]]], None] | None = None,
        on_batch: Callable[[list[int]], None] | None = None,
        batch_size: int | None = None,
        cancel: CancelToken | None = None,
    ) -> list[list[int]]:
        """Generated ids per document (no start or end token), in input order. The documents are decoded in
        batches (`engine.batching`: longest first, `batch_size` documents at most, None: automatic); each
        gives exactly the ids it gives alone. `on_step(step, {document index: ids so far})` streams the
        running batch; `on_batch(indices)` follows each finished batch."""
        options.validate()
        lanes = 1 if on_step is not None else self.lanes(len(batch_ids), batch_size, options)
        model = self._model_for(lanes, streaming=on_step is not None)
        limits = self.limits(options, batch_size, lanes)

        def decode(group: list[Sequence[int]], indices: list[int]) -> list[list[int]]:
            return self._generate_batch(model, group, indices, options, on_step, cancel)

        return decode_in_batches(list(batch_ids), [len(ids) for ids in batch_ids], rows_per_document=self.rows_per_document(options),
                                 limits=limits, decode=decode, quantum=model.length_quantum, lanes=lanes,
                                 on_batch=None if on_batch is None else lambda indices, _: on_batch(indices))

    def _generate_batch(self, model, batch_ids, indices, options, on_step, cancel) -> list[list[int]]:
        step_cb = None
        if options.sample:
            if on_step is not None:
                step_cb = lambda step, per_doc: on_step(step, {i: self._strip(seqs[0]) if seqs else [] for i, seqs in zip(indices, per_doc)})  # noqa: E731
            results = sample(
                model,
                batch_ids,
                n=1,
                end_id=model.end_id,
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
            step_cb = lambda step, best: on_step(step, {i: self._strip(ids) for i, ids in zip(indices, best)})  # noqa: E731
        hyps = beam_search(
            model,
            batch_ids,
            beam_size=options.beam_size,
            end_id=model.end_id,
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


@dataclass
class _Document:
    """One document on its way through the levels of a hierarchical summary."""

    request: SummaryRequest
    current: str  # the text the next pass reads: the document, then the joined chunk summaries
    current_tokens: int
    input_tokens: int
    level: int = 0
    stalled: bool = False  # the chunk summaries were no shorter than their input: no more chunking
    truncated: bool = False
    chunks: list[ChunkSummary] = field(default_factory=list)

    def pieces(self, gen: T5Generator) -> list[Piece]:
        """The chunks of this level, or [] when the document goes to its final pass."""
        r = self.request
        if self.stalled or self.current_tokens <= r.max_input or self.level >= r.max_levels:
            return []
        pieces = chunk_text(self.current, gen.count, r.max_input)
        return pieces if len(pieces) > 1 else []


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

    def _checked(self, request: SummaryRequest) -> str:
        """The request's model id, once its options are known to be valid (UsageError otherwise)."""
        model_id = self.resolve(request.model_id)
        if request.max_chars < 1:
            raise UsageError("the summary length in characters must be at least 1")
        if model_id not in (EXTRACTIVE, LEAD):
            if request.max_input < 3:
                raise UsageError("the model input length must be at least 3 tokens")
            request.decode.validate()
        return model_id

    def summarize(
        self,
        request: SummaryRequest,
        *,
        on_partial: OnPartial | None = None,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> SummaryResult:
        started = time.perf_counter()
        model_id = self._checked(request)
        if cancel is not None:
            cancel.raise_if_cancelled()
        if model_id in (EXTRACTIVE, LEAD):
            result = self._extractive(request, model_id, on_partial, progress)
        else:
            (result,) = self._abstractive(self.generator(model_id), [request], None, on_partial, progress, cancel)
        result.seconds = time.perf_counter() - started
        return result

    def summarize_many(
        self,
        requests: Sequence[SummaryRequest],
        *,
        batch_size: int | None = None,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> list[SummaryResult | Exception]:
        """Summaries of many documents, each exactly what `summarize` gives it alone. Documents with the same
        model and options are summarized together: every chunk of a level, of every document, in one batched
        generation (`batch_size` documents per batch at most; None: automatic), then every final pass. A
        request with invalid options gets its UsageError in its place; `Cancelled` propagates."""
        started = time.perf_counter()
        results: list[SummaryResult | Exception | None] = [None] * len(requests)
        groups: dict[tuple, list[int]] = {}
        for i, request in enumerate(requests):
            try:
                model_id = self._checked(request)
            except UsageError as exc:
                results[i] = exc
                continue
            if model_id in (EXTRACTIVE, LEAD):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                results[i] = self._extractive(request, model_id, None, ignore_progress)
            else:
                groups.setdefault((model_id, request.decode, request.max_input, request.max_levels), []).append(i)
        for (model_id, *_), indices in groups.items():
            summaries = self._abstractive(self.generator(model_id), [requests[i] for i in indices], batch_size, None, progress, cancel)
            for i, result in zip(indices, summaries):
                results[i] = result
        share = (time.perf_counter() - started) / max(len(requests), 1)
        for r in results:
            if isinstance(r, SummaryResult):
                r.seconds = share  # documents decoded together share the time
        return results  # type: ignore[return-value]

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
        gen: T5Generator,
        requests: Sequence[SummaryRequest],
        batch_size: int | None,
        on_partial: OnPartial | None,
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> list[SummaryResult]:
        """Hierarchical summaries of documents that share a model and options (one document when streaming)."""
        first = requests[0]
        opts, max_input = first.decode, first.max_input
        docs = []
        for r in requests:
            tokens = gen.count(r.text) + 2
            docs.append(_Document(r, r.text, tokens, tokens))
        single = len(docs) == 1  # progress per chunk; for many documents, per batch of chunks

        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            work = [(d, d.pieces(gen)) for d in docs]
            work = [(d, pieces) for d, pieces in work if pieces]
            if not work:
                break
            level = min(d.level for d, _ in work)
            jobs = [(d, i, len(pieces), piece) for d, pieces in work for i, piece in enumerate(pieces)]
            total = len(jobs)
            progress(ProgressEvent("chunk", 0.0, f"level {level + 1}: {total} chunks", 0, total))
            finished = 0

            def on_batch(indices: list[int]) -> None:
                nonlocal finished
                finished += len(indices)
                if not single:
                    progress(ProgressEvent("chunk", finished / total, f"level {level + 1}: {finished}/{total} chunks done", finished, total))
                    return
                for j in sorted(indices):
                    _, i, n, _ = jobs[j]
                    progress(ProgressEvent("chunk", (i + 1) / n, f"level {level + 1}: chunk {i + 1}/{n} done"))

            streamer = None
            if on_partial is not None:
                def streamer(step: int, per_job: dict[int, list[int]]) -> None:
                    for j, ids in sorted(per_job.items()):
                        d, i, n, _ = jobs[j]
                        on_partial(PartialSummary(d.level, i, n, False, gen.decode(ids), ids, step))

            outputs = gen.generate([gen.encode(piece.text, max_input) for _, _, _, piece in jobs], opts, on_step=streamer,
                                   on_batch=on_batch, batch_size=batch_size, cancel=cancel)
            by_doc: dict[int, list[str]] = {}
            for (d, i, n, piece), ids in zip(jobs, outputs):
                text = gen.decode(ids)
                d.chunks.append(ChunkSummary(d.level, i, piece.start, piece.end, piece.tokens + 2, text, ids))
                by_doc.setdefault(id(d), []).append(text)
            for d, _ in work:
                joined = _join(by_doc[id(d)])
                joined_tokens = gen.count(joined) + 2
                d.stalled = joined_tokens >= d.current_tokens
                d.current, d.current_tokens = joined, joined_tokens
                d.level += 1

        for d in docs:
            d.truncated = d.current_tokens > max_input
        progress(ProgressEvent("final", 0.0, "final pass" if any(d.level for d in docs) else "summarizing"))
        streamer = None
        if on_partial is not None:
            def streamer(step: int, per_doc: dict[int, list[int]]) -> None:
                for j, ids in sorted(per_doc.items()):
                    on_partial(PartialSummary(docs[j].level, 0, 1, True, gen.decode(ids), ids, step))

        summarized = 0

        def on_final_batch(indices: list[int]) -> None:
            nonlocal summarized
            summarized += len(indices)
            if not single:
                progress(ProgressEvent("final", summarized / len(docs), f"{summarized}/{len(docs)} summaries", summarized, len(docs)))

        finals = gen.generate([gen.encode(d.current, max_input) for d in docs], opts, on_step=streamer,
                              on_batch=on_final_batch, batch_size=batch_size, cancel=cancel)
        if single:
            progress(ProgressEvent("final", 1.0, "done"))
        report = gen.runtime.device_report
        return [
            SummaryResult(
                text=gen.decode(ids),
                method=ABSTRACTIVE,
                model_id=gen.model_id,
                token_ids=ids,
                chunks=d.chunks,
                levels=d.level,
                truncated=d.truncated,
                input_tokens=d.input_tokens,
                device=report.describe() if report else None,
                options={**opts.to_json(), "max_input": max_input},
            )
            for d, ids in zip(docs, finals)
        ]


def summarize(engine: Engine, text: str, **kwargs: Any) -> SummaryResult:
    """One-call convenience: `summarize(engine, text, model_id=..., decode=DecodeOptions(...))`."""
    return Summarizer(engine).summarize(SummaryRequest(text, **kwargs))
