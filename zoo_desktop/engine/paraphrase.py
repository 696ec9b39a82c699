"""SimBERT paraphrases, as the zoo's `gen_synonyms` example does them (zoo-facts §4).

bert4keras's recipe: sample n=100 continuations of the UniLM seq2seq model (start None, end [SEP],
maxlen 32, `random_sample(n, topk=5)`), decode them, dedupe, drop the input, encode the input and the
candidates to L2-normalised sentence vectors, rank the candidates by cosine to the input, keep k=20.

Two differences, both about order only: bert4keras dedupes through `set()` (an order that changes with
Python's hash seed) and ranks with numpy's unstable `argsort`; here duplicates keep their first occurrence
and ties keep that order (stable sort), so results are reproducible for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.decoding import SeedLike, StepModel, sample

__all__ = ["gen_synonyms", "rank_paraphrases"]

Embed = Callable[[list[str]], np.ndarray]


def rank_paraphrases(text: str, candidates: Sequence[str], embed: Embed, k: int = 20) -> list[tuple[str, float]]:
    """Dedupe `candidates`, drop `text`, rank by cosine to `text` under `embed`; return the top `k`
    as (paraphrase, cosine) pairs, best first.

    `embed(texts)` returns one vector per text ([len(texts), H]); they are L2-normalised here again, so
    unit vectors from the SimBERT runner and raw pooler outputs both work.
    """
    unique = [c for c in dict.fromkeys(candidates) if c != text]
    if not unique or k <= 0:
        return []
    vectors = np.asarray(embed([text, *unique]), dtype=np.float64)
    if vectors.shape[0] != len(unique) + 1:
        raise ValueError(f"embed returned {vectors.shape[0]} vectors for {len(unique) + 1} texts")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    sims = vectors[1:] @ vectors[0]
    order = np.argsort(-sims, kind="stable")[:k]
    return [(unique[i], float(sims[i])) for i in order]


def gen_synonyms(
    model: StepModel,
    source: Any,
    text: str,
    *,
    decode: Callable[[np.ndarray], str],
    embed: Embed,
    end_id: int,
    n: int = 100,
    k: int = 20,
    top_k: int | None = 5,
    top_p: float | None = None,
    max_len: int = 32,
    seed: SeedLike = None,
    cancel: CancelToken | None = None,
) -> list[tuple[str, float]]:
    """Sample `n` paraphrases of one document (`source`: the model's input for `text`), then rank them.

    `decode(ids)` turns generated ids into text (the tokenizer's `decode`; the end token is included in
    `ids` and must be dropped by it, as bert4keras's `Tokenizer.decode` drops every `[...]` token).
    """
    (samples,) = sample(
        model, [source], n=n, end_id=end_id, max_len=max_len, top_k=top_k, top_p=top_p, seed=seed, cancel=cancel
    )
    if cancel is not None:
        cancel.raise_if_cancelled()
    return rank_paraphrases(text, [decode(ids) for ids in samples], embed, k)
