"""T5 PEGASUS (bert4keras `mt5.1.1`) as two ONNX graphs for cached decoding (docs/graphs.md, T5 section).

The graphs are written directly with `onnx.helper` from the checkpoint's numpy weights (no TensorFlow):

`t5_encoder.onnx`
    in  `input_ids`, `attention_mask` [B, S] (int64)
    out `encoder_hidden_states` [B, S, H]; per decoder layer i `cross_key_{i}` [B, A, S, K],
    `cross_value_{i}` [B, A, S, D] (the layer's EncDecAttention k/v projections of the encoder output).

`t5_decoder_step.onnx`
    in  `input_ids` [B, 1], `encoder_attention_mask` [B, S], `cross_key_{i}`, `cross_value_{i}`,
        `past_key_{i}` [B, A, T, K], `past_value_{i}` [B, A, T, D]
    out `logits` [B, V] (pre-softmax), `present_key_{i}` [B, A, T+1, K], `present_value_{i}` [B, A, T+1, D].
    The step's position is T, read from `past_key_0`'s shape; the first step ([CLS]) has T = 0.

What bert4keras computes, and these graphs reproduce (bert4keras 0.11.5 `models.py` T5_Encoder/T5_Decoder,
`layers.py`):

* token embedding `shared/embedding`, shared by encoder and decoder, not scaled; no absolute positions;
* pre-norm blocks; RMSNorm `x / sqrt(mean(x^2) + 1e-6) * scale` (LayerNormalization zero_mean=False,
  offset=False, eps hard-coded 1e-6 whatever the config says);
* attention without biases and WITHOUT the 1/sqrt(d) scale (`attention_scale=False`), plus a relative
  position bias. 32 buckets and max distance 128 are hard-coded in bert4keras (config keys are ignored).
  The encoder's bias is bidirectional (`encoder/block_000/.../relative_attention_bias`), computed once
  and shared by all encoder layers. The decoder's table (`decoder/block_000/...`) is unidirectional and
  serves BOTH the decoder self-attention (bucket of i - j) and the cross-attention (the same Keras layer
  `Decoder-Embedding-Relative-Position` is reused on [x, c]: bucket of max(i - j, 0), i the decoder
  position, j the encoder position);
* masks are -inf; a key is masked where its token id is 0 ([PAD]) except position 0, which is never
  masked (bert4keras's Embedding.compute_mask). Here the encoder mask is `attention_mask != 0`, with
  position 0 forced on; the same rule is applied to `encoder_attention_mask` in the step graph;
* gated FFN `(gelu_erf(x W0) * (x W1)) Wo`, no biases;
* encoder: final RMSNorm (`encoder/rms_norm/scale`); decoder: final RMSNorm, then `* hidden_size ** -0.5`,
  then the untied `decoder/logits/kernel` (bert4keras ends with a softmax; `logits` is its input);
* dropout is off at inference.

Preconditions (where a cache cannot express what bert4keras does):
* `attention_mask` / `encoder_attention_mask` are expected to be `input_ids != 0` (1 keep, 0 padding):
  bert4keras derives its mask from the ids.
* Decoder tokens after the start token must not be 0 ([PAD]): bert4keras would mask a generated [PAD] as a
  key in every later step (its decoder embedding has mask_zero=True), which a key/value cache cannot carry.
  Searches should give [PAD] a -inf score (it is never a useful output).
* bert4keras's `t5.decoder` model has no encoder-padding mask at all (its context input carries no Keras
  mask); with batch 1 and no padding (how T5 PEGASUS generates) that is identical to masking here. With a
  padded batch, the step graph masks the padding, so each row equals its own unpadded batch-1 decode.

Layout choices (speed; the arithmetic is unchanged): q/k/v of each self-attention and wi_0/wi_1 of each FFN
are concatenated into one initializer and one MatMul, then Split. The relative-position biases are computed
on the fly from small tables indexed by clipped distances (any length works; buckets saturate at distance
128): the encoder's [A, S, S] bias once per call, the step's single bias row from T alone, both shared by all
layers. The step never transposes a cache: a one-row query is reshaped to a column and multiplied by the
[B, A, L, K] keys. Only standard ONNX ops (opset 17) are used; onnxruntime's ORT_ENABLE_ALL fuses the RMSNorm
chains into SimplifiedLayerNormalization and the erf chains into Gelu.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from zoo_desktop.checkpoint.tf_index import CheckpointReader
from zoo_desktop.errors import CheckpointMismatch

OPSET = 17
NUM_BUCKETS = 32  # hard-coded in bert4keras (T5_Encoder/T5_Decoder.compute_position_bias)
MAX_DISTANCE = 128  # RelativePositionEmbeddingT5 default
RMS_EPSILON = 1e-6  # hard-coded in bert4keras's T5 LayerNormalization calls
ENCODER_FILE = "t5_encoder.onnx"
DECODER_FILE = "t5_decoder_step.onnx"
# Graphs whose weights exceed this are written with ONNX external data (`<file>.data`): protobuf caps a
# single message at 2 GiB.
EXTERNAL_DATA_THRESHOLD = 1_500_000_000
PRODUCER = "zoo_desktop.export.t5"


# --- relative position buckets -------------------------------------------------------------------------

def relative_position_bucket(n: np.ndarray, *, bidirectional: bool, num_buckets: int = NUM_BUCKETS,
                             max_distance: int = MAX_DISTANCE) -> np.ndarray:
    """bert4keras's `RelativePositionEmbeddingT5.compute_position_ids` for n = query index - key index.

    Computed in float32 like TensorFlow does (log, divide, multiply in float32, then truncate to int32).
    """
    n = np.asarray(n, dtype=np.int64)
    ret = np.zeros(n.shape, dtype=np.int64)
    if bidirectional:
        num_buckets //= 2
        ret += (n < 0).astype(np.int64) * num_buckets
        n = np.abs(n)
    else:
        n = np.maximum(n, 0)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    safe = np.maximum(n, 1).astype(np.float32)
    large = (np.log(safe / np.float32(max_exact)) / np.float32(np.log(max_distance / max_exact))
             * np.float32(num_buckets - max_exact)).astype(np.float32)
    val_if_large = max_exact + large.astype(np.int32).astype(np.int64)
    val_if_large = np.minimum(val_if_large, num_buckets - 1)
    return ret + np.where(is_small, n, val_if_large)


def _saturated_distance(bidirectional: bool) -> int:
    """A distance C from which every larger |n| falls into the last bucket (so indices can be clipped to C)."""
    c = MAX_DISTANCE
    probe = np.arange(c, 8 * c + 1)
    last = relative_position_bucket(probe, bidirectional=bidirectional)
    if not (last == last[0]).all():  # pragma: no cover - a property of the constants above
        raise AssertionError("relative position buckets do not saturate at max_distance")
    return c


def encoder_bias_table(stored: np.ndarray) -> np.ndarray:
    """[A, 2C+1] table: column c is the bias for key index - query index = c - C (clipped)."""
    c = _saturated_distance(True)
    rel = np.arange(-c, c + 1)  # j - i
    buckets = relative_position_bucket(-rel, bidirectional=True)
    return np.ascontiguousarray(stored[:, buckets].astype(np.float32))


def decoder_bias_table(stored: np.ndarray) -> np.ndarray:
    """[A, C+1] table: column n is the bias for max(query index - key index, 0) = n (clipped to C)."""
    c = _saturated_distance(False)
    buckets = relative_position_bucket(np.arange(0, c + 1), bidirectional=False)
    return np.ascontiguousarray(stored[:, buckets].astype(np.float32))


# --- dimensions and weights ----------------------------------------------------------------------------

class T5Dims:
    def __init__(self, config: dict) -> None:
        try:
            self.hidden = int(config["hidden_size"])
            self.layers = int(config["num_hidden_layers"])
            self.heads = int(config["num_attention_heads"])
            self.inter = int(config["intermediate_size"])
            self.vocab = int(config["vocab_size"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CheckpointMismatch(f"T5 config lacks a usable {exc}") from None
        self.value_size = int(config.get("attention_head_size") or self.hidden // self.heads)
        self.key_size = int(config.get("attention_key_size") or self.value_size)
        emb = config.get("embedding_size")
        if emb not in (None, self.hidden):
            raise CheckpointMismatch("mt5.1.1 has no embedding mapping: embedding_size must equal hidden_size")
        act = config.get("hidden_act")
        if list(act or []) != ["gelu", "linear"]:
            raise CheckpointMismatch(f"T5 PEGASUS export supports hidden_act ['gelu', 'linear'] only, not {act!r}")


def _expected_shapes(d: T5Dims) -> dict[str, tuple[int, ...]]:
    h, a, k, v, i = d.hidden, d.heads, d.key_size, d.value_size, d.inter
    shapes = {"shared/embedding": (d.vocab, h), "decoder/logits/kernel": (h, d.vocab),
              "encoder/rms_norm/scale": (h,), "decoder/rms_norm/scale": (h,)}
    for side in ("encoder", "decoder"):
        shapes[f"{side}/block_000/layer_000/SelfAttention/relative_attention_bias"] = (a, NUM_BUCKETS)
        for b in range(d.layers):
            p = f"{side}/block_{b:03d}/"
            atts = [("layer_000", "SelfAttention")] + ([("layer_001", "EncDecAttention")] if side == "decoder" else [])
            for layer, att in atts:
                shapes[f"{p}{layer}/rms_norm/scale"] = (h,)
                shapes[f"{p}{layer}/{att}/q"] = (h, a * k)
                shapes[f"{p}{layer}/{att}/k"] = (h, a * k)
                shapes[f"{p}{layer}/{att}/v"] = (h, a * v)
                shapes[f"{p}{layer}/{att}/o"] = (a * v, h)
            ff = p + ("layer_001" if side == "encoder" else "layer_002")
            shapes[ff + "/rms_norm/scale"] = (h,)
            shapes[ff + "/DenseReluDense/wi_0/kernel"] = (h, i)
            shapes[ff + "/DenseReluDense/wi_1/kernel"] = (h, i)
            shapes[ff + "/DenseReluDense/wo/kernel"] = (i, h)
    return shapes


class _Weights:
    """Reads checkpoint variables on demand, checking each against the config's shapes."""

    def __init__(self, checkpoint_prefix: Path, dims: T5Dims) -> None:
        self.reader = CheckpointReader(Path(checkpoint_prefix))
        self.expected = _expected_shapes(dims)
        have = self.reader.shapes()
        for name, shape in self.expected.items():
            if name not in have:
                raise CheckpointMismatch(f"checkpoint has no variable {name!r} (is this an mt5.1.1 checkpoint?)")
            if tuple(have[name]) != shape:
                raise CheckpointMismatch(f"variable {name!r} has shape {tuple(have[name])}, config implies {shape}")

    def __call__(self, name: str) -> np.ndarray:
        return np.ascontiguousarray(self.reader.read(name).astype(np.float32, copy=False))


