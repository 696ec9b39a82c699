"""The training child: `python -m zoo_desktop.train.child --run-dir DIR`.

Reads `DIR/request.json` (written by `zoo_desktop.train.runner`) and, by its `task`:

* `classify`: fine-tunes task_sentiment.py's model on `DIR/data.npz`, keeps the best epoch on the
  validation accuracy, reports the test accuracy;
* `summarize`: fine-tunes T5 PEGASUS as finetune.py does, scoring each epoch by greedy decoding of the
  validation sources (ROUGE-1/2/L and BLEU, as finetune.py), keeps the best BLEU;
* `import`: loads a `best_model.weights` file saved by those scripts into the same model.

then writes the fine-tuned weights as a release (`DIR/export/checkpoint`), builds the ONNX graphs from it
(`DIR/export/onnx`) and checks them against the Keras model (classifier) or bert4keras's T5 built from the
written checkpoint (T5 PEGASUS). Progress and the result are JSON lines (convert/child_process.py);
epoch checkpoints in DIR make an interrupted run resume (train/loop.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from zoo_desktop.convert.child_process import EventWriter, error_kind
from zoo_desktop.train.data import unpack
from zoo_desktop.train.loop import Epochs, Reporter, device_description, fit
from zoo_desktop.train.recipes import ClassifyRecipe, SummarizeRecipe

EXPORT_DIR = "export"


class ImportFailed(RuntimeError):
    pass


def _setup(request: dict[str, Any]):
    from zoo_desktop.train.keras_models import backend

    tf, keras, K = backend()
    for gpu in tf.config.list_physical_devices("GPU"):  # share the GPU (onnxruntime may use it too)
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass
    threads = request.get("threads")
    if threads:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(int(threads))
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError:
            pass
    seed = int(request.get("recipe", {}).get("seed", 42))
    keras.utils.set_random_seed(seed)
    return tf, keras, K


def _optimizer(recipe, recipe_schedule: dict[int, float] | None, steps_per_epoch: int):
    """bert4keras Adam with the recipe's learning-rate schedule over the whole run (None: constant, plain Adam)."""
    from zoo_desktop.train.keras_models import adam, adam_piecewise
    from zoo_desktop.train.recipes import resolve_schedule

    schedule = resolve_schedule(recipe.schedule, recipe_schedule, recipe.warmup_steps, steps_per_epoch * recipe.epochs)
    return adam_piecewise(recipe.learning_rate, schedule) if schedule else adam(recipe.learning_rate)


def _padded(rows: list[np.ndarray]) -> np.ndarray:
    width = max(len(r) for r in rows)
    out = np.zeros((len(rows), width), dtype=np.int32)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _batches_of(order: np.ndarray, size: int):
    for start in range(0, len(order), size):
        yield order[start:start + size]


def _graph_io(path: Path) -> dict[str, Any]:
    from zoo_desktop.convert.convert_child import _graph_io as describe

    return describe(path)


def _versions() -> dict[str, str]:
    from zoo_desktop.convert.convert_child import _versions as versions

    return versions()


def _peak_rss_mb() -> float | None:
    from zoo_desktop.convert.convert_child import _peak_rss_mb as peak

    return peak()


# --- classification --------------------------------------------------------------------------------------

def _accuracy(predict, rows: list[np.ndarray], labels: np.ndarray, batch: int = 64) -> tuple[float, np.ndarray]:
    """Accuracy and predicted classes; rows are batched by length (less padding), answers kept in order."""
    order = np.argsort([len(r) for r in rows], kind="stable")
    predicted = np.zeros(len(rows), dtype=np.int64)
    for idx in _batches_of(order, batch):
        ids = _padded([rows[i] for i in idx])
        predicted[idx] = predict(ids, np.zeros_like(ids)).argmax(-1)
    return float(np.mean(predicted == labels)) if len(rows) else 0.0, predicted


