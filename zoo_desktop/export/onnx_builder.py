"""A tiny graph-building DSL over `onnx.helper`, shared by the BERT-family and T5 exporters.

`GraphBuilder` collects inputs, outputs, nodes and numpy initializers and hands out unique value names;
its composite helpers (dense, LayerNorm, RMSNorm, erf GELU, head split/merge, softmax attention with an
additive bias, padding masks) emit only standard ONNX ops of opset 17, so onnxruntime's graph optimiser
can fuse them (LayerNormalization, Gelu, Attention) on any execution provider. `save_model` writes a model
atomically (temporary file + rename) and switches to external data above the 2 GB protobuf limit.

No TensorFlow here: weights come in as numpy arrays (e.g. from `checkpoint.tf_index.CheckpointReader`).

Layout conventions (docs/graphs.md): activations [B, S, width]; per-head tensors [B, A, S, size];
attention biases broadcastable to [B, A, Sq, Sk] and added to the (scaled) scores before the softmax.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8  # the IR version that goes with opset 17: loadable by every onnxruntime >= 1.13

# What padded (or otherwise forbidden) attention scores get. bert4keras writes -inf with `K.where`; a large
# finite value gives exactly the same probabilities (exp underflows to 0 in float32) whenever a row has at
# least one valid key, and a uniform row instead of NaN when it has none.
MASK_VALUE = -1e12

# Protobuf cannot serialise a message over 2 GiB; leave room for the graph itself.
EXTERNAL_DATA_THRESHOLD = 1_800_000_000

FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64
BOOL = TensorProto.BOOL

Dim = int | str | None
Shape = Sequence[Dim]


def _np_to_onnx(dtype: np.dtype) -> int:
    return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


class GraphBuilder:
    """Accumulates one ONNX graph; every helper returns the name(s) of the value(s) it produced."""

    def __init__(self, name: str, *, dtype: np.dtype = np.float32, doc: str = "") -> None:
        self.name = name
        self.doc = doc
        self.dtype = np.dtype(dtype)
        self.elem_type = _np_to_onnx(self.dtype)
        self.nodes: list[onnx.NodeProto] = []
        self.inputs: list[onnx.ValueInfoProto] = []
        self.outputs: list[onnx.ValueInfoProto] = []
        self.initializers: dict[str, onnx.TensorProto] = {}
        self._arrays: dict[str, np.ndarray] = {}
        self._used: set[str] = set()
        self._scalars: dict[tuple, str] = {}

    # --- names ---------------------------------------------------------------------------------------

    def unique(self, hint: str) -> str:
        """A value/node name not used yet: `hint`, else `hint_1`, `hint_2`, ..."""
        name, n = hint, 0
        while name in self._used:
            n += 1
            name = f"{hint}_{n}"
        self._used.add(name)
        return name

    # --- graph interface -----------------------------------------------------------------------------

    def input(self, name: str, elem_type: int, shape: Shape) -> str:
        if name in self._used:
            raise ValueError(f"name {name!r} is already used in graph {self.name}")
        self._used.add(name)
        self.inputs.append(helper.make_tensor_value_info(name, elem_type, list(shape)))
        return name

    def output(self, value: str, name: str, elem_type: int | None = None, shape: Shape | None = None) -> str:
        """Declare `value` a graph output called `name` (through an Identity when the names differ)."""
        if value != name:
            if name in self._used:
                raise ValueError(f"output name {name!r} is already used in graph {self.name}")
            self._used.add(name)
            self.nodes.append(helper.make_node("Identity", [value], [name], name=self.unique(f"{name}/Identity")))
        elem_type = self.elem_type if elem_type is None else elem_type
        self.outputs.append(helper.make_tensor_value_info(name, elem_type, None if shape is None else list(shape)))
        return name

    def weight(self, name: str, array: np.ndarray, *, cast: bool = True) -> str:
        """An initializer called `name` (floating arrays are cast to the graph's dtype).

        Registering the same name twice returns the first registration (the arrays must be equal).
        """
        array = np.asarray(array)
        if cast and np.issubdtype(array.dtype, np.floating):
            array = array.astype(self.dtype, copy=False)
        if name in self.initializers:
            if self._arrays[name] is not array and not np.array_equal(self._arrays[name], array):
                raise ValueError(f"initializer {name!r} registered twice with different values")
            return name
        if name in self._used:
            raise ValueError(f"initializer name {name!r} is already used in graph {self.name}")
        self._used.add(name)
        return self._initializer(name, array)

    def _initializer(self, name: str, array: np.ndarray) -> str:
        self.initializers[name] = numpy_helper.from_array(np.array(array, order="C", copy=not array.flags.c_contiguous), name)
        self._arrays[name] = array
        return name

    def const(self, value, dtype: np.dtype | None = None, hint: str = "const") -> str:
        """A small constant initializer (scalars and shape vectors); equal constants are shared."""
        array = np.asarray(value, dtype=dtype if dtype is not None else (self.dtype if isinstance(value, float) else None))
        key = (array.dtype.str, array.shape, array.tobytes())
        if key not in self._scalars:
            self._scalars[key] = self._initializer(self.unique(hint), array)
        return self._scalars[key]

    def scalar(self, value: float) -> str:
        """A 0-d constant of the graph's float dtype."""
        return self.const(np.array(value, dtype=self.dtype), hint="scalar")

    def ints(self, values: Sequence[int]) -> str:
        """A 1-D int64 constant (axes, shapes, slice bounds)."""
        return self.const(np.array(list(values), dtype=np.int64), hint="ints")

    def op(self, op_type: str, inputs: Sequence[str], *, name: str | None = None, outputs: int | Sequence[str] = 1,
           domain: str | None = None, **attrs) -> str | list[str]:
        """Append one node; returns its output name (or list of names when `outputs` > 1 or a list)."""
        base = self.unique(name or op_type)
        if isinstance(outputs, int):
            out_names = [base] + [self.unique(f"{base}:{i}") for i in range(1, outputs)]
        else:
            out_names = list(outputs)
            for out in out_names:
                if out in self._used:
                    raise ValueError(f"value name {out!r} is already used in graph {self.name}")
                self._used.add(out)
        node = helper.make_node(op_type, list(inputs), out_names, name=f"{base}/{op_type}", domain=domain, **attrs)
        self.nodes.append(node)
        return out_names[0] if isinstance(outputs, int) and outputs == 1 else out_names

    def build(self, *, producer: str = "zoo_desktop.export", metadata: dict[str, str] | None = None) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs,
                                  initializer=list(self.initializers.values()), doc_string=self.doc or None)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name=producer, ir_version=IR_VERSION)
        for key, value in sorted((metadata or {}).items()):
            entry = model.metadata_props.add()
            entry.key, entry.value = key, str(value)
        return model

    # --- shapes --------------------------------------------------------------------------------------

    def dim(self, x: str, axis: int, hint: str = "dim") -> str:
        """The size of axis `axis` of `x` as a 1-D int64 tensor of length 1."""
        end = axis + 1 if axis != -1 else None
        kwargs = {"start": axis} if end is None else {"start": axis, "end": end}
        return self.op("Shape", [x], name=hint, **kwargs)

    def unsqueeze(self, x: str, axes: Sequence[int], name: str = "Unsqueeze") -> str:
        return self.op("Unsqueeze", [x, self.ints(axes)], name=name)

    def squeeze(self, x: str, axes: Sequence[int], name: str = "Squeeze") -> str:
        return self.op("Squeeze", [x, self.ints(axes)], name=name)

    def cast(self, x: str, to: int, name: str = "Cast") -> str:
        return self.op("Cast", [x], name=name, to=to)

    # --- layers --------------------------------------------------------------------------------------

    def embedding(self, table: str, ids: str, name: str = "Gather") -> str:
        """Rows of `table` [V, E] for integer `ids` [...] -> [..., E]."""
        return self.op("Gather", [table, ids], name=name, axis=0)

    def dense(self, x: str, kernel: str, bias: str | None = None, name: str = "Dense") -> str:
        """`x @ kernel (+ bias)`; kernel [in, out] as TF/Keras stores it; any number of leading axes."""
        y = self.op("MatMul", [x, kernel], name=f"{name}/MatMul")
        if bias is not None:
            y = self.op("Add", [y, bias], name=f"{name}/BiasAdd")
        return y

    def layer_norm(self, x: str, gamma: str, beta: str | None, eps: float, name: str = "LayerNorm") -> str:
        """LayerNormalization over the last axis (opset 17 op): (x - mean) / sqrt(var + eps) * gamma + beta."""
        inputs = [x, gamma] + ([beta] if beta is not None else [])
        return self.op("LayerNormalization", inputs, name=name, axis=-1, epsilon=float(eps))

    def rms_norm(self, x: str, scale: str, eps: float, name: str = "RMSNorm") -> str:
        """x / sqrt(mean(x^2) + eps) * scale over the last axis (T5's norm; bert4keras `zero_mean=False`)."""
        sq = self.op("Mul", [x, x], name=f"{name}/Square")
        ms = self.op("ReduceMean", [sq], name=f"{name}/MeanSquare", axes=[-1], keepdims=1)
        rms = self.op("Sqrt", [self.op("Add", [ms, self.scalar(eps)], name=f"{name}/AddEps")], name=f"{name}/Sqrt")
        y = self.op("Div", [x, rms], name=f"{name}/Normalize")
        return self.op("Mul", [y, scale], name=f"{name}/Scale")

    def gelu_erf(self, x: str, name: str = "Gelu") -> str:
        """Exact GELU as bert4keras `gelu_erf`: 0.5 * x * (1 + erf(x / sqrt(2)))."""
        e = self.op("Erf", [self.op("Div", [x, self.scalar(math.sqrt(2.0))], name=f"{name}/Div")], name=f"{name}/Erf")
        y = self.op("Mul", [x, self.op("Add", [e, self.scalar(1.0)], name=f"{name}/Add")], name=f"{name}/Mul")
        return self.op("Mul", [y, self.scalar(0.5)], name=f"{name}/Half")

    def gelu_tanh(self, x: str, name: str = "GeluTanh") -> str:
        """bert4keras `gelu_tanh`: x * 0.5 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))."""
        x3 = self.op("Mul", [self.op("Mul", [x, x], name=f"{name}/Sq"), x], name=f"{name}/Cube")
        inner = self.op("Add", [x, self.op("Mul", [x3, self.scalar(0.044715)], name=f"{name}/Coef")], name=f"{name}/Inner")
        t = self.op("Tanh", [self.op("Mul", [inner, self.scalar(math.sqrt(2 / math.pi))], name=f"{name}/Scale")],
                    name=f"{name}/Tanh")
        cdf = self.op("Mul", [self.op("Add", [t, self.scalar(1.0)], name=f"{name}/Add"), self.scalar(0.5)], name=f"{name}/Cdf")
        return self.op("Mul", [x, cdf], name=f"{name}/Mul")

    def activation(self, x: str, act: str, name: str = "Act") -> str:
        """A Keras activation by name, as bert4keras resolves it ('gelu' is the erf form)."""
        act = (act or "linear").lower()
        if act in ("gelu", "gelu_erf"):
            return self.gelu_erf(x, name)
        if act == "gelu_tanh":
            return self.gelu_tanh(x, name)
        if act == "linear":
            return x
        if act in ("relu", "tanh", "sigmoid"):
            return self.op({"relu": "Relu", "tanh": "Tanh", "sigmoid": "Sigmoid"}[act], [x], name=name)
        if act == "swish":
            return self.op("Mul", [x, self.op("Sigmoid", [x], name=f"{name}/Sigmoid")], name=name)
        raise ValueError(f"unsupported activation {act!r}")

    def split_heads(self, x: str, heads: int, size: int, name: str = "SplitHeads") -> str:
        """[B, S, heads*size] -> [B, heads, S, size]."""
        r = self.op("Reshape", [x, self.ints([0, 0, heads, size])], name=f"{name}/Reshape")
        return self.op("Transpose", [r], name=f"{name}/Transpose", perm=[0, 2, 1, 3])

    def merge_heads(self, x: str, width: int, name: str = "MergeHeads") -> str:
        """[B, heads, S, size] -> [B, S, heads*size] (width = heads*size)."""
        t = self.op("Transpose", [x], name=f"{name}/Transpose", perm=[0, 2, 1, 3])
        return self.op("Reshape", [t, self.ints([0, 0, width])], name=f"{name}/Reshape")

    def attention(self, q: str, k: str, v: str, bias: str | None = None, scale: float | None = None,
                  name: str = "Attention") -> str:
        """softmax(q k^T * scale + bias) v for per-head tensors q [B,A,Sq,K], k [B,A,Sk,K], v [B,A,Sk,D].

        `bias` is additive and broadcastable to [B, A, Sq, Sk] (masks from `padding_bias`/`bool_bias`,
        relative position biases, or their sum); `scale` None means no scaling (fold it into q instead).
        Returns [B, A, Sq, D].
        """
        kt = self.op("Transpose", [k], name=f"{name}/KeyT", perm=[0, 1, 3, 2])
        scores = self.op("MatMul", [q, kt], name=f"{name}/Scores")
        if scale is not None and scale != 1.0:
            scores = self.op("Mul", [scores, self.scalar(scale)], name=f"{name}/Scale")
        if bias is not None:
            scores = self.op("Add", [scores, bias], name=f"{name}/Bias")
        probs = self.op("Softmax", [scores], name=f"{name}/Softmax", axis=-1)
        return self.op("MatMul", [probs, v], name=f"{name}/Context")

    def keep_first(self, mask: str, name: str = "KeepFirst") -> str:
        """An int64 key mask [B, S] with position 0 always kept (bert4keras `Embedding.compute_mask`)."""
        rest = self.op("Slice", [mask, self.ints([1]), self.ints([np.iinfo(np.int64).max]), self.ints([1])],
                       name=f"{name}/Rest")
        shape = self.op("Concat", [self.dim(mask, 0, hint=f"{name}/batch"), self.ints([1])], name=f"{name}/Shape", axis=0)
        first = self.op("ConstantOfShape", [shape], name=f"{name}/First",
                        value=helper.make_tensor("value", INT64, [1], [1]))
        return self.op("Concat", [first, rest], name=name, axis=1)

    def padding_bias(self, mask: str, name: str = "PaddingBias", value: float = MASK_VALUE) -> str:
        """Integer/bool key mask [B, Sk] (1 keep, 0 pad) -> additive float bias [B, 1, 1, Sk]."""
        m = self.cast(mask, self.elem_type, name=f"{name}/Cast")
        inv = self.op("Sub", [self.scalar(1.0), m], name=f"{name}/Invert")
        bias = self.op("Mul", [inv, self.scalar(value)], name=f"{name}/Scale")
        return self.unsqueeze(bias, [1, 2], name=f"{name}/Unsqueeze")

    def bool_bias(self, allowed: str, name: str = "MaskBias", value: float = MASK_VALUE) -> str:
        """Boolean `allowed` (any broadcastable shape) -> additive float bias: 0 where allowed, `value` elsewhere."""
        return self.op("Where", [allowed, self.scalar(0.0), self.scalar(value)], name=name)


