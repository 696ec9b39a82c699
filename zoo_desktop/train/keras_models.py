"""The bert4keras models of the zoo's fine-tuning scripts, and their weights written back as releases.

Imports TensorFlow (through `convert.b4k`): only the training child and the TF tests use this module.

* `build_classifier_model`: task_sentiment.py / task_iflytek.py — `build_transformer_model(config, ckpt,
  model='bert', return_keras_model=False)`, `Lambda(x[:, 0])` on its output, `Dense(num_classes,
  softmax, kernel_initializer=bert.initializer)`.
* `build_summarizer_model`: T5 PEGASUS finetune.py — `model='mt5.1.1', return_keras_model=False`, then
  `Model(t5.model.inputs, CrossEntropy(1)([t5.model.inputs[1], t5.model.outputs[0]]))`, where the loss is
  the decoder's next-token cross-entropy masked by the target's own mask.
* `adam` / `adam_piecewise`: bert4keras's own `Adam` (epsilon 1e-6, bias correction) and
  `extend_with_piecewise_linear_lr(Adam)`. bert4keras derives them from `keras.optimizers.Optimizer`,
  which tf-keras >= 2.11 made the new optimizer API (no `_set_hyper`); they are the legacy `OptimizerV2`
  API, so `bert4keras.optimizers` is imported with `keras.optimizers.Optimizer` pointing at
  `keras.optimizers.legacy.Optimizer` (the same classes bert4keras uses on Keras 2.3 / TF 2.x).
* `release_arrays`: a bert4keras model's weights under the checkpoint variable names it loaded them from
  (its own `variable_mapping`), in the stored layout (T5's relative attention biases transposed back),
  i.e. what bert4keras's `save_weights_as_checkpoint` would write; `write_release` writes them as a TF1
  name-based checkpoint with the base release's config and vocab (zoo-facts §2: that bert4keras method
  itself needs TF1 sessions).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.convert.b4k import load_bert4keras, load_tensorflow

BERT_FILES = ("bert_config.json", "bert_model.ckpt")
T5_FILES = ("config.json", "model.ckpt")


def backend():
    """(tf, keras, K) with bert4keras loaded."""
    tf = load_tensorflow()
    load_bert4keras()
    from bert4keras.backend import K, keras

    return tf, keras, K


def _bert4keras_optimizers():
    if "bert4keras.optimizers" in sys.modules:
        return sys.modules["bert4keras.optimizers"]
    _, keras, _ = backend()
    current = keras.optimizers.Optimizer
    legacy = getattr(keras.optimizers, "legacy", None)
    if legacy is not None:
        keras.optimizers.Optimizer = legacy.Optimizer
    try:
        import bert4keras.optimizers as optimizers
    finally:
        keras.optimizers.Optimizer = current
    return optimizers


def adam(learning_rate: float):
    """bert4keras `Adam(learning_rate)` (finetune.py)."""
    return _bert4keras_optimizers().Adam(learning_rate=learning_rate)


def adam_piecewise(learning_rate: float, lr_schedule: dict[int, float]):
    """`extend_with_piecewise_linear_lr(Adam, name='AdamLR')(learning_rate, lr_schedule)` (task_sentiment.py)."""
    optimizers = _bert4keras_optimizers()
    AdamLR = optimizers.extend_with_piecewise_linear_lr(optimizers.Adam, name="AdamLR")
    return AdamLR(learning_rate=learning_rate, lr_schedule={int(k): float(v) for k, v in lr_schedule.items()})


def _quiet_build(fn, *args, **kwargs):
    with warnings.catch_warnings():
        # bert4keras's shared TruncatedNormal initializer: its values are overwritten by the checkpoint
        warnings.filterwarnings("ignore", message="The initializer TruncatedNormal is unseeded")
        return fn(*args, **kwargs)


def build_classifier_model(config_path: Path, checkpoint_prefix: Path | None, num_classes: int):
    """task_sentiment.py's model: returns (keras model, bert4keras transformer)."""
    _, keras, _ = backend()
    from bert4keras.models import build_transformer_model

    bert = _quiet_build(build_transformer_model, str(config_path),
                        None if checkpoint_prefix is None else str(checkpoint_prefix),
                        model="bert", return_keras_model=False)
    output = keras.layers.Lambda(lambda x: x[:, 0], name="CLS-token")(bert.model.output)
    output = keras.layers.Dense(units=num_classes, activation="softmax", kernel_initializer=bert.initializer,
                                name="Classifier-Dense")(output)
    model = keras.models.Model(bert.model.input, output)
    return model, bert


def build_summarizer_model(config_path: Path, checkpoint_prefix: Path | None):
    """finetune.py's model: returns (training model with the CrossEntropy loss layer, bert4keras T5)."""
    _, keras, K = backend()
    from bert4keras.layers import Loss
    from bert4keras.models import build_transformer_model

    class CrossEntropy(Loss):
        """finetune.py: cross-entropy of the next target token, masked by the decoder's own mask."""

        def compute_loss(self, inputs, mask=None):
            y_true, y_pred = inputs
            y_true = y_true[:, 1:]
            y_mask = K.cast(mask[1], K.floatx())[:, 1:]
            y_pred = y_pred[:, :-1]
            loss = K.sparse_categorical_crossentropy(y_true, y_pred)
            return K.sum(loss * y_mask) / K.sum(y_mask)

    t5 = _quiet_build(build_transformer_model, config_path=str(config_path),
                      checkpoint_path=None if checkpoint_prefix is None else str(checkpoint_prefix),
                      model="mt5.1.1", return_keras_model=False)
    output = CrossEntropy(1)([t5.model.inputs[1], t5.model.outputs[0]])
    model = keras.models.Model(t5.model.inputs, output)
    return model, t5


