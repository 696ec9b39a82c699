"""`classifier.onnx`: a fine-tuned BERT-family text classifier, built from checkpoint weights.

The model is the one the zoo's `task_sentiment.py` / `task_iflytek.py` train:

    bert = build_transformer_model(config_path, checkpoint_path, model='bert', return_keras_model=False)
    output = Lambda(lambda x: x[:, 0])(bert.model.output)
    output = Dense(num_classes, activation='softmax', kernel_initializer=bert.initializer)(output)

so the graph is the encoder of `export.bert` (plain bidirectional attention whatever the family: the recipe
builds `model='bert'`, never the UniLM model, even on a SimBERT base), the [CLS] row of the last layer, a
Dense layer and a softmax:

| in | shape | | out | shape |
|---|---|---|---|---|
| `input_ids` | [B, S] int64 | | `probabilities` | [B, num_labels] float32 |
| `segment_ids` | [B, S] int64 | | | |
| `attention_mask` | [B, S] int64 (1 keep, 0 pad) | | | |

The Dense weights live in the model's TF checkpoint beside the encoder's, under `classifier/dense/kernel`
[H, num_labels] and `classifier/dense/bias` [num_labels] (names bert4keras never reads, so the checkpoint
still loads as a plain BERT). The label names go into the graph's metadata (`labels`, a JSON list in
class-id order) as well as into the model's manifest.

No TensorFlow here; parity with the Keras model is checked by `zoo_desktop.train.parity`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx

from zoo_desktop.checkpoint.tf_index import CheckpointReader
from zoo_desktop.errors import CheckpointMismatch
from zoo_desktop.export.bert import (
    BertDims,
    WeightSource,
    _as_weights,
    _block_rest,
    _check_family,
    _embeddings,
    _metadata,
    _qkv,
    _w,
)
from zoo_desktop.export.onnx_builder import FLOAT, INT64, GraphBuilder, save_model

CLASSIFIER_KERNEL = "classifier/dense/kernel"
CLASSIFIER_BIAS = "classifier/dense/bias"
GRAPH_NAME = "classifier"
GRAPH_FILE = "classifier.onnx"
OUTPUT = "probabilities"

B, S, C = "batch", "sequence", "num_labels"


def num_labels(shapes: Mapping[str, Sequence[int]]) -> int:
    """The number of classes of a fine-tuned checkpoint (from its `classifier/dense/bias`)."""
    if CLASSIFIER_BIAS not in shapes or CLASSIFIER_KERNEL not in shapes:
        raise CheckpointMismatch(
            f"the checkpoint has no classifier head ({CLASSIFIER_KERNEL}, {CLASSIFIER_BIAS}): it is not a fine-tuned classifier"
        )
    shape = tuple(shapes[CLASSIFIER_BIAS])
    if len(shape) != 1 or shape[0] < 2:
        raise CheckpointMismatch(f"{CLASSIFIER_BIAS} has shape {shape}; a classifier needs at least 2 classes")
    return int(shape[0])


def build_classifier(
    weights: WeightSource | Mapping[str, np.ndarray],
    config: Mapping[str, Any],
    family: str,
    *,
    labels: Sequence[str] | None = None,
) -> onnx.ModelProto:
    """The classifier graph from encoder weights plus `classifier/dense/{kernel,bias}` (see the module docstring)."""
    family = _check_family(family)
    dims = BertDims.from_config(config)
    w = _as_weights(weights, dims)
    n = num_labels(w.available)
    if labels is not None and len(labels) != n:
        raise CheckpointMismatch(f"{len(labels)} label names for a classifier head of {n} classes")
    g = GraphBuilder(f"{family}_classifier", doc="fine-tuned [CLS] classifier (zoo_desktop/export/classifier.py)")
    ids = g.input("input_ids", INT64, [B, S])
    segs = g.input("segment_ids", INT64, [B, S])
    mask = g.input("attention_mask", INT64, [B, S])
    bias = g.padding_bias(g.keep_first(mask))
    x = _embeddings(g, w, ids, segs, None)
    for i in range(dims.layers):
        q, k, v = _qkv(g, w, i, x)
        x = _block_rest(g, w, i, x, q, k, v, bias)
    cls = g.op("Gather", [x, g.const(np.array(0, dtype=np.int64), hint="zero")], name="CLS", axis=1)  # [B, H]
    logits = g.op("Gemm", [cls, _w(g, w, CLASSIFIER_KERNEL, (dims.hidden, n)), _w(g, w, CLASSIFIER_BIAS, (n,))],
                  name="Classifier-Dense")
    probs = g.op("Softmax", [logits], name="Classifier-Softmax", axis=-1)
    g.output(probs, OUTPUT, FLOAT, [B, n])
    meta = _metadata(dims, family, GRAPH_NAME)
    meta["num_labels"] = str(n)
    if labels is not None:
        meta["labels"] = json.dumps(list(labels), ensure_ascii=False)
    return g.build(metadata=meta)


def build_classifier_graph(
    checkpoint_prefix: Path,
    config: Mapping[str, Any] | Path,
    family: str,
    out_dir: Path,
    *,
    labels: Sequence[str] | None = None,
) -> dict[str, Path]:
    """Write `classifier.onnx` for a fine-tuned checkpoint into `out_dir`; returns {"classifier": path}.

    `checkpoint_prefix` is e.g. `checkpoint/bert_model.ckpt` of a fine-tuned model (encoder variables plus
    the classifier head); `config` its bert_config.json (parsed or a path). The file appears atomically.
    """
    if not isinstance(config, Mapping):
        config = json.loads(Path(config).read_text(encoding="utf-8"))
    reader = CheckpointReader(Path(checkpoint_prefix))
    model = build_classifier(reader, config, family, labels=labels)
    path = Path(out_dir) / GRAPH_FILE
    save_model(model, path)
    return {GRAPH_NAME: path}