# --- files -----------------------------------------------------------------------------------------------

def initializer_bytes(model: onnx.ModelProto) -> int:
    """Bytes of raw initializer data (what decides whether a model needs external data)."""
    total = 0
    for tensor in model.graph.initializer:
        if tensor.HasField("raw_data"):
            total += len(tensor.raw_data)
        else:
            total += int(np.prod(tensor.dims, dtype=np.int64)) * np.dtype(helper.tensor_dtype_to_np_dtype(tensor.data_type)).itemsize
    return total


def external_data_name(path: Path) -> str:
    return Path(path).name + ".data"


def save_model(model: onnx.ModelProto, path: Path, *, external_data: bool | None = None, check: bool = True) -> list[Path]:
    """Write `model` to `path` atomically; returns the files written (the model, and its data file if any).

    `external_data=None` chooses external data (one `<name>.data` file beside the model) when the
    initializers pass `EXTERNAL_DATA_THRESHOLD`. Files are written under temporary names in the same folder
    and renamed into place, the data file first, so a reader never sees a half-written model. A stale
    data file from an earlier external-data export is removed. `check` runs `onnx.checker` first.
    Note: with external data the passed ModelProto is modified in place (its tensors point at the file).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if external_data is None:
        external_data = initializer_bytes(model) > EXTERNAL_DATA_THRESHOLD
    data_path = path.with_name(external_data_name(path))
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        staged = staging / path.name
        if external_data:
            onnx.save_model(model, str(staged), save_as_external_data=True, all_tensors_to_one_file=True,
                            location=data_path.name, size_threshold=1024)
            if check:
                onnx.checker.check_model(str(staged))
            os.replace(staging / data_path.name, data_path)
            os.replace(staged, path)
            return [path, data_path]
        if check:
            onnx.checker.check_model(model)
        with open(staged, "wb") as fh:
            fh.write(model.SerializeToString(deterministic=True))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(staged, path)
        if data_path.exists():
            data_path.unlink()
        return [path]
    finally:
        for leftover in staging.glob("*"):
            leftover.unlink()
        staging.rmdir()
