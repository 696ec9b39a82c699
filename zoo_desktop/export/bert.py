"""BERT-family ONNX graphs (RoBERTa, RoBERTa+, WoBERT, SimBERT), built from checkpoint weights.

Graphs and their inputs/outputs are specified in docs/graphs.md:

* `encoder.onnx` — every family: `last_hidden_state` (and `pooled` for SimBERT);
* `unilm_source.onnx` + `unilm_step.onnx` — SimBERT and WoBERT: UniLM seq2seq generation with
  per-layer key/value caches (bert4keras recomputes the whole prefix each step; these do not).

They compute what bert4keras 0.11.5 computes for `build_transformer_model(config, ckpt, model='bert')`
(SimBERT: `with_pool='linear', application='unilm'`):

* embeddings = (token + segment) + position, LayerNorm (eps 1e-12), then `Embedding-Mapping`
  (a linear Dense E -> H, `embedding_hidden_mapping_in`) when `embedding_size` != `hidden_size`;
* post-LN blocks: Att -> Add -> LN -> FFN(hidden_act) -> Add -> LN, eps 1e-12;
* attention: q/k of A*K (K = `attention_key_size`, default H/A), v of A*D, scores / sqrt(K); the
  1/sqrt(K) is folded into the query kernel and bias;
* masking: bert4keras masks key positions whose token id is 0 (`mask_zero`; position 0 is never
  masked) by replacing their scores with -inf. These graphs take that mask as `attention_mask`
  (the engine passes `input_ids != 0`: right padding with [PAD] = 0), force position 0 on as
  bert4keras does, and add `MASK_VALUE` (-1e12: the same probabilities after the softmax, and no
  NaN for an all-padding row). Padded query positions are computed, not zeroed, as in bert4keras;
* SimBERT's reference model is a UniLM model, so its encoder also applies the UniLM mask
  (cumsum of segment ids: a position attends to the keys whose cumsum is <= its own); with all-zero
  segment ids (the sentence-vector case) that is plain bidirectional attention;
* `hidden_act` 'gelu' is bert4keras's `gelu_erf` (the exact erf form);
* the MLM head: Dense H -> E with hidden_act, LayerNorm (eps 1e-12), the tied word embedding
  (E -> V, transposed), `cls/predictions/output_bias`; softmax left to the caller (logits out).

Not reproduced: a target token with id 0 ([PAD]) generated during decoding would be masked as a key
by bert4keras from the next step on; the step graph cannot see earlier target ids, so the engine
must never emit id 0 (ban it from sampling, as any sane decoder does).

This module must not import TensorFlow.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import onnx
from onnx import helper

from zoo_desktop.cancel import CancelToken
from zoo_desktop.checkpoint.tf_index import CheckpointReader
from zoo_desktop.errors import CheckpointMismatch
from zoo_desktop.export.onnx_builder import BOOL, FLOAT, INT64, MASK_VALUE, GraphBuilder, save_model
from zoo_desktop.progress import ProgressCallback, ProgressEvent

FAMILIES = ("roberta", "roberta-plus", "bert", "simbert", "wobert")
UNILM_FAMILIES = ("simbert", "wobert")
POOLER_FAMILIES = {"simbert": "linear"}  # family -> Pooler-Dense activation (with_pool='linear')
UNILM_ENCODER_FAMILIES = ("simbert",)  # the reference encoder itself is built with application='unilm'
LN_EPS = 1e-12
GRAPH_FILES = {"encoder": "encoder.onnx", "unilm_source": "unilm_source.onnx", "unilm_step": "unilm_step.onnx"}

EMB = "bert/embeddings/"
ENC = "bert/encoder/"
MLM = "cls/predictions/"

B, S, T = "batch", "sequence", "past_length"
SRC, PRESENT = "source_length", "present_length"


class WeightSource(Protocol):
    def read(self, name: str) -> np.ndarray: ...

    def shapes(self) -> dict[str, tuple[int, ...]]: ...


class _DictSource:
    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._arrays = arrays

    def read(self, name: str) -> np.ndarray:
        return np.asarray(self._arrays[name])

    def shapes(self) -> dict[str, tuple[int, ...]]:
        return {k: tuple(np.shape(v)) for k, v in self._arrays.items()}


@dataclass(frozen=True)
class BertDims:
    vocab: int
    hidden: int
    layers: int
    heads: int
    head_size: int  # D: value head size
    key_size: int  # K: query/key head size (RoBERTa+ attention_key_size)
    intermediate: int
    embedding: int  # E
    max_position: int
    type_vocab: int
    hidden_act: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> BertDims:
        """Dimensions exactly as bert4keras derives them from a bert_config.json."""
        try:
            h, a = int(config["hidden_size"]), int(config["num_attention_heads"])
            d = int(config.get("attention_head_size") or h // a)
            act = config.get("hidden_act", "gelu")
            if not isinstance(act, str):
                raise CheckpointMismatch(f"BERT hidden_act must be one activation, not {act!r}")
            return cls(
                vocab=int(config["vocab_size"]),
                hidden=h,
                layers=int(config["num_hidden_layers"]),
                heads=a,
                head_size=d,
                key_size=int(config.get("attention_key_size") or d),
                intermediate=int(config["intermediate_size"]),
                embedding=int(config.get("embedding_size") or h),
                max_position=int(config.get("max_position") or config.get("max_position_embeddings", 512)),
                type_vocab=int(config.get("segment_vocab_size", config.get("type_vocab_size", 2))),
                hidden_act=act,
            )
        except KeyError as exc:
            raise CheckpointMismatch(f"bert config has no {exc.args[0]!r}") from None


class _Weights:
    """Checkpoint arrays by name, shape-checked against the config, each read once."""

    def __init__(self, source: WeightSource | Mapping[str, np.ndarray], dims: BertDims) -> None:
        self.source = _DictSource(source) if isinstance(source, Mapping) else source
        self.dims = dims
        self.available = self.source.shapes()
        self._cache: dict[str, np.ndarray] = {}

    def has(self, name: str) -> bool:
        return name in self.available

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        if name not in self._cache:
            if name not in self.available:
                raise CheckpointMismatch(f"checkpoint has no variable {name!r}")
            found = tuple(self.available[name])
            if found != tuple(shape):
                raise CheckpointMismatch(f"checkpoint variable {name!r} has shape {found}, config implies {tuple(shape)}")
            array = self.source.read(name)
            if not np.issubdtype(array.dtype, np.floating):
                raise CheckpointMismatch(f"checkpoint variable {name!r} is {array.dtype}, expected floats")
            self._cache[name] = array.astype(np.float32, copy=False)
        return self._cache[name]


def _as_weights(source: WeightSource | Mapping[str, np.ndarray] | _Weights, dims: BertDims) -> _Weights:
    if isinstance(source, _Weights):
        if source.dims != dims:
            raise ValueError("weights were checked against other dimensions")
        return source
    return _Weights(source, dims)


# --- pieces -----------------------------------------------------------------------------------------------

def _w(g: GraphBuilder, w: _Weights, name: str, shape: tuple[int, ...]) -> str:
    return g.weight(name, w.get(name, shape))


def _embeddings(g: GraphBuilder, w: _Weights, ids: str, segments: str | int, positions: str | None) -> str:
    """Embedding-Token (+ Embedding-Segment) + Embedding-Position -> Embedding-Norm (-> Embedding-Mapping).

    `segments`: an int64 [B, S] input, or a constant segment id for every token;
    `positions`: None for 0..S-1, else an int64 [B, S] tensor of absolute positions.
    """
    d = w.dims
    e = d.embedding
    x = g.embedding(_w(g, w, EMB + "word_embeddings", (d.vocab, e)), ids, name="Embedding-Token")
    if d.type_vocab > 0:
        table = _w(g, w, EMB + "token_type_embeddings", (d.type_vocab, e))
        index = segments if isinstance(segments, str) else g.const(np.array(segments, dtype=np.int64), hint="segment_id")
        seg = g.embedding(table, index, name="Embedding-Segment")
        x = g.op("Add", [x, seg], name="Embedding-Token-Segment")
    table = _w(g, w, EMB + "position_embeddings", (d.max_position, e))
    if positions is None:
        length = g.dim(ids, 1, hint="sequence_length")
        pos = g.op("Slice", [table, g.ints([0]), length, g.ints([0])], name="Embedding-Position/Slice")
    else:
        pos = g.embedding(table, positions, name="Embedding-Position")
    x = g.op("Add", [x, pos], name="Embedding-Position/Add")
    x = g.layer_norm(x, _w(g, w, EMB + "LayerNorm/gamma", (e,)), _w(g, w, EMB + "LayerNorm/beta", (e,)), LN_EPS,
                     name="Embedding-Norm")
    if e != d.hidden:
        x = g.dense(x, _w(g, w, ENC + "embedding_hidden_mapping_in/kernel", (e, d.hidden)),
                    _w(g, w, ENC + "embedding_hidden_mapping_in/bias", (d.hidden,)), name="Embedding-Mapping")
    return x


def _qkv(g: GraphBuilder, w: _Weights, i: int, x: str) -> tuple[str, str, str]:
    """Per-head query (pre-scaled by 1/sqrt(K)), key [B,A,S,K] and value [B,A,S,D] of layer i."""
    d = w.dims
    p = f"{ENC}layer_{i}/attention/self/"
    ak, ad = d.heads * d.key_size, d.heads * d.head_size
    scale = 1.0 / math.sqrt(d.key_size)
    qk = (w.get(p + "query/kernel", (d.hidden, ak)).astype(np.float64) * scale).astype(np.float32)
    qb = (w.get(p + "query/bias", (ak,)).astype(np.float64) * scale).astype(np.float32)
    name = f"Transformer-{i}-MultiHeadSelfAttention"
    q = g.dense(x, g.weight(p + "query/kernel/scaled", qk), g.weight(p + "query/bias/scaled", qb), name=f"{name}/q")
    k = g.dense(x, _w(g, w, p + "key/kernel", (d.hidden, ak)), _w(g, w, p + "key/bias", (ak,)), name=f"{name}/k")
    v = g.dense(x, _w(g, w, p + "value/kernel", (d.hidden, ad)), _w(g, w, p + "value/bias", (ad,)), name=f"{name}/v")
    return (g.split_heads(q, d.heads, d.key_size, name=f"{name}/q_heads"),
            g.split_heads(k, d.heads, d.key_size, name=f"{name}/k_heads"),
            g.split_heads(v, d.heads, d.head_size, name=f"{name}/v_heads"))


def _block_rest(g: GraphBuilder, w: _Weights, i: int, x: str, q: str, keys: str, values: str, bias: str) -> str:
    """Attention over (keys, values), output dense, Add & LN, then the FFN with Add & LN."""
    d = w.dims
    p = f"{ENC}layer_{i}/"
    name = f"Transformer-{i}-MultiHeadSelfAttention"
    ctx = g.attention(q, keys, values, bias, None, name=f"{name}/attention")
    ctx = g.merge_heads(ctx, d.heads * d.head_size, name=f"{name}/merge")
    o = g.dense(ctx, _w(g, w, p + "attention/output/dense/kernel", (d.heads * d.head_size, d.hidden)),
                _w(g, w, p + "attention/output/dense/bias", (d.hidden,)), name=f"{name}/o")
    x = g.op("Add", [x, o], name=f"{name}-Add")
    x = g.layer_norm(x, _w(g, w, p + "attention/output/LayerNorm/gamma", (d.hidden,)),
                     _w(g, w, p + "attention/output/LayerNorm/beta", (d.hidden,)), LN_EPS, name=f"{name}-Norm")
    name = f"Transformer-{i}-FeedForward"
    h = g.dense(x, _w(g, w, p + "intermediate/dense/kernel", (d.hidden, d.intermediate)),
                _w(g, w, p + "intermediate/dense/bias", (d.intermediate,)), name=f"{name}/i")
    h = g.activation(h, d.hidden_act, name=f"{name}/act")
    h = g.dense(h, _w(g, w, p + "output/dense/kernel", (d.intermediate, d.hidden)),
                _w(g, w, p + "output/dense/bias", (d.hidden,)), name=f"{name}/o")
    x = g.op("Add", [x, h], name=f"{name}-Add")
    return g.layer_norm(x, _w(g, w, p + "output/LayerNorm/gamma", (d.hidden,)),
                        _w(g, w, p + "output/LayerNorm/beta", (d.hidden,)), LN_EPS, name=f"{name}-Norm")


def _unilm_bias(g: GraphBuilder, segment_ids: str, attention_mask: str) -> str:
    """bert4keras UniLM_Mask & key padding: [B, 1, S, S] additive bias.

    idxs = cumsum(segment_ids); query i may see key j iff idxs[j] <= idxs[i] and key j is not padding.
    """
    cs = g.op("CumSum", [segment_ids, g.const(np.array(1, dtype=np.int64), hint="axis")], name="UniLM-Mask/CumSum")
    allowed = g.op("LessOrEqual", [g.unsqueeze(cs, [1], name="UniLM-Mask/keys"), g.unsqueeze(cs, [2], name="UniLM-Mask/queries")],
                   name="UniLM-Mask/LessOrEqual")
    keep = g.cast(g.unsqueeze(attention_mask, [1], name="UniLM-Mask/key_mask"), BOOL, name="UniLM-Mask/key_mask_bool")
    allowed = g.op("And", [allowed, keep], name="UniLM-Mask/And")
    return g.unsqueeze(g.bool_bias(allowed, name="UniLM-Mask/Bias"), [1], name="UniLM-Mask/heads")


def _mlm_logits(g: GraphBuilder, w: _Weights, h: str) -> str:
    """MLM head on [N, H] rows -> logits [N, V]: Dense(H->E, act) -> LN -> tied embedding^T + output_bias."""
    d = w.dims
    e = d.embedding
    x = g.op("Gemm", [h, _w(g, w, MLM + "transform/dense/kernel", (d.hidden, e)),
                      _w(g, w, MLM + "transform/dense/bias", (e,))], name="MLM-Dense")
    x = g.activation(x, d.hidden_act, name="MLM-Dense/act")
    x = g.layer_norm(x, _w(g, w, MLM + "transform/LayerNorm/gamma", (e,)), _w(g, w, MLM + "transform/LayerNorm/beta", (e,)),
                     LN_EPS, name="MLM-Norm")
    return g.op("Gemm", [x, _w(g, w, EMB + "word_embeddings", (d.vocab, e)), _w(g, w, MLM + "output_bias", (d.vocab,))],
                name="MLM-Logits", transB=1)


def _metadata(dims: BertDims, family: str, graph: str) -> dict[str, str]:
    meta = {f"dims.{k}": str(v) for k, v in asdict(dims).items()}
    meta.update({"family": family, "graph": graph, "contract": "docs/graphs.md"})
    return meta


# --- graphs -----------------------------------------------------------------------------------------------

def build_encoder(weights: WeightSource | Mapping[str, np.ndarray], config: Mapping[str, Any], family: str) -> onnx.ModelProto:
    """`encoder.onnx`: input_ids, segment_ids, attention_mask [B, S] -> last_hidden_state [B, S, H] (+ pooled [B, H])."""
    family = _check_family(family)
    dims = BertDims.from_config(config)
    w = _as_weights(weights, dims)
    g = GraphBuilder(f"{family}_encoder", doc="BERT-family encoder (docs/graphs.md)")
    ids = g.input("input_ids", INT64, [B, S])
    segs = g.input("segment_ids", INT64, [B, S])
    mask = g.input("attention_mask", INT64, [B, S])
    keys = g.keep_first(mask)
    bias = _unilm_bias(g, segs, keys) if family in UNILM_ENCODER_FAMILIES else g.padding_bias(keys)
    x = _embeddings(g, w, ids, segs, None)
    for i in range(dims.layers):
        q, k, v = _qkv(g, w, i, x)
        x = _block_rest(g, w, i, x, q, k, v, bias)
    g.output(x, "last_hidden_state", FLOAT, [B, S, dims.hidden])
    if family in POOLER_FAMILIES:
        cls = g.op("Gather", [x, g.const(np.array(0, dtype=np.int64), hint="zero")], name="Pooler", axis=1)
        pooled = g.dense(cls, _w(g, w, "bert/pooler/dense/kernel", (dims.hidden, dims.hidden)),
                         _w(g, w, "bert/pooler/dense/bias", (dims.hidden,)), name="Pooler-Dense")
        pooled = g.activation(pooled, POOLER_FAMILIES[family], name="Pooler-Dense/act")
        g.output(pooled, "pooled", FLOAT, [B, dims.hidden])
    return g.build(metadata=_metadata(dims, family, "encoder"))


def build_unilm_source(weights: WeightSource | Mapping[str, np.ndarray], config: Mapping[str, Any], family: str) -> onnx.ModelProto:
    """`unilm_source.onnx`: the source's per-layer keys/values and the logits of the first target token."""
    family = _check_family(family)
    dims = BertDims.from_config(config)
    w = _as_weights(weights, dims)
    g = GraphBuilder(f"{family}_unilm_source", doc="UniLM source pass (docs/graphs.md)")
    ids = g.input("input_ids", INT64, [B, SRC])
    segs = g.input("segment_ids", INT64, [B, SRC])
    mask = g.input("attention_mask", INT64, [B, SRC])
    bias = _unilm_bias(g, segs, g.keep_first(mask))
    x = _embeddings(g, w, ids, segs, None)
    for i in range(dims.layers):
        q, k, v = _qkv(g, w, i, x)
        x = _block_rest(g, w, i, x, q, k, v, bias)
        g.output(k, f"source_key_{i}", FLOAT, [B, dims.heads, SRC, dims.key_size])
        g.output(v, f"source_value_{i}", FLOAT, [B, dims.heads, SRC, dims.head_size])
    length = g.op("ReduceSum", [mask, g.ints([1])], name="SourceLength", keepdims=1)  # [B, 1]
    last = g.op("Sub", [length, g.const(np.array(1, dtype=np.int64), hint="one")], name="LastIndex")
    h = g.op("GatherND", [x, last], name="LastHidden", batch_dims=1)  # [B, H]
    g.output(_mlm_logits(g, w, h), "last_logits", FLOAT, [B, dims.vocab])
    g.outputs.insert(0, g.outputs.pop())  # list `last_logits` first (outputs are looked up by name)
    return g.build(metadata=_metadata(dims, family, "unilm_source"))