# --- weights out ------------------------------------------------------------------------------------------

def stored_layout(name: str, value: np.ndarray) -> np.ndarray:
    """Inverse of bert4keras's `load_variable` transposes (both are transposes: the same function)."""
    from zoo_desktop.convert.random_checkpoint import keras_layout

    return keras_layout(name, value)


def release_arrays(transformer) -> dict[str, np.ndarray]:
    """Checkpoint variable name -> float32 array (stored layout) of every weight the transformer maps."""
    _, _, K = backend()
    mapping = {transformer.prefixed(k): v for k, v in transformer.variable_mapping().items()}
    arrays: dict[str, np.ndarray] = {}
    for layer_name, names in mapping.items():
        if layer_name not in transformer.layers:
            continue
        layer = transformer.layers[layer_name]
        values = K.batch_get_value(layer.trainable_weights)
        if len(values) != len(names):
            raise RuntimeError(f"layer {layer_name} has {len(values)} weights for {len(names)} checkpoint variables")
        for name, value in zip(names, values):
            arrays[name] = np.ascontiguousarray(stored_layout(name, np.asarray(value, dtype=np.float32)))
    return arrays


def classifier_head(model) -> tuple[np.ndarray, np.ndarray]:
    """(kernel [H, C], bias [C]) of the classifier's Dense layer (the model's last layer with weights)."""
    for layer in reversed(model.layers):
        weights = layer.get_weights()
        if len(weights) == 2 and weights[0].ndim == 2:
            return np.asarray(weights[0], np.float32), np.asarray(weights[1], np.float32)
    raise RuntimeError("the model has no Dense classifier layer")


def write_release(dest: Path, base: dict[str, Any], arrays: dict[str, np.ndarray], *, keep_base: bool = True) -> Path:
    """Write a release folder at `dest`: the base's config and vocab, and a checkpoint of `arrays`.

    `base` holds the base release's `config`, `checkpoint` (prefix) and `vocab` paths and its
    `architecture` ("bert" or "mt5.1.1"). With `keep_base`, base variables that `arrays` lacks (the MLM
    head and pooler a fine-tuning model does not use) are copied unchanged, so the folder is a complete
    release again. Written in `dest.tmp` and renamed into place.
    """
    from zoo_desktop.checkpoint.tf_index import CheckpointReader
    from zoo_desktop.convert.random_checkpoint import _save_checkpoint

    config_name, prefix_name = T5_FILES if base["architecture"] == "mt5.1.1" else BERT_FILES
    merged: dict[str, np.ndarray] = {}
    if keep_base:
        reader = CheckpointReader(Path(base["checkpoint"]))
        for name in reader.shapes():
            if name not in arrays:
                merged[name] = np.asarray(reader.read(name))
    merged.update(arrays)
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copyfile(base["config"], tmp / config_name)
    shutil.copyfile(base["vocab"], tmp / "vocab.txt")
    _save_checkpoint(tmp / prefix_name, merged)
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    return dest


def release_paths(folder: Path, architecture: str) -> dict[str, Any]:
    config_name, prefix_name = T5_FILES if architecture == "mt5.1.1" else BERT_FILES
    folder = Path(folder)
    return {"config": str(folder / config_name), "checkpoint": str(folder / prefix_name),
            "vocab": str(folder / "vocab.txt"), "architecture": architecture}


def read_config(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def h5_classes(path: Path) -> int | None:
    """The number of classes of a task_sentiment.py `best_model.weights` (HDF5): the last 2-D kernel's width."""
    import h5py

    with h5py.File(path, "r") as f:
        for _, group, weight_names in reversed(list(_h5_layers(f))):
            kernels = [group[w] for w in weight_names if w.split("/")[-1].startswith("kernel")]
            if kernels and len(kernels[0].shape) == 2:
                return int(kernels[0].shape[1])
    return None


def _h5_layers(f):
    root = f["model_weights"] if "model_weights" in f else f
    for n in root.attrs.get("layer_names", []):
        layer = n.decode() if isinstance(n, bytes) else n
        group = root[layer]
        weight_names = [w.decode() if isinstance(w, bytes) else w for w in group.attrs.get("weight_names", [])]
        yield layer, group, weight_names


def h5_embedding_shape(path: Path) -> tuple[int, ...] | None:
    """Shape of the token embedding (`Embedding-Token`) in a Keras HDF5 weights file, if it has one."""
    import h5py

    with h5py.File(path, "r") as f:
        for layer, group, weight_names in _h5_layers(f):
            if layer.endswith("Embedding-Token") and weight_names:
                return tuple(group[weight_names[0]].shape)
    return None


def is_hdf5(path: Path) -> bool:
    try:
        import h5py

        return bool(h5py.is_hdf5(str(path)))
    except Exception:
        return False