def export_classifier(model, bert, request: dict[str, Any], run_dir: Path, reporter: Reporter,
                      real_rows: list[np.ndarray]) -> dict[str, Any]:
    """Release checkpoint + classifier.onnx from the Keras model, with parity; returns result fields."""
    from zoo_desktop.export.classifier import CLASSIFIER_BIAS, CLASSIFIER_KERNEL, build_classifier_graph
    from zoo_desktop.train.keras_models import classifier_head, read_config, release_arrays, release_paths, write_release
    from zoo_desktop.train.parity import classifier_parity, keras_predictor

    base = request["base"]
    export = run_dir / EXPORT_DIR
    export.mkdir(exist_ok=True)
    reporter.say("export", 0.0, "writing the fine-tuned weights as a checkpoint")
    arrays = release_arrays(bert)
    kernel, bias = classifier_head(model)
    arrays[CLASSIFIER_KERNEL], arrays[CLASSIFIER_BIAS] = kernel, bias
    ckpt_dir = write_release(export / "checkpoint", base, arrays)
    release = release_paths(ckpt_dir, "bert")
    reporter.say("export", 0.5, "building classifier.onnx from the checkpoint")
    config = read_config(release["config"])
    labels = request["labels"]
    graphs = build_classifier_graph(Path(release["checkpoint"]), config, base["family"], export / "onnx", labels=labels)
    reporter.say("parity", 0.0, "comparing classifier.onnx with the Keras model")
    parity = classifier_parity(keras_predictor(model), graphs["classifier"], Path(release["vocab"]),
                               int(config["vocab_size"]), real_rows=real_rows, threads=request.get("threads") or 2)
    if not parity["passed"]:
        raise RuntimeError(f"classifier.onnx does not match the Keras model: {'; '.join(parity['failures'])}")
    reporter.say("parity", 1.0, f"classifier.onnx matches Keras (max abs {parity['probabilities_max_abs']:.2e})")
    return _export_record(graphs, parity, release)


def _export_record(graphs: dict[str, Path], parity: dict[str, Any], release: dict[str, Any]) -> dict[str, Any]:
    """What the parent installs: the exported graphs with their inputs/outputs, the parity figures, the checkpoint."""
    return {
        "graphs": {name: {"file": path.name, **_graph_io(path)} for name, path in graphs.items()},
        "parity": parity,
        "checkpoint": f"checkpoint/{Path(release['checkpoint']).name}",
    }


