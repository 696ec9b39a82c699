"""Parity of `classifier.onnx` with the Keras classifier it was exported from (task_sentiment.py's model).

Compared on fixed sample rows (the lengths of `convert.parity_bert`, sentence pairs included) plus real
rows from the validation data when given, padded into one batch: the class probabilities within 1e-4 max
abs, the argmax, and each row alone against its padded batch row. The Keras side runs under one
`tf.function` for every shape; the ONNX side in onnxruntime on the CPU.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.convert.parity_bert import SAMPLE_LENGTHS, _session, _vocab_tokens, pad, sample_rows

TOLERANCE = 1e-4
MAX_REAL_ROWS = 24


def keras_predictor(model):
    """model([ids, segments]) as one traced function for all batch sizes and lengths -> numpy."""
    from zoo_desktop.train.keras_models import backend

    tf, _, _ = backend()
    spec = tf.TensorSpec([None, None], tf.float32)
    fn = tf.function(lambda x, s: model([x, s], training=False), input_signature=[spec, spec])

    def predict(ids: np.ndarray, segs: np.ndarray) -> np.ndarray:
        return np.asarray(fn(tf.constant(ids, tf.float32), tf.constant(segs, tf.float32)))

    return predict


def classifier_parity(
    predict,
    onnx_path: Path,
    vocab_path: Path,
    vocab_size: int,
    *,
    real_rows: Sequence[Sequence[int]] = (),
    threads: int | None = 2,
    seed: int = 0,
) -> dict[str, Any]:
    """Figures for the manifest: `probabilities_max_abs`, `padding_max_abs`, `argmax_agreement`, `passed`."""
    started = time.perf_counter()
    tokens = _vocab_tokens(Path(vocab_path))
    rows = sample_rows(tokens, SAMPLE_LENGTHS, pairs=True, seed=seed, vocab_size=vocab_size)
    for ids in list(real_rows)[:MAX_REAL_ROWS]:
        ids = np.asarray(ids, dtype=np.int64)
        rows.append((ids, np.zeros_like(ids)))
    ids, segs, mask = pad(rows)
    session = _session(Path(onnx_path), threads)
    ours = session.run(["probabilities"], {"input_ids": ids, "segment_ids": segs, "attention_mask": mask})[0]
    ref = predict(ids, segs)
    padding = 0.0
    for r, (i, s) in enumerate(rows):
        alone = session.run(["probabilities"], {"input_ids": i[None], "segment_ids": s[None],
                                                "attention_mask": np.ones((1, len(i)), np.int64)})[0]
        padding = max(padding, float(np.abs(alone[0] - ours[r]).max()))
    worst = float(np.abs(ours - ref).max())
    figures: dict[str, Any] = {
        "reference": "bert4keras 0.11.5 task_sentiment.py model (Keras)",
        "rows": len(rows),
        "real_rows": max(0, len(rows) - len(SAMPLE_LENGTHS)),
        "probabilities_max_abs": worst,
        "padding_max_abs": padding,
        "argmax_agreement": float(np.mean(ours.argmax(-1) == ref.argmax(-1))),
        "tolerance": TOLERANCE,
    }
    failures = [f"{k} {figures[k]:.3g} > {TOLERANCE:g}" for k in ("probabilities_max_abs", "padding_max_abs")
                if not figures[k] <= TOLERANCE]
    figures["passed"] = not failures
    figures["failures"] = failures
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return figures


def check_release(release_dir: Path, onnx_dir: Path, family: str, *, threads: int | None = 2) -> dict[str, Any]:
    """Parity of `onnx_dir/classifier.onnx` with task_sentiment.py's model rebuilt by bert4keras from a fine-tuned
    release folder (bert_config.json, bert_model.ckpt.* with the classifier head, vocab.txt).

    What a re-conversion of an installed classifier (`zoo models convert ID`) would run; imports TensorFlow.
    """
    import json

    from zoo_desktop.checkpoint.tf_index import CheckpointReader
    from zoo_desktop.export.classifier import CLASSIFIER_BIAS, CLASSIFIER_KERNEL, GRAPH_FILE, num_labels
    from zoo_desktop.train.keras_models import build_classifier_model

    release_dir, onnx_dir = Path(release_dir), Path(onnx_dir)
    prefix = release_dir / "bert_model.ckpt"
    reader = CheckpointReader(prefix)
    n = num_labels(reader.shapes())
    model, _ = build_classifier_model(release_dir / "bert_config.json", prefix, n)
    model.layers[-1].set_weights([reader.read(CLASSIFIER_KERNEL), reader.read(CLASSIFIER_BIAS)])
    config = json.loads((release_dir / "bert_config.json").read_text(encoding="utf-8"))
    return classifier_parity(keras_predictor(model), onnx_dir / GRAPH_FILE, release_dir / "vocab.txt",
                             int(config["vocab_size"]), threads=threads)
