"""Cached step models over the exported generation graphs (docs/graphs.md), for `engine.decoding`.

`T5StepModel` runs `t5_encoder` once per document and `t5_decoder_step` once per token; `UniLMStepModel`
runs `unilm_source` once per document and `unilm_step` once per token. Beams are re-ranked by gathering
cache rows; nothing is recomputed.

[PAD] is never generated: bert4keras would mask a generated [PAD] as a key in later steps, which a cached
decoder cannot reproduce, and trained models never emit it. Its logit is set to -inf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from zoo_desktop.engine.runtime import ModelRuntime

_NEG = np.float32(-np.inf)


def _pad_rows(rows: Sequence[Sequence[int]], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(r) for r in rows)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def _gather(arrays: dict[str, np.ndarray], index: np.ndarray, identity: bool) -> dict[str, np.ndarray]:
    return arrays if identity else {k: a[index] for k, a in arrays.items()}


def _as_past(names: list[str], arrays: list[np.ndarray]) -> dict[str, np.ndarray]:
    """The step's `present_*` outputs become the next step's `past_*` inputs."""
    return {n.replace("present_", "past_", 1): a for n, a in zip(names, arrays)}


def _is_identity(index: np.ndarray, n: int) -> bool:
    return len(index) == n and bool(np.all(index == np.arange(n)))


def _ban(logits: np.ndarray, token_id: int | None) -> np.ndarray:
    if token_id is not None:
        logits = np.array(logits, dtype=np.float32, copy=True)
        logits[:, token_id] = _NEG
    return logits


def _cache_dims(session, prefix: str) -> list[tuple[str, int, int]]:
    """(name, heads, head size) of each cache input with this prefix."""
    return [(i.name, int(i.shape[1]), int(i.shape[3])) for i in session.get_inputs() if i.name.startswith(prefix)]


def _empty_past(dims: list[tuple[str, int, int]], batch: int, dtype) -> dict[str, np.ndarray]:
    return {name: np.zeros((batch, heads, 0, size), dtype=dtype) for name, heads, size in dims}


@dataclass
class T5State:
    cross: dict[str, np.ndarray]  # cross_key_{i}, cross_value_{i}
    encoder_mask: np.ndarray
    past: dict[str, np.ndarray]  # past_key_{i}, past_value_{i}


class T5StepModel:
    output_kind = "logits"

    def __init__(self, runtime: ModelRuntime) -> None:
        self.runtime = runtime
        self.encoder = runtime.session("t5_encoder")
        self.decoder = runtime.session("t5_decoder_step")
        tok = runtime.tokenizer
        self.start_id = tok.cls_id
        self.end_id = tok.sep_id
        self.pad_id = tok.pad_id
        self._cross_names = [o.name for o in self.encoder.get_outputs() if o.name.startswith("cross_")]
        self._past = _cache_dims(self.decoder, "past_")
        self._present_names = [o.name for o in self.decoder.get_outputs() if o.name.startswith("present_")]

    def _run_step(self, state: T5State, token_ids: np.ndarray) -> tuple[T5State, np.ndarray]:
        feeds: dict[str, Any] = {"input_ids": token_ids.reshape(-1, 1).astype(np.int64), "encoder_attention_mask": state.encoder_mask}
        feeds.update(state.cross)
        feeds.update(state.past)
        outputs = self.decoder.run(["logits", *self._present_names], feeds)
        past = _as_past(self._present_names, outputs[1:])
        return T5State(state.cross, state.encoder_mask, past), _ban(outputs[0], self.pad_id)

    def start(self, batch_inputs: Sequence[Sequence[int]]) -> tuple[T5State, np.ndarray]:
        ids, mask = _pad_rows(batch_inputs, self.pad_id or 0)
        cross = dict(zip(self._cross_names, self.encoder.run(self._cross_names, {"input_ids": ids, "attention_mask": mask})))
        n = len(batch_inputs)
        past = _empty_past(self._past, n, next(iter(cross.values())).dtype)
        start = np.full((n,), self.start_id, dtype=np.int64)
        return self._run_step(T5State(cross, mask, past), start)

    def step(self, state: T5State, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[T5State, np.ndarray]:
        same = _is_identity(beam_index, len(state.encoder_mask))
        gathered = T5State(
            _gather(state.cross, beam_index, same),
            state.encoder_mask if same else state.encoder_mask[beam_index],
            _gather(state.past, beam_index, same),
        )
        return self._run_step(gathered, token_ids)


@dataclass
class UniLMState:
    source: dict[str, np.ndarray]  # source_key_{i}, source_value_{i}
    source_mask: np.ndarray
    past: dict[str, np.ndarray]
    next_position: np.ndarray  # [n] absolute position of the next token


class UniLMStepModel:
    """SimBERT / WoBERT seq2seq: source segment 0, generated tokens segment 1, no start token."""

    output_kind = "logits"
    start_id = None

    def __init__(self, runtime: ModelRuntime) -> None:
        self.runtime = runtime
        self.source_graph = runtime.session("unilm_source")
        self.step_graph = runtime.session("unilm_step")
        tok = runtime.tokenizer
        self.end_id = tok.sep_id
        self.pad_id = tok.pad_id
        self._source_names = [o.name for o in self.source_graph.get_outputs() if o.name.startswith("source_")]
        self._past = _cache_dims(self.step_graph, "past_")
        self._present_names = [o.name for o in self.step_graph.get_outputs() if o.name.startswith("present_")]

    def start(self, batch_inputs: Sequence[tuple[Sequence[int], Sequence[int]]]) -> tuple[UniLMState, np.ndarray]:
        ids, mask = _pad_rows([t for t, _ in batch_inputs], self.pad_id or 0)
        segs, _ = _pad_rows([s for _, s in batch_inputs], 0)
        outputs = self.source_graph.run(["last_logits", *self._source_names], {"input_ids": ids, "segment_ids": segs, "attention_mask": mask})
        source = dict(zip(self._source_names, outputs[1:]))
        past = _empty_past(self._past, len(batch_inputs), outputs[1].dtype)
        state = UniLMState(source, mask, past, mask.sum(axis=1).astype(np.int64))
        return state, _ban(outputs[0], self.pad_id)

    def step(self, state: UniLMState, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[UniLMState, np.ndarray]:
        same = _is_identity(beam_index, len(state.source_mask))
        source = _gather(state.source, beam_index, same)
        source_mask = state.source_mask if same else state.source_mask[beam_index]
        past = _gather(state.past, beam_index, same)
        position = state.next_position if same else state.next_position[beam_index]
        feeds: dict[str, Any] = {
            "input_ids": token_ids.reshape(-1, 1).astype(np.int64),
            "position_ids": position.reshape(-1, 1),
            "source_mask": source_mask,
        }
        feeds.update(source)
        feeds.update(past)
        outputs = self.step_graph.run(["logits", *self._present_names], feeds)
        new_past = _as_past(self._present_names, outputs[1:])
        return UniLMState(source, source_mask, new_past, position + 1), _ban(outputs[0], self.pad_id)