def run_classify(run_dir: Path, request: dict[str, Any], events: EventWriter) -> dict[str, Any]:
    tf, keras, K = _setup(request)
    from zoo_desktop.train.keras_models import build_classifier_model
    from zoo_desktop.train.parity import keras_predictor

    started = time.time()
    recipe = ClassifyRecipe.from_json(request["recipe"])
    reporter = Reporter(events, device_description())
    data = np.load(run_dir / "data.npz")
    train_rows = unpack(data["train_ids"], data["train_offsets"])
    train_labels = data["train_labels"].astype(np.int64)
    valid_rows = unpack(data["valid_ids"], data["valid_offsets"])
    valid_labels = data["valid_labels"].astype(np.int64)
    has_test = "test_ids" in data.files
    base = request["base"]
    reporter.say("load", None, f"building the model from {Path(base['checkpoint']).name} on {reporter.device}")
    model, bert = build_classifier_model(Path(base["config"]), Path(base["checkpoint"]), len(request["labels"]))
    steps = -(-len(train_rows) // recipe.batch_size)
    optimizer = _optimizer(recipe, recipe.lr_schedule, steps)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)
    predict = keras_predictor(model)

    def batches(epoch: int):
        order = np.random.default_rng(recipe.seed + epoch).permutation(len(train_rows))
        for idx in _batches_of(order, recipe.batch_size):
            ids = _padded([train_rows[i] for i in idx])
            yield [ids, np.zeros_like(ids)], train_labels[idx]

    def evaluate(epoch: int):
        acc, _ = _accuracy(predict, valid_rows, valid_labels)
        return acc, {"valid_accuracy": acc}

    plan = Epochs(recipe.epochs, steps, batches, evaluate, "valid accuracy")
    state = fit(run_dir, model, optimizer, plan, reporter)

    reporter.say("test", None, f"restoring the best epoch ({state.best_epoch})")
    model.load_weights(str(run_dir / state.best_weights))
    valid_acc, _ = _accuracy(predict, valid_rows, valid_labels)
    metrics: dict[str, Any] = {"valid_accuracy": valid_acc}
    if has_test:
        test_rows = unpack(data["test_ids"], data["test_offsets"])
        test_labels = data["test_labels"].astype(np.int64)
        test_acc, predicted = _accuracy(predict, test_rows, test_labels)
        metrics["test_accuracy"] = test_acc
        from zoo_desktop.evaluation.metrics import classification_report

        report = classification_report(test_labels.tolist(), predicted.tolist(), labels=list(range(len(request["labels"]))))
        metrics["test_macro_f1"] = report.macro_f1
        reporter.say("test", 1.0, f"test accuracy {test_acc:.4f}", metrics={"test_accuracy": test_acc})
    exported = export_classifier(model, bert, request, run_dir, reporter, valid_rows)
    return {
        **exported,
        "task": "classify",
        "metrics": metrics,
        "best_epoch": state.best_epoch,
        "epochs_done": state.epochs_done,
        "history": state.history,
        "global_step": state.global_step,
        "resumed_from_epoch": state.resumed_from,
        "starts": state.runs,
        "train_seconds": round(state.train_seconds, 2),
        "device": reporter.device,
        "versions": _versions(),
        "peak_rss_mb": _peak_rss_mb(),
        "seconds": round(time.time() - started, 2),
    }


# --- summarization ---------------------------------------------------------------------------------------

class GreedyTitles:
    """finetune.py's `AutoTitle.generate(text, topk=1)` with the Keras encoder/decoder, many sources at once.

    bert4keras's `t5.decoder` has no mask for encoder padding, so only sources of equal length share a
    batch: every title is what the batch-1 decode of finetune.py gives.
    """

    def __init__(self, t5, start_id: int, end_id: int, maxlen: int, batch: int = 32) -> None:
        from zoo_desktop.train.keras_models import backend

        tf, _, _ = backend()
        self.tf = tf
        spec = tf.TensorSpec([None, None], tf.float32)
        hidden = int(t5.encoder.outputs[0].shape[-1])
        self.encode = tf.function(lambda x: t5.encoder(x, training=False), input_signature=[spec])
        self.step = tf.function(lambda c, y: t5.decoder([c, y], training=False)[:, -1],
                                input_signature=[tf.TensorSpec([None, None, hidden], tf.float32), spec])
        self.start_id, self.end_id, self.maxlen, self.batch = start_id, end_id, maxlen, batch

    def __call__(self, sources: list[np.ndarray]) -> list[list[int]]:
        tf = self.tf
        outputs: list[list[int]] = [[] for _ in sources]
        groups: dict[int, list[int]] = {}
        for i, s in enumerate(sources):
            groups.setdefault(len(s), []).append(i)
        for _, members in sorted(groups.items()):
            for idx in _batches_of(np.array(members), self.batch):
                ids = np.stack([sources[i] for i in idx]).astype(np.float32)
                encoded = self.encode(tf.constant(ids))
                prefix = np.full((len(idx), 1), self.start_id, dtype=np.float32)
                done = np.zeros(len(idx), dtype=bool)
                for _ in range(self.maxlen):
                    probs = np.asarray(self.step(encoded, tf.constant(prefix)))
                    token = probs.argmax(-1)
                    token[done] = 0
                    prefix = np.concatenate([prefix, token[:, None].astype(np.float32)], axis=1)
                    done |= token == self.end_id
                    if done.all():
                        break
                for row, i in enumerate(idx):
                    out = []
                    for t in prefix[row, 1:].astype(np.int64):
                        out.append(int(t))
                        if t == self.end_id:
                            break
                    outputs[i] = out
        return outputs


