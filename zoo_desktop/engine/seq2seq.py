"""Cached step models over the exported generation graphs (docs/graphs.md), for `engine.decoding`.

`T5StepModel` runs `t5_encoder` once per document and `t5_decoder_step` once per token; `UniLMStepModel`
runs `unilm_source` once per document and `unilm_step` once per token. Beams are re-ranked by gathering
cache rows; nothing is recomputed.

Only the self-attention caches (`past_*`) depend on the beam. The per-document tensors (T5: `cross_key_i`
/ `cross_value_i` and the encoder mask; UniLM: `source_key_i` / `source_value_i` and the source mask) are
the same for every row of a document, so they are never gathered by the beam index: each row remembers its
document (`row_doc`), and while the documents of the rows do not change (beams reordering within their
documents: every step but the first and those where a row finishes) the previous feeds are reused as they
are. When they change, a single document's rows are a contiguous prefix of one expanded copy made once per
search; several documents' rows are gathered from the per-document arrays. (At T5 PEGASUS base dims and
beam 3 the old per-step gather copied 57 MB of cross keys/values a step.) The feeds hold the same values
in the same batch shape as a per-step gather would, so outputs are unchanged, bit for bit.

Where the tensors live is `engine.tensors`' business: host numpy arrays on the CPU (the default), or, when
the graphs run on a CUDA GPU, OrtValues left on the device by IO binding, with rows gathered there; only the
logits come to the host each step.

[PAD] is never generated: bert4keras would mask a generated [PAD] as a key in later steps, which a cached
decoder cannot reproduce, and trained models never emit it. Its logit is set to -inf.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from zoo_desktop.engine.batching import ModelFootprint
from zoo_desktop.engine.runtime import ModelRuntime
from zoo_desktop.engine.tensors import DeviceTensors, HostTensors, tensors_for

Tensors = HostTensors | DeviceTensors

_NEG = np.float32(-np.inf)


# Sources are padded to a multiple of this many tokens, alone as in a batch. onnxruntime's softmax over the
# source sums in SIMD lanes with a tail loop, so the same scores padded to a width that is not a multiple of
# the vector width round differently (~1e-7: enough to flip a near tie). On a grid of 16 the sum over a
# document's tokens is the same alone and padded further to a batch-mate's width (the masked tail adds exact
# zeros), so a document decodes bit for bit alike in any batch (tests/test_engine_batching.py checks it on the
# machine it runs on). The cost: at most 15 masked source tokens per document.
LENGTH_QUANTUM = 16


def padded_length(length: int, quantum: int = LENGTH_QUANTUM) -> int:
    return -(-max(length, 1) // quantum) * quantum


def _pad_rows(rows: Sequence[Sequence[int]], pad_id: int = 0, quantum: int = LENGTH_QUANTUM) -> tuple[np.ndarray, np.ndarray]:
    width = padded_length(max(len(r) for r in rows), quantum)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def _gather(tensors: Tensors, arrays: dict[str, Any], index: np.ndarray) -> dict[str, Any]:
    return {k: tensors.take(a, index) for k, a in arrays.items()}


def _as_past(names: list[str], arrays: list[np.ndarray]) -> dict[str, np.ndarray]:
    """The step's `present_*` outputs become the next step's `past_*` inputs."""
    return {n.replace("present_", "past_", 1): a for n, a in zip(names, arrays)}


def _is_identity(index: np.ndarray, n: int) -> bool:
    return len(index) == n and bool(np.all(index == np.arange(n)))


def _ban(logits: np.ndarray, token_id: int | None) -> np.ndarray:
    if token_id is not None:
        if logits.dtype != np.float32 or not logits.flags.writeable:
            logits = np.array(logits, dtype=np.float32, copy=True)
        logits[:, token_id] = _NEG  # in place: onnxruntime hands back a fresh array that is ours
    return logits


def _cache_dims(session, prefix: str) -> list[tuple[str, int, int]]:
    """(name, heads, head size) of each cache input with this prefix."""
    return [(i.name, int(i.shape[1]), int(i.shape[3])) for i in session.get_inputs() if i.name.startswith(prefix)]


_ITEM_BYTES = {"tensor(float)": 4, "tensor(float16)": 2}


def _footprint(per_row_session, per_row_prefixes: tuple[str, ...], past_session) -> ModelFootprint:
    """Bytes a row keeps per source token (the inputs named by `per_row_prefixes`) and per step (`past_*`),
    and an estimate of the encoder's working memory per source token (hidden states of the widest layers,
    the attention scores, and the per-row tensors it writes)."""

    def per_token(session, prefixes) -> tuple[int, int, int]:
        total, heads, width = 0, 0, 0
        for i in session.get_inputs():
            if i.name.startswith(prefixes):
                total += int(i.shape[1]) * int(i.shape[3]) * _ITEM_BYTES.get(i.type, 4)
                heads, width = int(i.shape[1]), int(i.shape[1]) * int(i.shape[3])
        return total, heads, width

    source, heads, hidden = per_token(per_row_session, per_row_prefixes)
    target, _, _ = per_token(past_session, ("past_",))
    max_source = 512
    encoder = 4 * (12 * hidden + 2 * heads * max_source) + source
    return ModelFootprint(source, target, encoder, max_source)


def _empty_past(dims: list[tuple[str, int, int]], batch: int, dtype) -> dict[str, np.ndarray]:
    return {name: np.zeros((batch, heads, 0, size), dtype=dtype) for name, heads, size in dims}


class _PerDocument:
    """Feeds that depend only on the document (one row per document), and the row-aligned copies made of them.

    `rows(row_doc)` gives the feeds for rows whose documents are `row_doc`: for a single document on the host,
    a prefix view of one expanded copy (made once, grown if more rows are ever asked for); otherwise a gather.
    """

    def __init__(self, feeds: dict[str, Any], n: int, tensors: Tensors) -> None:
        self.feeds = feeds
        self.n = n
        self.tensors = tensors
        self._expanded: dict[str, np.ndarray] | None = None

    def rows(self, row_doc: np.ndarray) -> dict[str, Any]:
        n = len(row_doc)
        if not self.tensors.on_host:
            return _gather(self.tensors, self.feeds, row_doc)
        if self.n == 1:
            if self._expanded is None or len(next(iter(self._expanded.values()))) < n:
                self._expanded = {k: np.repeat(a, max(n, 1), axis=0) for k, a in self.feeds.items()}
            return {k: a[:n] for k, a in self._expanded.items()}
        return {k: a[row_doc] for k, a in self.feeds.items()}


def _follow(docs: _PerDocument, row_doc: np.ndarray, feeds: dict[str, np.ndarray], beam_index: np.ndarray
            ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The documents of the new rows and their per-document feeds (the old ones when nothing moved between documents)."""
    new_row_doc = row_doc[beam_index]
    if np.array_equal(new_row_doc, row_doc):
        return row_doc, feeds
    return new_row_doc, docs.rows(new_row_doc)