def build_unilm_step(weights: WeightSource | Mapping[str, np.ndarray], config: Mapping[str, Any], family: str) -> onnx.ModelProto:
    """`unilm_step.onnx`: one target token (segment 1) against source + cached target keys/values."""
    family = _check_family(family)
    dims = BertDims.from_config(config)
    w = _as_weights(weights, dims)
    a, k_size, d_size = dims.heads, dims.key_size, dims.head_size
    g = GraphBuilder(f"{family}_unilm_step", doc="UniLM cached decoding step (docs/graphs.md)")
    ids = g.input("input_ids", INT64, [B, 1])
    positions = g.input("position_ids", INT64, [B, 1])
    source_mask = g.input("source_mask", INT64, [B, SRC])
    source, past = [], []
    for i in range(dims.layers):
        source.append((g.input(f"source_key_{i}", FLOAT, [B, a, SRC, k_size]),
                       g.input(f"source_value_{i}", FLOAT, [B, a, SRC, d_size])))
    for i in range(dims.layers):
        past.append((g.input(f"past_key_{i}", FLOAT, [B, a, T, k_size]),
                     g.input(f"past_value_{i}", FLOAT, [B, a, T, d_size])))

    # key bias [B, 1, 1, S + T + 1]: source padding masked, every target key (past and present) visible
    src_bias = g.op("Mul", [g.op("Sub", [g.scalar(1.0), g.cast(g.keep_first(source_mask), FLOAT, name="SourceMask/Cast")],
                                 name="SourceMask/Invert"), g.scalar(MASK_VALUE)], name="SourceMask/Bias")
    present_len = g.op("Add", [g.dim(past[0][0], 2, hint="past_len"), g.const(np.array([1], dtype=np.int64), hint="one1")],
                       name="PresentLength")
    tgt_shape = g.op("Concat", [g.dim(ids, 0, hint="batch_size"), present_len], name="TargetBiasShape", axis=0)
    tgt_bias = g.op("ConstantOfShape", [tgt_shape], name="TargetBias", value=helper.make_tensor("value", FLOAT, [1], [0.0]))
    bias = g.op("Concat", [src_bias, tgt_bias], name="StepBias", axis=1)
    bias = g.unsqueeze(bias, [1, 2], name="StepBias/Unsqueeze")

    x = _embeddings(g, w, ids, 1, positions)  # [B, 1, H]
    for i in range(dims.layers):
        q, k, v = _qkv(g, w, i, x)
        present_k = g.op("Concat", [past[i][0], k], name=f"Transformer-{i}/present_key", axis=2)
        present_v = g.op("Concat", [past[i][1], v], name=f"Transformer-{i}/present_value", axis=2)
        keys = g.op("Concat", [source[i][0], present_k], name=f"Transformer-{i}/keys", axis=2)
        values = g.op("Concat", [source[i][1], present_v], name=f"Transformer-{i}/values", axis=2)
        x = _block_rest(g, w, i, x, q, keys, values, bias)
        g.output(present_k, f"present_key_{i}", FLOAT, [B, a, PRESENT, k_size])
        g.output(present_v, f"present_value_{i}", FLOAT, [B, a, PRESENT, d_size])
    h = g.squeeze(x, [1], name="StepHidden")
    logits = _mlm_logits(g, w, h)
    g.output(logits, "logits", FLOAT, [B, dims.vocab])
    g.outputs.insert(0, g.outputs.pop())  # list `logits` first (outputs are looked up by name)
    return g.build(metadata=_metadata(dims, family, "unilm_step"))