def export_t5(t5, request: dict[str, Any], run_dir: Path, reporter: Reporter) -> dict[str, Any]:
    from zoo_desktop.convert.parity_t5 import check_release
    from zoo_desktop.export.t5 import build_t5_graphs
    from zoo_desktop.train.keras_models import read_config, release_arrays, release_paths, write_release

    base = request["base"]
    export = run_dir / EXPORT_DIR
    export.mkdir(exist_ok=True)
    reporter.say("export", 0.0, "writing the fine-tuned weights as an mt5.1.1 checkpoint")
    ckpt_dir = write_release(export / "checkpoint", base, release_arrays(t5))
    release = release_paths(ckpt_dir, "mt5.1.1")
    reporter.say("export", 0.5, "building the T5 graphs from the checkpoint")
    graphs = build_t5_graphs(Path(release["checkpoint"]), read_config(release["config"]), export / "onnx")
    reporter.say("parity", 0.0, "comparing the graphs with bert4keras on the fine-tuned checkpoint")
    parity = check_release(ckpt_dir, export / "onnx", **request.get("t5_parity", {}))
    if parity.get("passed") is False:
        raise RuntimeError(f"the T5 graphs do not match bert4keras: {parity}")
    reporter.say("parity", 1.0, "graphs match bert4keras")
    return _export_record(graphs, parity, release)


