"""Many documents decoded together: which documents share a batch, and how large a batch may be.

A decoder step reads every weight once whatever the number of rows it runs, so decoding documents together
(rows = documents x beams, or x samples) divides the weight traffic among them; the encoder runs each batch
in one call too. What a batch costs grows with its rows times its padded source length (the cross-attention
keys/values each row keeps, the encoder's activations), so batches are planned CTranslate2's way:

* documents sorted longest first (ties in input order), so that a batch's documents have similar lengths and
  little padding;
* a batch closes when it holds `max_documents`, or when one more document would take rows x the batch's
  longest source over `token_budget`; a single document over the budget still gets a batch of its own;
* results are returned in input order.

Within a batch, finished rows leave at every step (the search hands the step model the surviving rows; their
caches are gathered, never recomputed). Padding is masked in both graphs, and sources are padded to a grid
alone as in a batch (`seq2seq.LENGTH_QUANTUM`, which explains why), so a document decodes exactly as it does
alone, scores included (tests/test_engine_batching.py asserts it on mixed-length corpora).

`BatchLimits.automatic` sizes batches from the model's dimensions and the memory this machine has free:
see its docstring for the estimate. `zoo bench`-style figures: docs/benchmarks.md, "Throughput".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["BatchLimits", "ModelFootprint", "available_memory", "decode_in_batches", "plan_batches"]

T = TypeVar("T")
R = TypeVar("R")

# Rows worth running in one decoder step: past this the step's cost grows with its rows (compute and the
# per-row cross-attention reads), so larger batches only add memory (docs/benchmarks.md, "Throughput").
AUTO_ROWS = 32
AUTO_MAX_DOCUMENTS = 32
# Of the memory free when a job starts, the share the batches may take (the app, the OS and the weights
# need the rest), and a ceiling for machines with a lot of it.
MEMORY_SHARE = 0.25
MEMORY_CEILING = 4 << 30
_FALLBACK_AVAILABLE = 4 << 30


def available_memory() -> int:
    """Bytes of memory available now (Linux: MemAvailable; elsewhere what the OS reports as free, or 4 GiB)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    if os.name == "nt":
        return _windows_available() or _FALLBACK_AVAILABLE
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return _FALLBACK_AVAILABLE


def _windows_available() -> int | None:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong), ("ullTotalPhys", ctypes.c_ulonglong),
                    ("ullAvailPhys", ctypes.c_ulonglong), ("ullTotalPageFile", ctypes.c_ulonglong),
                    ("ullAvailPageFile", ctypes.c_ulonglong), ("ullTotalVirtual", ctypes.c_ulonglong),
                    ("ullAvailVirtual", ctypes.c_ulonglong), ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return int(status.ullAvailPhys)
    return None


@dataclass(frozen=True)
class ModelFootprint:
    """What one row costs a generation model, in bytes, read off its graphs by the step model. A batch's
    working memory is the larger of its encoding (documents x source x `encoder_per_token`) and its decoding
    (twice rows x (source x `per_source_token` + steps x `per_target_token`): while a step gathers the
    surviving rows, the old caches and the new exist side by side).

    `per_source_token`: what a row keeps for each source token while it decodes (T5: the cross-attention
    keys and values of every decoder layer; UniLM: the source keys and values of every layer).
    `per_target_token`: the self-attention cache a row grows by at each step.
    `encoder_per_token`: the encoder's working memory per source token of a batch (activations of the widest
    layer, the attention scores over the source, and the outputs it hands over).
    """

    per_source_token: int
    per_target_token: int
    encoder_per_token: int
    max_source: int = 512


