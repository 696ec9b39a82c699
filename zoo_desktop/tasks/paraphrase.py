"""Paraphrases with SimBERT: the zoo's `gen_synonyms` recipe (zoo-facts §4) over the cached UniLM graphs.

This is `engine.paraphrase.gen_synonyms`, spelled out to keep each paraphrase's generated token ids.
The input is encoded as bert4keras's example does (``tokenizer.encode(text, maxlen=32)``: source segment 0),
`n` continuations are sampled (top-k 5 by default, end [SEP], at most 32 tokens), decoded, deduplicated,
the input itself dropped, and the rest ranked by the cosine of their SimBERT sentence vectors to the
input's; the best `k` are returned with their cosine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine.decoding import sample
from zoo_desktop.engine.paraphrase import rank_paraphrases
from zoo_desktop.engine.runtime import Engine, ModelRuntime
from zoo_desktop.engine.seq2seq import UniLMStepModel
from zoo_desktop.errors import UsageError
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress
from zoo_desktop.tasks.embed import SentenceEncoder

__all__ = ["ParaphraseRequest", "ParaphraseResult", "Paraphraser", "open_paraphraser"]


@dataclass(frozen=True)
class ParaphraseRequest:
    text: str
    n: int = 100  # samples drawn
    k: int = 20  # paraphrases kept
    top_k: int | None = 5
    top_p: float | None = None
    max_len: int = 32  # generated tokens
    max_input: int = 32  # source tokens, as the zoo's example
    seed: int | None = None


@dataclass
class ParaphraseResult:
    text: str
    model_id: str
    paraphrases: list[tuple[str, float]] = field(default_factory=list)  # (text, cosine to the input), best first
    samples: int = 0
    token_ids: list[list[int]] = field(default_factory=list)  # generated ids of each paraphrase (no end token)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model_id,
            "text": self.text,
            "samples": self.samples,
            "paraphrases": [{"text": t, "score": s, "token_ids": ids} for (t, s), ids in zip(self.paraphrases, self.token_ids)],
        }


class Paraphraser:
    def __init__(self, runtime: ModelRuntime, encoder: SentenceEncoder | None = None) -> None:
        self.runtime = runtime
        self.step_model = UniLMStepModel(runtime)
        self.encoder = encoder or SentenceEncoder(runtime)

    @property
    def model_id(self) -> str:
        return self.runtime.model.id

    def paraphrase(self, request: ParaphraseRequest, *, cancel: CancelToken | None = None,
                   progress: ProgressCallback = ignore_progress) -> ParaphraseResult:
        if request.n < 1 or request.k < 1:
            raise UsageError("n and k must be at least 1")
        if not request.text.strip():
            raise UsageError("nothing to paraphrase: the text is empty", reason="empty_input")
        tok = self.runtime.tokenizer
        source = tok.encode(request.text, maxlen=request.max_input)
        # engine.paraphrase.gen_synonyms, step by step, to keep each paraphrase's generated ids
        (samples,) = sample(
            self.step_model,
            [source],
            n=request.n,
            end_id=self.step_model.end_id,
            max_len=request.max_len,
            top_k=request.top_k,
            top_p=request.top_p,
            seed=request.seed,
            cancel=cancel,
            on_step=lambda step, _ids: progress(ProgressEvent(
                "generate", min(step + 1, request.max_len) / request.max_len, f"{step + 1}/{request.max_len} tokens",
                done=step + 1, total=request.max_len)),
        )
        if cancel is not None:
            cancel.raise_if_cancelled()
        ids_of: dict[str, list[int]] = {}
        texts = []
        for ids in samples:
            text = tok.decode(ids)
            texts.append(text)
            ids_of.setdefault(text, [int(i) for i in ids if i != self.step_model.end_id])
        ranked = rank_paraphrases(request.text, texts, lambda batch: self.encoder.encode(batch, cancel=cancel), request.k)
        return ParaphraseResult(request.text, self.model_id, ranked, len(samples), [ids_of[t] for t, _ in ranked])


def open_paraphraser(engine: Engine, model_id: str | None = None) -> Paraphraser:
    from zoo_desktop.tasks.model_choice import resolve_model

    choice = resolve_model(engine.store, "paraphrase", model_id)
    return Paraphraser(engine.runtime(choice.model_id))