def run_summarize(run_dir: Path, request: dict[str, Any], events: EventWriter) -> dict[str, Any]:
    tf, keras, K = _setup(request)
    from zoo_desktop.evaluation.metrics import evaluate_generation
    from zoo_desktop.tokenizer import Tokenizer
    from zoo_desktop.train.keras_models import build_summarizer_model

    started = time.time()
    recipe = SummarizeRecipe.from_json(request["recipe"])
    reporter = Reporter(events, device_description())
    data = np.load(run_dir / "data.npz")
    train_src = unpack(data["train_source"], data["train_source_offsets"])
    train_tgt = unpack(data["train_target"], data["train_target_offsets"])
    valid_src = unpack(data["valid_source"], data["valid_source_offsets"])
    references = json.loads((run_dir / "valid_targets.json").read_text(encoding="utf-8"))
    if recipe.valid_limit:
        valid_src, references = valid_src[: recipe.valid_limit], references[: recipe.valid_limit]
    base = request["base"]
    tokenizer = Tokenizer.for_family(base["vocab"], "t5")
    reporter.say("load", None, f"building T5 from {Path(base['checkpoint']).name} on {reporter.device}")
    model, t5 = build_summarizer_model(Path(base["config"]), Path(base["checkpoint"]))
    steps = -(-len(train_src) // recipe.batch_size)
    optimizer = _optimizer(recipe, None, steps)
    model.compile(optimizer=optimizer)
    titles = GreedyTitles(t5, tokenizer.cls_id, tokenizer.sep_id, recipe.max_target)

    def batches(epoch: int):
        order = np.random.default_rng(recipe.seed + epoch).permutation(len(train_src))
        for idx in _batches_of(order, recipe.batch_size):
            yield [_padded([train_src[i] for i in idx]), _padded([train_tgt[i] for i in idx])], None

    def evaluate(epoch: int):
        predictions = [tokenizer.decode(ids) for ids in titles(valid_src)]
        scores = evaluate_generation(predictions, references).as_dict()
        metrics = {f"valid_{k.replace('-', '_')}": v for k, v in scores.items()}
        return scores["bleu"], metrics

    plan = Epochs(recipe.epochs, steps, batches, evaluate, "valid BLEU")
    state = fit(run_dir, model, optimizer, plan, reporter)
    model.load_weights(str(run_dir / state.best_weights))
    exported = export_t5(t5, request, run_dir, reporter)
    return {
        **exported,
        "task": "summarize",
        "metrics": dict(state.best_metrics),
        "best_epoch": state.best_epoch,
        "epochs_done": state.epochs_done,
        "history": state.history,
        "global_step": state.global_step,
        "resumed_from_epoch": state.resumed_from,
        "starts": state.runs,
        "train_seconds": round(state.train_seconds, 2),
        "device": reporter.device,
        "versions": _versions(),
        "peak_rss_mb": _peak_rss_mb(),
        "seconds": round(time.time() - started, 2),
    }


# --- import of a model fine-tuned elsewhere --------------------------------------------------------------

def run_import(run_dir: Path, request: dict[str, Any], events: EventWriter) -> dict[str, Any]:
    from zoo_desktop.train.keras_models import h5_classes, h5_embedding_shape, is_hdf5, read_config

    started = time.time()
    base = request["base"]
    weights = Path(request["weights"])
    kind = request["kind"]
    # checks that need h5py only: a wrong file fails in a second, before TensorFlow loads
    hdf5 = is_hdf5(weights)
    if hdf5:
        config = read_config(Path(base["config"]))
        found_shape = h5_embedding_shape(weights)
        vocab = int(config["vocab_size"])
        width = int(config.get("embedding_size") or config["hidden_size"])
        if found_shape is not None and tuple(found_shape) != (vocab, width):
            raise ImportFailed(
                f"{weights.name} does not fit this base model: its token embedding is {tuple(found_shape)}, the base's "
                f"is ({vocab}, {width}); it must be the `best_model.weights` saved by the zoo's script from this base checkpoint"
            )
    if kind == "classify":
        found = h5_classes(weights) if hdf5 else None
        wanted = request.get("num_labels")
        if wanted and found and wanted != found:
            raise ImportFailed(f"{weights.name} holds a classifier of {found} classes, not {wanted}")
        num_labels = wanted or found
        if not num_labels:
            raise ImportFailed(f"cannot tell the number of classes from {weights.name}; give it (--num-classes)")
        labels = request.get("labels") or [str(i) for i in range(num_labels)]
        if len(labels) != num_labels:
            raise ImportFailed(f"{len(labels)} label names for {num_labels} classes")
        request = {**request, "labels": labels}
    _setup(request)
    from zoo_desktop.train.keras_models import build_classifier_model, build_summarizer_model

    reporter = Reporter(events, device_description())
    if kind == "classify":
        reporter.say("load", None, f"building task_sentiment.py's model ({num_labels} classes) and loading {weights.name}")
        model, bert = build_classifier_model(Path(base["config"]), Path(base["checkpoint"]), num_labels)
        _load_weights(model, weights)
        exported = export_classifier(model, bert, request, run_dir, reporter, [])
        exported["labels"] = labels
    else:
        reporter.say("load", None, f"building finetune.py's T5 and loading {weights.name}")
        model, t5 = build_summarizer_model(Path(base["config"]), Path(base["checkpoint"]))
        _load_weights(model, weights)
        exported = export_t5(t5, request, run_dir, reporter)
    return {**exported, "task": kind, "device": reporter.device, "versions": _versions(),
            "peak_rss_mb": _peak_rss_mb(), "seconds": round(time.time() - started, 2)}


def _load_weights(model, weights: Path) -> None:
    try:
        model.load_weights(str(weights))
    except (ValueError, OSError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImportFailed(
            f"{weights.name} does not fit this base model ({first[:300]}); it must be the `best_model.weights` "
            "saved by the zoo's script from this very base checkpoint"
        ) from None


TASKS = {"classify": run_classify, "summarize": run_summarize, "import": run_import}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zoo_desktop.train.child")
    parser.add_argument("--run-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    events = EventWriter()
    try:
        request = json.loads((args.run_dir / "request.json").read_text(encoding="utf-8"))
        result = TASKS[request["task"]](args.run_dir, request, events)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        message = str(exc) if isinstance(exc, ImportFailed) else f"{type(exc).__name__}: {exc}"
        events.error(message, error_kind(exc))
        return 1
    events.result(**result)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.exit(main())