@dataclass(frozen=True)
class BatchLimits:
    """How documents are grouped: at most `max_documents` a batch, and at most `token_budget` rows x padded
    source tokens (`None`: no limit)."""

    max_documents: int = 1
    token_budget: int | None = None

    def __post_init__(self) -> None:
        if self.max_documents < 1:
            raise ValueError("a batch holds at least one document")
        if self.token_budget is not None and self.token_budget < 1:
            raise ValueError("the token budget must be positive")

    @classmethod
    def automatic(cls, footprint: ModelFootprint, rows_per_document: int, max_len: int, *,
                  max_documents: int | None = None, memory: int | None = None, lanes: int = 1) -> "BatchLimits":
        """Limits for this model and search on this machine.

        Documents: `max_documents` if given, else enough for `AUTO_ROWS` rows (at most `AUTO_MAX_DOCUMENTS`), fewer
        if the worst batch of that many would not fit.
        Token budget: the rows x source tokens whose working memory (`promised_bytes`) fits in `MEMORY_SHARE`
        of the memory available now, at most `MEMORY_CEILING` (`memory` overrides the reading), shared by the
        `lanes` batches decoding at once; never less than one document of the longest source.
        """
        rows = max(1, rows_per_document)
        budget = memory if memory is not None else min(MEMORY_CEILING, int(available_memory() * MEMORY_SHARE))
        budget //= max(1, lanes)  # that many batches are in memory at once
        if max_documents is not None:
            return cls(max_documents, cls._tokens(footprint, rows, max_len, max_documents, budget))
        limits = cls(1, rows * footprint.max_source)
        for documents in range(max(1, min(AUTO_MAX_DOCUMENTS, AUTO_ROWS // rows)), 0, -1):
            limits = cls(documents, cls._tokens(footprint, rows, max_len, documents, budget))
            if limits.promised_bytes(footprint, rows, max_len) <= budget:
                break  # the most documents whose worst batch fits
        return limits

    @staticmethod
    def _tokens(footprint: ModelFootprint, rows: int, max_len: int, documents: int, budget: int) -> int:
        """Rows x source tokens that fit in `budget` beside the targets of `documents`; at least one longest document."""
        budget -= 2 * documents * rows * max_len * footprint.per_target_token
        per_token = max(footprint.encoder_per_token / rows, 2 * footprint.per_source_token, 1)
        return max(int(budget // per_token), rows * footprint.max_source)

    def promised_bytes(self, footprint: ModelFootprint, rows_per_document: int, max_len: int) -> int:
        """The most working memory that a batch planned with these limits can take (the weights aside)."""
        rows = max(1, rows_per_document)
        tokens = self.token_budget if self.token_budget is not None else self.max_documents * rows * footprint.max_source
        tokens = max(tokens, rows * footprint.max_source)  # one document of any length always gets its batch
        targets = self.max_documents * rows * max_len * footprint.per_target_token
        return int(max(tokens / rows * footprint.encoder_per_token, 2 * (tokens * footprint.per_source_token + targets)))


def plan_batches(lengths: Sequence[int], *, rows_per_document: int, limits: BatchLimits, quantum: int = 1,
                 longest_first: bool = True) -> list[list[int]]:
    """Indices of the documents of each batch, in length order (longest first, or shortest first for encoders
    whose order does not matter), ties in input order; each batch within `limits`, its width being its longest
    source rounded up to a multiple of `quantum` (as the step models pad it)."""
    padded = [-(-max(n, 1) // quantum) * quantum for n in lengths]
    sign = -1 if longest_first else 1
    order = sorted(range(len(lengths)), key=lambda i: (sign * padded[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current:
            width = max(padded[current[0]], padded[i])  # the batch is sorted: its widest is at one end
            over_budget = (limits.token_budget is not None
                           and (len(current) + 1) * rows_per_document * width > limits.token_budget)
            if len(current) >= limits.max_documents or over_budget:
                batches.append(current)
                current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def decode_in_batches(inputs: Sequence[T], lengths: Sequence[int], *, rows_per_document: int, limits: BatchLimits,
                      decode: Callable[[list[T], list[int]], Sequence[R]], quantum: int = 1,
                      on_batch: Callable[[list[int], Sequence[R]], Any] | None = None, lanes: int = 1) -> list[R]:
    """`decode(batch_inputs, indices)` on each planned batch; the results in input order.

    `lanes` > 1: that many batches decode at once on worker threads (each lane's `decode` must be safe to run
    beside the others: the step models are, over sessions with one intra-op thread each). `on_batch(indices,
    results)` is called after each batch, always on the calling thread (progress). Cancellation is the
    decoder's business (it checks between steps); whatever a batch raises propagates, no result is returned,
    and batches not yet started are dropped.
    """
    if len(lengths) != len(inputs):
        raise ValueError("one length per input")
    results: list[Any] = [None] * len(inputs)
    plan = plan_batches(lengths, rows_per_document=rows_per_document, limits=limits, quantum=quantum)

    def done(indices: list[int], out: Sequence[R]) -> None:
        if len(out) != len(indices):
            raise RuntimeError(f"the decoder returned {len(out)} results for {len(indices)} documents")
        for i, r in zip(indices, out):
            results[i] = r
        if on_batch is not None:
            on_batch(indices, out)

    if lanes <= 1 or len(plan) <= 1:
        for indices in plan:
            done(indices, decode([inputs[i] for i in indices], indices))
        return results
    pool = ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="zoo-decode")
    try:
        futures = {pool.submit(decode, [inputs[i] for i in indices], indices): indices for indices in plan}
        for future in as_completed(futures):
            done(futures[future], future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # batches not started are dropped; running ones finish (cancelled: within a step)
    return results
