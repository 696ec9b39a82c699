"""Dynamic padding with length bucketing for encoder graphs (input_ids / segment_ids / attention_mask)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zoo_desktop.engine.batching import BatchLimits, plan_batches

DEFAULT_BATCH_SIZE = 32
DEFAULT_MAX_TOKENS = 16384  # rows x padded length per batch: bounds memory for long inputs


def length_buckets(lengths: Sequence[int], batch_size: int = DEFAULT_BATCH_SIZE, max_tokens: int = DEFAULT_MAX_TOKENS) -> list[list[int]]:
    """Row indices grouped into batches of similar length (shortest first).

    A batch holds at most `batch_size` rows and at most `max_tokens` padded tokens (always at least one row).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return plan_batches(lengths, rows_per_document=1, limits=BatchLimits(batch_size, max_tokens), longest_first=False)


def pad_rows(rows: Sequence[Sequence[int]], segments: Sequence[Sequence[int]] | None = None, pad_id: int = 0) -> dict[str, np.ndarray]:
    """Right-padded int64 feeds for an encoder graph; the mask keeps each row's real tokens."""
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    segs = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
        if segments is not None:
            segs[i, : len(r)] = segments[i]
    return {"input_ids": ids, "segment_ids": segs, "attention_mask": mask}


def model_max_len(runtime, requested: int | None, default: int = 512) -> int:
    """The input length to use: the request (or `default`), never above the model's position table."""
    cfg = runtime.model.manifest.config or {}
    limit = int(cfg.get("max_position_embeddings", default) or default)
    value = default if requested is None else int(requested)
    if value < 2:
        raise ValueError("the maximum input length must be at least 2 tokens")
    return min(value, limit)