@dataclass
class T5State:
    cross: dict[str, Any]  # cross_key_{i}, cross_value_{i} (arrays or device OrtValues) and encoder_attention_mask, row-aligned
    past: dict[str, Any]  # past_key_{i}, past_value_{i}
    row_doc: np.ndarray  # [rows] the document of each row
    docs: _PerDocument

    @property
    def encoder_mask(self) -> np.ndarray:
        return self.cross["encoder_attention_mask"]


class T5StepModel:
    output_kind = "logits"
    length_quantum = LENGTH_QUANTUM

    def __init__(self, runtime: ModelRuntime, tensors: Tensors | None = None, threads: int | None = None) -> None:
        """`threads`: sessions of their own with that many intra-op threads (None: the runtime's)."""
        self.runtime = runtime
        self.encoder = runtime.session("t5_encoder", threads)
        self.decoder = runtime.session("t5_decoder_step", threads)
        self.tensors = tensors or tensors_for(self.encoder, self.decoder)
        tok = runtime.tokenizer
        self.start_id = tok.cls_id
        self.end_id = tok.sep_id
        self.pad_id = tok.pad_id
        self._cross_names = [o.name for o in self.encoder.get_outputs() if o.name.startswith("cross_")]
        self._past = _cache_dims(self.decoder, "past_")
        self._present_names = [o.name for o in self.decoder.get_outputs() if o.name.startswith("present_")]
        self._outputs = ["logits", *self._present_names]

    def footprint(self) -> ModelFootprint:
        return _footprint(self.decoder, ("cross_key", "cross_value"), self.decoder)

    def _run_step(self, cross: dict[str, Any], past: dict[str, Any], row_doc: np.ndarray, docs: _PerDocument,
                  token_ids: np.ndarray) -> tuple[T5State, np.ndarray]:
        feeds: dict[str, Any] = {"input_ids": token_ids.reshape(-1, 1).astype(np.int64)}
        feeds.update(cross)
        feeds.update(past)
        outputs = self.tensors.run(self.decoder, self._outputs, feeds, host=("logits",))
        new_past = _as_past(self._present_names, outputs[1:])
        return T5State(cross, new_past, row_doc, docs), _ban(outputs[0], self.pad_id)

    def start(self, batch_inputs: Sequence[Sequence[int]]) -> tuple[T5State, np.ndarray]:
        ids, mask = _pad_rows(batch_inputs, self.pad_id or 0)
        encoded = self.tensors.run(self.encoder, self._cross_names, {"input_ids": ids, "attention_mask": mask})
        cross = dict(zip(self._cross_names, encoded))
        cross["encoder_attention_mask"] = mask
        n = len(batch_inputs)
        past = _empty_past(self._past, n, self.tensors.dtype(encoded[0]))
        start = np.full((n,), self.start_id, dtype=np.int64)
        return self._run_step(cross, past, np.arange(n), _PerDocument(cross, n, self.tensors), start)

    def step(self, state: T5State, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[T5State, np.ndarray]:
        if _is_identity(beam_index, len(state.row_doc)):
            return self._run_step(state.cross, state.past, state.row_doc, state.docs, token_ids)
        row_doc, cross = _follow(state.docs, state.row_doc, state.cross, beam_index)
        return self._run_step(cross, _gather(self.tensors, state.past, beam_index), row_doc, state.docs, token_ids)


@dataclass
class UniLMState:
    source: dict[str, Any]  # source_key_{i}, source_value_{i} (arrays or device OrtValues) and source_mask, row-aligned
    past: dict[str, Any]
    next_position: np.ndarray  # [n] absolute position of the next token
    row_doc: np.ndarray  # [n] the document of each row
    docs: _PerDocument

    @property
    def source_mask(self) -> np.ndarray:
        return self.source["source_mask"]


class UniLMStepModel:
    """SimBERT / WoBERT seq2seq: source segment 0, generated tokens segment 1, no start token."""

    output_kind = "logits"
    start_id = None
    length_quantum = LENGTH_QUANTUM

    def __init__(self, runtime: ModelRuntime, tensors: Tensors | None = None) -> None:
        self.runtime = runtime
        self.source_graph = runtime.session("unilm_source")
        self.step_graph = runtime.session("unilm_step")
        self.tensors = tensors or tensors_for(self.source_graph, self.step_graph)
        tok = runtime.tokenizer
        self.end_id = tok.sep_id
        self.pad_id = tok.pad_id
        self._source_names = [o.name for o in self.source_graph.get_outputs() if o.name.startswith("source_")]
        self._past = _cache_dims(self.step_graph, "past_")
        self._present_names = [o.name for o in self.step_graph.get_outputs() if o.name.startswith("present_")]
        self._outputs = ["logits", *self._present_names]

    def footprint(self) -> ModelFootprint:
        return _footprint(self.step_graph, ("source_key", "source_value"), self.step_graph)

    def start(self, batch_inputs: Sequence[tuple[Sequence[int], Sequence[int]]]) -> tuple[UniLMState, np.ndarray]:
        ids, mask = _pad_rows([t for t, _ in batch_inputs], self.pad_id or 0)
        segs, _ = _pad_rows([s for _, s in batch_inputs], 0)
        outputs = self.tensors.run(self.source_graph, ["last_logits", *self._source_names],
                                   {"input_ids": ids, "segment_ids": segs, "attention_mask": mask}, host=("last_logits",))
        source = dict(zip(self._source_names, outputs[1:]))
        source["source_mask"] = mask
        n = len(batch_inputs)
        past = _empty_past(self._past, n, self.tensors.dtype(outputs[1]))
        state = UniLMState(source, past, mask.sum(axis=1).astype(np.int64), np.arange(n), _PerDocument(source, n, self.tensors))
        return state, _ban(outputs[0], self.pad_id)

    def step(self, state: UniLMState, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[UniLMState, np.ndarray]:
        if _is_identity(beam_index, len(state.row_doc)):
            row_doc, source, past, position = state.row_doc, state.source, state.past, state.next_position
        else:
            row_doc, source = _follow(state.docs, state.row_doc, state.source, beam_index)
            past = _gather(self.tensors, state.past, beam_index)
            position = state.next_position[beam_index]
        feeds: dict[str, Any] = {
            "input_ids": token_ids.reshape(-1, 1).astype(np.int64),
            "position_ids": position.reshape(-1, 1),
        }
        feeds.update(source)
        feeds.update(past)
        outputs = self.tensors.run(self.step_graph, self._outputs, feeds, host=("logits",))
        new_past = _as_past(self._present_names, outputs[1:])
        return UniLMState(source, new_past, position + 1, row_doc, state.docs), _ban(outputs[0], self.pad_id)
