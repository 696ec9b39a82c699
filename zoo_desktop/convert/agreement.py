"""How closely a reduced-precision graph (fp16, int8) agrees with its fp32 original.

Runs both graphs on the same generated inputs (built from the graph contract in docs/graphs.md) and
reports the top-1 agreement of logits outputs and the cosine similarity of the other float outputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

_CACHE_PREFIXES = ("past_", "cross_", "source_key", "source_value")


def _feeds(session, vocab_size: int, rng: np.random.Generator, batch: int = 2, length: int = 12, past: int = 5) -> dict[str, np.ndarray]:
    feeds: dict[str, np.ndarray] = {}
    for inp in session.get_inputs():
        name = inp.name
        shape = [d if isinstance(d, int) else None for d in inp.shape]
        if name.startswith(_CACHE_PREFIXES):
            heads, size = shape[1], shape[3]
            n = past if name.startswith("past_") else length
            dtype = np.float16 if "float16" in inp.type else np.float32
            feeds[name] = (rng.standard_normal((batch, heads, n, size)) * 0.5).astype(dtype)
        elif name == "input_ids":
            cols = 1 if len(shape) == 2 and shape[1] == 1 else length
            is_step = any(i.name.startswith(("past_",)) for i in session.get_inputs())
            cols = 1 if is_step else length
            feeds[name] = rng.integers(5, vocab_size, size=(batch, cols), dtype=np.int64)
        elif name == "segment_ids":
            feeds[name] = np.zeros((batch, length), np.int64)
        elif name == "position_ids":
            feeds[name] = np.full((batch, 1), length + past, np.int64)
        elif name in ("attention_mask", "encoder_attention_mask", "source_mask"):
            feeds[name] = np.ones((batch, length), np.int64)
        else:
            raise ValueError(f"no sample input for {name!r}")
    return feeds


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64).ravel()
    b = b.astype(np.float64).ravel()
    denom = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / denom) if denom else 1.0


def measure(reference: Path, candidate: Path, vocab_size: int, *, rounds: int = 4, seed: int = 0) -> dict[str, Any]:
    """Agreement figures of `candidate` against `reference` (same graph contract)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    ref = ort.InferenceSession(str(reference), opts, providers=["CPUExecutionProvider"])
    try:
        cand = ort.InferenceSession(str(candidate), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # fp16 kernels are largely GPU-only in onnxruntime
        return {"measured": False, "reason": f"cannot run on the CPU: {str(exc).splitlines()[0][:200]}"}
    rng = np.random.default_rng(seed)
    top1_hits = top1_total = 0
    cosines: list[float] = []
    for _ in range(rounds):
        feeds = _feeds(ref, vocab_size, rng)
        cand_feeds = {i.name: feeds[i.name].astype(np.float16) if "float16" in i.type else feeds[i.name] for i in cand.get_inputs()}
        names = [o.name for o in ref.get_outputs()]
        try:
            want = ref.run(names, feeds)
            got = cand.run(names, cand_feeds)
        except Exception as exc:
            return {"measured": False, "reason": f"cannot run on the CPU: {str(exc).splitlines()[0][:200]}"}
        for name, w, g in zip(names, want, got):
            if "logits" in name:
                top1_hits += int((w.argmax(-1) == g.argmax(-1)).sum())
                top1_total += int(np.prod(w.shape[:-1]))
            else:
                cosines.append(_cosine(w, g))
    figures: dict[str, Any] = {"measured": True}
    if top1_total:
        figures["top1_agreement"] = round(top1_hits / top1_total, 4)
    if cosines:
        figures["min_cosine"] = round(min(cosines), 6)
    return figures


def acceptable(figures: dict[str, Any], threshold: float = 0.99) -> bool:
    if not figures.get("measured"):
        return False
    return figures.get("top1_agreement", 1.0) >= threshold and figures.get("min_cosine", 1.0) >= threshold