# --- graph building ------------------------------------------------------------------------------------

class _Graph:
    """A small onnx.helper wrapper: unique deterministic names, initializers, cached constants."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.inputs: list[onnx.ValueInfoProto] = []
        self.outputs: list[onnx.ValueInfoProto] = []
        self._count = 0
        self._consts: dict[tuple, str] = {}
        self.weight_bytes = 0

    def input(self, name: str, elem: int, shape: list) -> str:
        self.inputs.append(helper.make_tensor_value_info(name, elem, shape))
        return name

    def output(self, name: str, elem: int, shape: list) -> None:
        self.outputs.append(helper.make_tensor_value_info(name, elem, shape))

    def weight(self, name: str, array: np.ndarray) -> str:
        tensor = numpy_helper.from_array(np.ascontiguousarray(array), name)
        self.initializers.append(tensor)
        self.weight_bytes += array.nbytes
        return name

    def const(self, value, dtype=np.int64) -> str:
        array = np.asarray(value, dtype=dtype)
        key = (array.dtype.str, array.shape, array.tobytes())
        if key not in self._consts:
            self._consts[key] = self.weight(f"const_{len(self._consts)}", array)
        return self._consts[key]

    def op(self, op_type: str, inputs: list[str], *, out: str | None = None, n_out: int = 1,
           **attrs) -> str | list[str]:
        self._count += 1
        base = f"{op_type.lower()}_{self._count}"
        outs = [out] if out is not None else [f"{base}_out{j}" if n_out > 1 else base for j in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=f"n{self._count}_{op_type}", **attrs))
        return outs[0] if n_out == 1 else outs

    def model(self) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name=PRODUCER, producer_version="1")
        model.ir_version = 8  # opset 17; readable by every onnxruntime since 1.13
        return model


def _rms_norm(g: _Graph, x: str, scale: str) -> str:
    # The Pow/ReduceMean/Add/Sqrt/Div/Mul chain is what onnxruntime fuses into SimplifiedLayerNormalization.
    sq = g.op("Pow", [x, g.const(2.0, np.float32)])
    mean = g.op("ReduceMean", [sq], axes=[-1], keepdims=1)
    std = g.op("Sqrt", [g.op("Add", [mean, g.const(RMS_EPSILON, np.float32)])])
    return g.op("Mul", [g.op("Div", [x, std]), scale])


def _gelu_erf(g: _Graph, x: str) -> str:
    # 0.5 * x * (1 + erf(x / sqrt(2))): the pattern onnxruntime fuses into Gelu.
    e = g.op("Erf", [g.op("Div", [x, g.const(math.sqrt(2.0), np.float32)])])
    return g.op("Mul", [g.op("Mul", [x, g.op("Add", [e, g.const(1.0, np.float32)])]), g.const(0.5, np.float32)])


def _split(g: _Graph, x: str, sizes: list[int]) -> list[str]:
    """Split the last axis of `x` into pieces of `sizes`."""
    return g.op("Split", [x, g.const(sizes)], n_out=len(sizes), axis=-1)


def _feed_forward(g: _Graph, x: str, wi: str, wo: str, inter: int) -> str:
    """`wi` = [wi_0 | wi_1] side by side: one MatMul, then gelu(first half) * second half."""
    h0, h1 = _split(g, g.op("MatMul", [x, wi]), [inter, inter])
    return g.op("MatMul", [g.op("Mul", [_gelu_erf(g, h0), h1]), wo])


def _concat_weights(w: "_Weights", names: list[str]) -> np.ndarray:
    return np.ascontiguousarray(np.concatenate([w(n) for n in names], axis=1))


def _heads(g: _Graph, x: str, heads: int, size: int) -> str:
    """[B, L, A*size] -> [B, A, L, size]."""
    r = g.op("Reshape", [x, g.const([0, 0, heads, size])])
    return g.op("Transpose", [r], perm=[0, 2, 1, 3])


def _merge_heads(g: _Graph, x: str, heads: int, size: int) -> str:
    """[B, A, L, size] -> [B, L, A*size]."""
    t = g.op("Transpose", [x], perm=[0, 2, 1, 3])
    return g.op("Reshape", [t, g.const([0, 0, heads * size])])


def _key_mask_bias(g: _Graph, mask: str, length: str) -> str:
    """[B, S] int mask -> [B, 1, 1, S] float bias: 0 where kept, -inf where padded; position 0 always kept."""
    keep = g.op("Cast", [mask], to=TensorProto.BOOL)
    first = g.op("Equal", [g.op("Range", [g.const(0), length, g.const(1)]), g.const(0)])
    keep = g.op("Or", [keep, first])
    bias = g.op("Where", [keep, g.const(0.0, np.float32), g.const(-np.inf, np.float32)])
    return g.op("Unsqueeze", [bias, g.const([1, 2])])


def _dim(g: _Graph, x: str, axis: int) -> str:
    """Scalar int64 size of `x` along `axis`."""
    return g.op("Gather", [g.op("Shape", [x]), g.const(axis)], axis=0)


def build_encoder_graph(w: _Weights, d: T5Dims) -> _Graph:
    g = _Graph("t5_encoder")
    a, k, v = d.heads, d.key_size, d.value_size
    ids = g.input("input_ids", TensorProto.INT64, ["batch", "source_length"])
    mask = g.input("attention_mask", TensorProto.INT64, ["batch", "source_length"])
    g.output("encoder_hidden_states", TensorProto.FLOAT, ["batch", "source_length", d.hidden])
    for i in range(d.layers):
        g.output(f"cross_key_{i}", TensorProto.FLOAT, ["batch", a, "source_length", k])
        g.output(f"cross_value_{i}", TensorProto.FLOAT, ["batch", a, "source_length", v])

    emb = g.weight("shared_embedding", w("shared/embedding"))
    x = g.op("Gather", [emb, ids], axis=0)

    # One [B, A, S, S] bias for all layers: relative position (bidirectional) + key padding mask.
    s = _dim(g, ids, 1)
    c = _saturated_distance(True)
    table = g.weight("encoder_relative_bias_table",
                     encoder_bias_table(w("encoder/block_000/layer_000/SelfAttention/relative_attention_bias")))
    r = g.op("Range", [g.const(0), s, g.const(1)])
    rel = g.op("Sub", [g.op("Unsqueeze", [r, g.const([0])]), g.op("Unsqueeze", [r, g.const([1])])])  # j - i
    idx = g.op("Add", [g.op("Clip", [rel, g.const(-c), g.const(c)]), g.const(c)])
    pos = g.op("Unsqueeze", [g.op("Gather", [table, idx], axis=1), g.const([0])])  # [1, A, S, S]
    bias = g.op("Add", [pos, _key_mask_bias(g, mask, s)])

    for b in range(d.layers):
        p = f"encoder/block_{b:03d}/"
        sa = p + "layer_000/SelfAttention/"
        wqkv = g.weight(f"enc{b}_qkv", _concat_weights(w, [sa + "q", sa + "k", sa + "v"]))
        wo = g.weight(f"enc{b}_o", w(sa + "o"))
        n = _rms_norm(g, x, g.weight(f"enc{b}_attn_norm", w(p + "layer_000/rms_norm/scale")))
        q, kk, vv = _split(g, g.op("MatMul", [n, wqkv]), [a * k, a * k, a * v])
        q = _heads(g, q, a, k)
        kt = g.op("Transpose", [g.op("Reshape", [kk, g.const([0, 0, a, k])])], perm=[0, 2, 3, 1])
        vv = _heads(g, vv, a, v)
        scores = g.op("Add", [g.op("MatMul", [q, kt]), bias])  # no 1/sqrt(k): attention_scale=False
        probs = g.op("Softmax", [scores], axis=-1)
        ctx = _merge_heads(g, g.op("MatMul", [probs, vv]), a, v)
        x = g.op("Add", [x, g.op("MatMul", [ctx, wo])])

        ff = p + "layer_001/"
        n = _rms_norm(g, x, g.weight(f"enc{b}_ffn_norm", w(ff + "rms_norm/scale")))
        wi = _concat_weights(w, [ff + "DenseReluDense/wi_0/kernel", ff + "DenseReluDense/wi_1/kernel"])
        y = _feed_forward(g, n, g.weight(f"enc{b}_wi", wi),
                          g.weight(f"enc{b}_wo", w(ff + "DenseReluDense/wo/kernel")), d.inter)
        x = g.op("Add", [x, y])

    enc = _rms_norm(g, x, g.weight("enc_final_norm", w("encoder/rms_norm/scale")))
    g.op("Identity", [enc], out="encoder_hidden_states")
    for i in range(d.layers):
        p = f"decoder/block_{i:03d}/layer_001/EncDecAttention/"
        ck = g.op("MatMul", [enc, g.weight(f"dec{i}_cross_k", w(p + "k"))])
        cv = g.op("MatMul", [enc, g.weight(f"dec{i}_cross_v", w(p + "v"))])
        g.op("Transpose", [g.op("Reshape", [ck, g.const([0, 0, a, k])])], perm=[0, 2, 1, 3], out=f"cross_key_{i}")
        g.op("Transpose", [g.op("Reshape", [cv, g.const([0, 0, a, v])])], perm=[0, 2, 1, 3], out=f"cross_value_{i}")
    return g


def build_decoder_step_graph(w: _Weights, d: T5Dims) -> _Graph:
    g = _Graph("t5_decoder_step")
    a, k, v, h = d.heads, d.key_size, d.value_size, d.hidden
    ids = g.input("input_ids", TensorProto.INT64, ["batch", 1])
    mask = g.input("encoder_attention_mask", TensorProto.INT64, ["batch", "source_length"])
    for i in range(d.layers):
        g.input(f"cross_key_{i}", TensorProto.FLOAT, ["batch", a, "source_length", k])
        g.input(f"cross_value_{i}", TensorProto.FLOAT, ["batch", a, "source_length", v])
    for i in range(d.layers):
        g.input(f"past_key_{i}", TensorProto.FLOAT, ["batch", a, "past_length", k])
        g.input(f"past_value_{i}", TensorProto.FLOAT, ["batch", a, "past_length", v])
    g.output("logits", TensorProto.FLOAT, ["batch", d.vocab])
    for i in range(d.layers):
        g.output(f"present_key_{i}", TensorProto.FLOAT, ["batch", a, "present_length", k])
        g.output(f"present_value_{i}", TensorProto.FLOAT, ["batch", a, "present_length", v])

    emb = g.weight("shared_embedding", w("shared/embedding"))
    x = g.op("Gather", [emb, ids], axis=0)  # [B, 1, H]

    # Position biases for the one query row at position T, from the decoder's unidirectional table:
    # self-attention keys j = 0..T, cross-attention keys j = 0..S-1; both use bucket(max(T - j, 0)).
    c = _saturated_distance(False)
    table = g.weight("decoder_relative_bias_table",
                     decoder_bias_table(w("decoder/block_000/layer_000/SelfAttention/relative_attention_bias")))
    t = _dim(g, "past_key_0", 2)
    s = _dim(g, mask, 1)

    def row_bias(length: str) -> str:
        j = g.op("Range", [g.const(0), length, g.const(1)])
        n = g.op("Clip", [g.op("Sub", [t, j]), g.const(0), g.const(c)])
        return g.op("Reshape", [g.op("Gather", [table, n], axis=1), g.const([1, a, 1, -1])])  # [1, A, 1, L]

    self_bias = row_bias(g.op("Add", [t, g.const(1)]))
    cross_bias = g.op("Add", [row_bias(s), _key_mask_bias(g, mask, s)])  # [B, A, 1, S]

    def attend(q: str, keys: str, values: str, bias: str) -> str:
        """q [B, 1, A*K] against keys [B, A, L, K] / values [B, A, L, D] -> [B, 1, A*D]."""
        qcol = g.op("Reshape", [q, g.const([0, a, k, 1])])  # one row: a reshape, no transpose
        scores = g.op("Reshape", [g.op("MatMul", [keys, qcol]), g.const([0, a, 1, -1])])
        probs = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
        ctx = g.op("MatMul", [probs, values])  # [B, A, 1, D]
        return g.op("Reshape", [ctx, g.const([0, 1, a * v])])

    for b in range(d.layers):
        p = f"decoder/block_{b:03d}/"
        sa = p + "layer_000/SelfAttention/"
        n = _rms_norm(g, x, g.weight(f"dec{b}_self_norm", w(p + "layer_000/rms_norm/scale")))
        wqkv = g.weight(f"dec{b}_self_qkv", _concat_weights(w, [sa + "q", sa + "k", sa + "v"]))
        q, k_new, v_new = _split(g, g.op("MatMul", [n, wqkv]), [a * k, a * k, a * v])
        k_new = g.op("Reshape", [k_new, g.const([0, a, 1, k])])
        v_new = g.op("Reshape", [v_new, g.const([0, a, 1, v])])
        keys = g.op("Concat", [f"past_key_{b}", k_new], axis=2, out=f"present_key_{b}")
        values = g.op("Concat", [f"past_value_{b}", v_new], axis=2, out=f"present_value_{b}")
        ctx = attend(q, keys, values, self_bias)
        x = g.op("Add", [x, g.op("MatMul", [ctx, g.weight(f"dec{b}_self_o", w(sa + "o"))])])

        ca = p + "layer_001/EncDecAttention/"
        n = _rms_norm(g, x, g.weight(f"dec{b}_cross_norm", w(p + "layer_001/rms_norm/scale")))
        q = g.op("MatMul", [n, g.weight(f"dec{b}_cross_q", w(ca + "q"))])
        ctx = attend(q, f"cross_key_{b}", f"cross_value_{b}", cross_bias)
        x = g.op("Add", [x, g.op("MatMul", [ctx, g.weight(f"dec{b}_cross_o", w(ca + "o"))])])

        ff = p + "layer_002/"
        n = _rms_norm(g, x, g.weight(f"dec{b}_ffn_norm", w(ff + "rms_norm/scale")))
        wi = _concat_weights(w, [ff + "DenseReluDense/wi_0/kernel", ff + "DenseReluDense/wi_1/kernel"])
        y = _feed_forward(g, n, g.weight(f"dec{b}_wi", wi),
                          g.weight(f"dec{b}_wo", w(ff + "DenseReluDense/wo/kernel")), d.inter)
        x = g.op("Add", [x, y])

    x = _rms_norm(g, x, g.weight("dec_final_norm", w("decoder/rms_norm/scale")))
    x = g.op("Mul", [x, g.const(h ** -0.5, np.float32)])  # Decoder-Output-Scale
    x = g.op("Reshape", [x, g.const([-1, h])])
    g.op("MatMul", [x, g.weight("lm_head", w("decoder/logits/kernel"))], out="logits")
    return g


# --- writing -------------------------------------------------------------------------------------------

def _save(model: onnx.ModelProto, weight_bytes: int, staging: Path, name: str, external: bool | None) -> list[str]:
    """Save `model` as staging/name (+ staging/name.data when external); return the file names written."""
    if external is None:
        external = weight_bytes > EXTERNAL_DATA_THRESHOLD
    path = staging / name
    if external:
        data = name + ".data"
        onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data, size_threshold=1024, convert_attribute=False)
        return [data, name]
    onnx.save_model(model, str(path))
    return [name]


def build_t5_graphs(checkpoint_prefix: Path, config: dict, out_dir: Path, *,
                    external_data: bool | None = None) -> dict[str, Path]:
    """Write `t5_encoder.onnx` and `t5_decoder_step.onnx` into `out_dir`; return {graph stem: path}.

    `checkpoint_prefix` is the release's `.../model.ckpt`; `config` its `config.json` (bert4keras keys).
    Each file appears atomically (written in a staging folder inside `out_dir`, then renamed; an external
    data file is renamed before the graph that names it). `external_data`: None picks external data
    (`<file>.data` next to the graph) for graphs over EXTERNAL_DATA_THRESHOLD bytes of weights; True or False
    forces it. The output is byte-for-byte deterministic for the same inputs.
    """
    dims = T5Dims(config)
    weights = _Weights(Path(checkpoint_prefix), dims)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".t5-export-", dir=out_dir))
    result: dict[str, Path] = {}
    try:
        for name, build in ((ENCODER_FILE, build_encoder_graph), (DECODER_FILE, build_decoder_step_graph)):
            graph = build(weights, dims)
            model = graph.model()
            written = _save(model, graph.weight_bytes, staging, name, external_data)
            del model, graph
            for file_name in written:  # data first, then the graph that refers to it
                os.replace(staging / file_name, out_dir / file_name)
            stale = out_dir / (name + ".data")
            if (name + ".data") not in written and stale.exists():
                stale.unlink()
            result[name.removesuffix(".onnx")] = out_dir / name
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result