def _check_family(family: str) -> str:
    if family not in FAMILIES:
        raise ValueError(f"unknown BERT family {family!r}; expected one of {', '.join(FAMILIES)}")
    return family


def graph_names(family: str) -> tuple[str, ...]:
    """The graphs `build_bert_graphs` writes for `family`."""
    _check_family(family)
    return ("encoder", "unilm_source", "unilm_step") if family in UNILM_FAMILIES else ("encoder",)


def build_bert_graphs(
    checkpoint_prefix: Path,
    config: Mapping[str, Any] | Path,
    family: str,
    out_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Path]:
    """Build and write every graph of `family` into `out_dir`; returns graph name -> written `.onnx` path.

    `checkpoint_prefix` is e.g. `release/bert_model.ckpt`; `config` the parsed bert_config.json (or its
    path). Graph names: "encoder" always, plus "unilm_source" and "unilm_step" for simbert and wobert.
    Deterministic (same inputs -> byte-identical files); each file is written atomically. Models whose
    weights pass ~1.8 GB get an external `<name>.onnx.data` file (not the case for any zoo BERT).
    `progress` receives `ProgressEvent("convert", fraction, message)`; `cancel` is a `CancelToken`.
    """
    family = _check_family(family)
    if not isinstance(config, Mapping):
        config = json.loads(Path(config).read_text(encoding="utf-8"))
    reader = CheckpointReader(Path(checkpoint_prefix))
    dims = BertDims.from_config(config)
    weights = _Weights(reader, dims)  # shared by the graphs: each variable is read once
    builders = {"encoder": build_encoder, "unilm_source": build_unilm_source, "unilm_step": build_unilm_step}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = graph_names(family)
    written: dict[str, Path] = {}
    for n, name in enumerate(names):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(ProgressEvent("convert", n / len(names), f"building {GRAPH_FILES[name]}"))
        model = builders[name](weights, config, family)
        path = out_dir / GRAPH_FILES[name]
        save_model(model, path)
        del model
        written[name] = path
    if progress is not None:
        progress(ProgressEvent("convert", 1.0, "ONNX graphs written"))
    return written

