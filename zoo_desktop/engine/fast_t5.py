"""A faster T5 PEGASUS step model over the same graphs (`t5_encoder.onnx`, `t5_decoder_step.onnx`).

Drop-in for `engine.seq2seq.T5StepModel` (same `StepModel` protocol, same outputs: results are identical,
token for token). Benchmark-only: it was the prototype of what `T5StepModel` now does itself (per-document
cross keys/values, no spinning by default in `engine.device.create_session`); what is left here is the
optional session setup (`cpu_sessions`, e.g. one shared token-embedding copy). What it does, all on the host
side (the graphs are unchanged):

* Cross keys/values are never gathered per step. They depend only on the document, not on the beam, yet
  the old `T5StepModel` copied every `cross_key_i`/`cross_value_i` with the beam index at each step where the
  beams reordered (beam 3 at T5 PEGASUS base dims: 24 arrays of [3, 12, 256, 64], 57 MB freshly allocated and
  copied per step). Here each row remembers its document; when the documents of the rows are unchanged (beams
  reordering within a document: every step but the first and those where a beam finishes) the previous
  feeds are reused as they are. A single document's rows are a contiguous prefix view of one expanded copy,
  made once per search.
* [PAD]'s logit is set to -inf in place (the logits array is ours), not on a copy.
* Optional own CPU sessions (`cpu_sessions`) with explicit onnxruntime options: intra-op threads, inter-op 1,
  ORT_ENABLE_ALL, `session.intra_op.allow_spinning` (spinning helps an idle machine, hurts a loaded one:
  a spinning pool steals the cores its peers wait for), `session.disable_prepacking` on the step graph
  (measured with onnxruntime 1.32: prepacking is FASTER for the step, 1.0x at beam 1 and ~2.5x at beam 3, so
  leave it on), and one copy of the token embedding shared by both sessions (`share_embedding`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from zoo_desktop.engine.seq2seq import _cache_dims, _pad_rows

__all__ = ["FastT5StepModel", "FastT5State", "cpu_sessions"]

ENCODER = "t5_encoder"
DECODER = "t5_decoder_step"


SHARED_INITIALIZERS = ("shared_embedding",)  # in both graphs (docs/graphs.md): loaded once, used by both


def _initializers(path: Path, names: tuple[str, ...]) -> dict:
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    found = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer if t.name in names}
    del model
    return found


def cpu_sessions(onnx_dir: Path | str, *, threads: int = 2, spinning: bool | None = None,
                 step_prepacking: bool | None = None, share_embedding: bool = False,
                 encoder_file: str = ENCODER + ".onnx", decoder_file: str = DECODER + ".onnx"):
    """(encoder session, step session) on the CPU with explicit options; None keeps onnxruntime's default.

    `share_embedding`: the token embedding present in both graphs (`shared_embedding`, V x H float32:
    154 MB at T5 PEGASUS base) is read once and handed to both sessions as one OrtValue
    (`SessionOptions.add_initializer`), instead of each session holding its own copy.
    """
    import onnxruntime as ort

    onnx_dir = Path(onnx_dir)
    shared: dict = {}
    if share_embedding:
        arrays = _initializers(onnx_dir / encoder_file, SHARED_INITIALIZERS)
        shared = {name: ort.OrtValue.ortvalue_from_numpy(a) for name, a in arrays.items()}
        shared["__arrays__"] = arrays  # the OrtValues point into these buffers: keep them alive

    def options(step: bool):
        o = ort.SessionOptions()
        o.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        o.intra_op_num_threads = threads
        o.inter_op_num_threads = 1
        if spinning is not None:
            o.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        if step and step_prepacking is not None:
            o.add_session_config_entry("session.disable_prepacking", "0" if step_prepacking else "1")
        for name, value in shared.items():
            if not name.startswith("__"):
                o.add_initializer(name, value)
        return o

    enc = ort.InferenceSession(str(onnx_dir / encoder_file), options(False), providers=["CPUExecutionProvider"])
    dec = ort.InferenceSession(str(onnx_dir / decoder_file), options(True), providers=["CPUExecutionProvider"])
    for session in (enc, dec):
        session.zoo_shared_initializers = shared  # lifetime: as long as the sessions
    return enc, dec


@dataclass
class FastT5State:
    row_doc: np.ndarray  # [rows] the document of each row
    cross: dict[str, np.ndarray]  # feeds in use, aligned with the rows
    encoder_mask: np.ndarray  # [rows, S]
    past: dict[str, np.ndarray]
    docs: "_Docs" = field(repr=False, default=None)  # type: ignore[assignment]


class _Docs:
    """Per-document cross keys/values and masks ([n_docs, ...]) and the expanded copies made from them."""

    def __init__(self, cross: dict[str, np.ndarray], mask: np.ndarray) -> None:
        self.cross = cross
        self.mask = mask
        self.n = len(mask)
        self._expanded: tuple[int, dict[str, np.ndarray], np.ndarray] | None = None

    def rows(self, row_doc: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        n = len(row_doc)
        if self.n == 1:  # one document: a prefix of one expanded copy (contiguous views, no copy per step)
            if self._expanded is None or self._expanded[0] < n:
                size = max(n, 1)
                self._expanded = (size, {k: np.repeat(a, size, axis=0) for k, a in self.cross.items()},
                                  np.repeat(self.mask, size, axis=0))
            _, cross, mask = self._expanded
            return {k: a[:n] for k, a in cross.items()}, mask[:n]
        return {k: a[row_doc] for k, a in self.cross.items()}, self.mask[row_doc]


class FastT5StepModel:
    """`T5StepModel` with the host-side copies removed (see the module docstring)."""

    output_kind = "logits"

    def __init__(self, runtime: Any = None, *, sessions: tuple[Any, Any] | None = None, start_id: int | None = None,
                 end_id: int | None = None, pad_id: int | None = 0) -> None:
        if sessions is None:
            if runtime is None:
                raise ValueError("give a runtime or (encoder, step) sessions")
            sessions = (runtime.session(ENCODER), runtime.session(DECODER))
        self.encoder, self.decoder = sessions
        if runtime is not None:
            tok = runtime.tokenizer
            start_id, end_id, pad_id = tok.cls_id, tok.sep_id, tok.pad_id
        if start_id is None or end_id is None:
            raise ValueError("start_id and end_id are needed without a runtime")
        self.runtime = runtime
        self.start_id, self.end_id, self.pad_id = start_id, end_id, pad_id
        self._cross_names = [o.name for o in self.encoder.get_outputs() if o.name.startswith("cross_")]
        self._past = _cache_dims(self.decoder, "past_")
        self._present_names = [o.name for o in self.decoder.get_outputs() if o.name.startswith("present_")]
        self._past_names = [n.replace("present_", "past_", 1) for n in self._present_names]
        self._outputs = ["logits", *self._present_names]

    def _run_step(self, state: FastT5State, token_ids: np.ndarray) -> tuple[FastT5State, np.ndarray]:
        feeds: dict[str, Any] = {"input_ids": np.ascontiguousarray(token_ids, dtype=np.int64).reshape(-1, 1),
                                 "encoder_attention_mask": state.encoder_mask}
        feeds.update(state.cross)
        feeds.update(state.past)
        outputs = self.decoder.run(self._outputs, feeds)
        logits = outputs[0]
        if self.pad_id is not None:
            logits[:, self.pad_id] = -np.inf  # ours to change: onnxruntime returned a fresh array
        state.past = dict(zip(self._past_names, outputs[1:]))
        return state, logits

    def start(self, batch_inputs: Sequence[Sequence[int]]) -> tuple[FastT5State, np.ndarray]:
        ids, mask = _pad_rows(batch_inputs, self.pad_id or 0)
        cross = dict(zip(self._cross_names, self.encoder.run(self._cross_names, {"input_ids": ids, "attention_mask": mask})))
        n = len(batch_inputs)
        dtype = next(iter(cross.values())).dtype
        past = {name: np.zeros((n, heads, 0, size), dtype=dtype) for name, heads, size in self._past}
        docs = _Docs(cross, mask)
        state = FastT5State(np.arange(n), cross, mask, past, docs)
        return self._run_step(state, np.full((n,), self.start_id, dtype=np.int64))

    def step(self, state: FastT5State, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[FastT5State, np.ndarray]:
        n_old = len(state.row_doc)
        identity = len(beam_index) == n_old and bool(np.all(beam_index == np.arange(n_old)))
        if identity:
            return self._run_step(FastT5State(state.row_doc, state.cross, state.encoder_mask, state.past, state.docs), token_ids)
        row_doc = state.row_doc[beam_index]
        if np.array_equal(row_doc, state.row_doc):
            cross, mask = state.cross, state.encoder_mask
        else:
            cross, mask = state.docs.rows(row_doc)
        past = {k: a[beam_index] for k, a in state.past.items()}
        return self._run_step(FastT5State(row_doc, cross, mask, past, state.docs), token_ids)
