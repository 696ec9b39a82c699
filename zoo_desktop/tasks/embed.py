"""SimBERT sentence vectors: the `pooled` output of `encoder.onnx`, L2-normalised (zoo-facts §4).

Texts are tokenised once (`[CLS] text [SEP]`, segment ids 0, cut to `max_len` tokens by bert4keras's
rule), grouped by length into batches (length bucketing), padded only to the longest row of each batch
(dynamic padding), and returned in input order. Similarity is the dot product of unit vectors (cosine).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.runtime import Engine, ModelRuntime
from zoo_desktop.errors import UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.tasks._batching import DEFAULT_BATCH_SIZE, DEFAULT_MAX_TOKENS, length_buckets, model_max_len, pad_rows

__all__ = ["SentenceEncoder", "open_encoder", "normalize", "cosine_matrix"]


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(norms == 0, 1.0, norms)


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return normalize(a) @ normalize(b).T


class SentenceEncoder:
    """Sentence vectors from one SimBERT model."""

    def __init__(
        self,
        runtime: ModelRuntime,
        *,
        max_len: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ) -> None:
        self.runtime = runtime
        self.max_len = model_max_len(runtime, max_len)
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.session = runtime.session("encoder")
        outputs = [o.name for o in self.session.get_outputs()]
        if "pooled" not in outputs:
            raise UsageError(f"model {runtime.model.id!r} gives no sentence vectors (its encoder has no pooled output); use a SimBERT model", reason="no_vectors", model_id=runtime.model.id)
        size = self.session.get_outputs()[outputs.index("pooled")].shape[-1]
        self.dim = int(size) if isinstance(size, int) else int(runtime.model.manifest.config["hidden_size"])
        self.batches_run = 0  # for tests and benchmarks: how many encoder calls were made
        self.rows_encoded = 0

    @property
    def model_id(self) -> str:
        return self.runtime.model.id

    def fingerprint(self) -> dict:
        """What a cached vector depends on besides the text (a re-converted model invalidates caches)."""
        conversion = self.runtime.model.manifest.conversion or {}
        return {"model": self.model_id, "converted_at": conversion.get("converted_at"), "dir": conversion.get("dir"), "max_len": self.max_len}

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        tok = self.runtime.tokenizer
        return [tok.encode(t, maxlen=self.max_len)[0] for t in texts]

    def encode(self, texts: Sequence[str], *, progress: ProgressCallback = ignore_progress, cancel: CancelToken | None = None) -> np.ndarray:
        """[len(texts), dim] float32 unit vectors, in input order."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        rows = self.tokenize(texts)
        done = 0
        for batch in length_buckets([len(r) for r in rows], self.batch_size, self.max_tokens):
            if cancel is not None:
                cancel.raise_if_cancelled()
            feeds = pad_rows([rows[i] for i in batch])
            (pooled,) = self.session.run(["pooled"], feeds)
            out[batch] = normalize(pooled)
            self.batches_run += 1
            self.rows_encoded += len(batch)
            done += len(batch)
            progress(ProgressEvent("embed", done / len(texts), f"{done}/{len(texts)} sentences"))
        return out

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.encode([a, b])
        return float(np.dot(va, vb))

    def pairwise(self, pairs: Sequence[tuple[str, str]], *, progress: ProgressCallback = ignore_progress, cancel: CancelToken | None = None) -> list[float]:
        """Cosine similarity of each (a, b) pair; every distinct text is encoded once."""
        unique = list(dict.fromkeys(t for pair in pairs for t in pair))
        index = {t: i for i, t in enumerate(unique)}
        vectors = self.encode(unique, progress=progress, cancel=cancel)
        return [float(np.dot(vectors[index[a]], vectors[index[b]])) for a, b in pairs]


def open_encoder(engine: Engine, model_id: str | None = None, **kwargs) -> SentenceEncoder:
    """The sentence encoder of `model_id`, or of the best converted SimBERT model."""
    from zoo_desktop.tasks.model_choice import resolve_model

    choice = resolve_model(engine.store, "embed", model_id)
    return SentenceEncoder(engine.runtime(choice.model_id), **kwargs)
