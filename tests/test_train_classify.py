"""`zoo train classify` and `zoo train import` (classifier): the real training child, end to end.

Small random-weight RoBERTa (small_config dims) by default; the slow test fine-tunes RoBERTa-Tiny dims
on a slice of the real sentiment data.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.errors import Cancelled
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.importer import Importer, ImportRequest
from zoo_desktop.store.store import ModelStore
from zoo_desktop.train.recipes import ClassifyRecipe
from zoo_desktop.train.runner import ClassifyRequest, train_classifier
from zoo_desktop.train.synthetic import sentiment_corpus, write_tsv

pytestmark = [pytest.mark.tf, pytest.mark.filterwarnings("ignore:The initializer TruncatedNormal is unseeded")]
ort = pytest.importorskip("onnxruntime")


def _store(home: Path, release: Path, model_id: str = "base") -> ModelStore:
    store = ModelStore(ZooPaths(home))
    Importer(store).run(ImportRequest(str(release), model_id))
    return store


def _pad(rows):
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
    return ids


def _onnx_probs(path: Path, ids: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["probabilities"], {"input_ids": ids, "segment_ids": np.zeros_like(ids),
                                           "attention_mask": (ids != 0).astype(np.int64)})[0]


def _keras_probs(model, ids: np.ndarray) -> np.ndarray:
    return np.asarray(model.predict([ids.astype(np.float32), np.zeros(ids.shape, np.float32)], verbose=0, batch_size=64))


def _task_sentiment_model(release: Path, num_classes: int, prefix: str = "bert_model.ckpt"):
    """task_sentiment.py's model, written as the script writes it (default Keras layer names)."""
    from zoo_desktop.train.keras_models import backend

    _, keras, K = backend()
    from bert4keras.models import build_transformer_model

    K.clear_session()
    bert = build_transformer_model(str(release / "bert_config.json"), str(release / prefix), model="bert",
                                   return_keras_model=False)
    output = keras.layers.Lambda(lambda x: x[:, 0])(bert.model.output)
    output = keras.layers.Dense(units=num_classes, activation="softmax", kernel_initializer=bert.initializer)(output)
    return keras.models.Model(bert.model.input, output)


def _installed_keras_classifier(model_dir: Path, num_classes: int):
    """The fine-tuned model rebuilt by bert4keras from the installed release (the checkpoint round trip)."""
    from zoo_desktop.checkpoint.tf_index import CheckpointReader
    from zoo_desktop.export.classifier import CLASSIFIER_BIAS, CLASSIFIER_KERNEL

    ckpt = model_dir / "checkpoint"
    model = _task_sentiment_model(ckpt, num_classes)
    reader = CheckpointReader(ckpt / "bert_model.ckpt")
    model.layers[-1].set_weights([reader.read(CLASSIFIER_KERNEL), reader.read(CLASSIFIER_BIAS)])
    return model


def _majority(labels) -> float:
    return max(Counter(labels).values()) / len(labels)


@pytest.fixture
def corpus(tmp_path):
    rows = sentiment_corpus(520, seed=7)
    return (write_tsv(tmp_path / "train.tsv", rows[:400]), write_tsv(tmp_path / "valid.tsv", rows[400:480]),
            write_tsv(tmp_path / "test.tsv", rows[480:]), rows)


def test_cancel_after_an_epoch_then_resume_and_install(releases, zoo_home, corpus, capsys):
    train, valid, test, rows = corpus
    store = _store(zoo_home, releases("roberta", as_zip=True))
    recipe = ClassifyRecipe(epochs=8, batch_size=16, learning_rate=1e-3, lr_schedule={20: 1.0})
    request = ClassifyRequest(base="base", train=train, valid=valid, test=test, out="clf", recipe=recipe, threads=2)
    token = CancelToken()
    seen = []

    def cancel_after_first_epoch(event):
        seen.append(event)
        if event.stage == "epoch":
            token.cancel()

    with pytest.raises(Cancelled):
        train_classifier(store, request, progress=cancel_after_first_epoch, cancel=token)
    assert not store.is_installed("clf")
    first_epoch = next(e for e in seen if e.stage == "epoch")
    assert first_epoch.epoch == 1 and first_epoch.steps == 25 and first_epoch.loss > 0
    assert "valid_accuracy" in first_epoch.metrics and first_epoch.device.startswith(("CPU", "GPU"))
    train_events = [e for e in seen if e.stage == "train"]
    assert train_events and train_events[0].global_step == 1 and train_events[0].eta_seconds is not None
    run_dir = zoo_home / "training" / "clf"
    done = json.loads((run_dir / "state.json").read_text("utf-8"))["epochs_done"]
    assert 1 <= done < 8

    # the same request through the command line resumes from the epoch checkpoint
    capsys.readouterr()
    code = zoo(["train", "classify", "--base", "base", "--train", str(train), "--valid", str(valid), "--test", str(test),
                "--out", "clf", "--epochs", "8", "--batch-size", "16", "--lr", "1e-3", "--lr-schedule", "20:1",
                "--threads", "2", "--json"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    resume = next(e for e in lines if e.get("stage") == "resume")
    assert resume["epoch"] == done and resume["global_step"] == done * 25
    first_step = next(e for e in lines if e.get("stage") == "train")
    assert first_step["global_step"] == done * 25 + 1 and first_step["epoch"] == done + 1
    result = lines[-1]
    assert result["event"] == "result" and result["id"] == "clf" and result["resumed_from_epoch"] == done
    history = result["history"]
    assert [h["epoch"] for h in history] == list(range(1, 9))
    assert history[-1]["loss"] < 0.5 * history[0]["loss"], history  # the loss falls
    valid_labels = [label for _, label in rows[400:480]]
    best = max(h["valid_accuracy"] for h in history)
    assert best > _majority(valid_labels) + 0.1, (best, history)
    assert result["metrics"]["valid_accuracy"] == pytest.approx(best)
    assert 0.0 <= result["metrics"]["test_accuracy"] <= 1.0
    assert not run_dir.exists()

    # the contract of the installed classifier
    model_dir = zoo_home / "models" / "clf"
    manifest = json.loads((model_dir / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "classify" and manifest["base"] == "base" and manifest["family"] == "bert"
    assert manifest["labels"] == ["正面", "负面"] and manifest["state"] == "converted"
    graph = manifest["conversion"]["graphs"]["classifier"]
    assert graph["file"].endswith("/classifier.onnx") and graph["file"] in manifest["files"]
    assert [i["name"] for i in graph["inputs"]] == ["input_ids", "segment_ids", "attention_mask"]
    assert all(i["type"] == "int64" for i in graph["inputs"])
    assert graph["outputs"] == [{"name": "probabilities", "type": "float", "shape": ["batch", 2]}]
    parity = manifest["conversion"]["parity"]
    assert parity["passed"] and parity["probabilities_max_abs"] <= 1e-4 and parity["real_rows"] > 0
    training = manifest["training"]
    assert training["best_epoch"] == result["best_epoch"] and training["data"]["examples"]["train"] == 400
    assert {"bert_config.json", "bert_model.ckpt.index", "bert_model.ckpt.data-00000-of-00001", "vocab.txt"} == {
        p.name for p in (model_dir / "checkpoint").iterdir()}
    assert zoo(["models", "verify", "clf"]) == 0

    # onnxruntime on the validation texts: bert4keras's rebuilt model agrees, and so does the accuracy
    from zoo_desktop.tokenizer import Tokenizer

    tokenizer = Tokenizer.for_family(model_dir / "checkpoint" / "vocab.txt", "bert")
    ids = _pad([tokenizer.encode(text, maxlen=128)[0] for text, _ in rows[400:480]])
    ours = _onnx_probs(model_dir / graph["file"], ids)
    keras_model = _installed_keras_classifier(model_dir, 2)
    assert np.abs(ours - _keras_probs(keras_model, ids)).max() <= 1e-4
    predicted = [manifest["labels"][i] for i in ours.argmax(-1)]
    onnx_accuracy = np.mean([p == t for p, t in zip(predicted, valid_labels)])
    assert onnx_accuracy == pytest.approx(result["metrics"]["valid_accuracy"], abs=1.5 / len(valid_labels))


def test_import_task_sentiment_best_model_weights(releases, zoo_home, tmp_path, capsys):
    """A best_model.weights saved by task_sentiment.py's model (HDF5), on its base release folder."""
    release = releases("roberta", seed=3)
    model = _task_sentiment_model(release, 3)
    rng = np.random.default_rng(0)
    model.set_weights([w + rng.normal(0, 0.05, w.shape).astype(w.dtype) for w in model.get_weights()])  # "fine-tuned"
    weights = tmp_path / "best_model.weights"
    model.save_weights(str(weights), save_format="h5")

    capsys.readouterr()
    code = zoo(["train", "import", "--base", str(release), "--weights", str(weights), "--out", "imported",
                "--label-names", "体育,财经,科技", "--threads", "2", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    manifest = json.loads((zoo_home / "models" / "imported" / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "classify" and manifest["labels"] == ["体育", "财经", "科技"]
    assert manifest["source"]["kind"] == "fine-tuned-import" and manifest["fine_tuned_weights"]["file"] == "best_model.weights"
    parity = manifest["conversion"]["parity"]
    assert parity["passed"] and parity["probabilities_max_abs"] <= 1e-4
    graph = zoo_home / "models" / "imported" / manifest["conversion"]["graphs"]["classifier"]["file"]
    rng = np.random.default_rng(1)
    ids = _pad([np.concatenate([[101], rng.integers(104, 3000, n), [102]]) for n in (3, 17, 60)])
    assert np.abs(_onnx_probs(graph, ids) - _keras_probs(model, ids)).max() <= 1e-4

    # a wrong number of classes, or weights of another model, are refused clearly and install nothing
    assert zoo(["train", "import", "--base", str(release), "--weights", str(weights), "--out", "wrong",
                "--num-classes", "2"]) == 10
    assert "holds a classifier of 3 classes, not 2" in capsys.readouterr().err
    other = releases("simbert")
    assert zoo(["train", "import", "--base", str(other), "--weights", str(weights), "--out", "wrong"]) == 10
    assert "does not fit this base model" in capsys.readouterr().err
    assert not (zoo_home / "models" / "wrong").exists()


@pytest.mark.slow
def test_sentiment_slice_at_roberta_tiny_dims(shared_data, tmp_path, zoo_home):
    """A few hundred steps from random RoBERTa-Tiny weights on real reviews: the loss falls, accuracy beats the majority."""
    from zoo_desktop.convert import random_checkpoint as rc

    config = rc.real_config("roberta-tiny")
    vocab = rc.test_vocab("roberta", config["vocab_size"], base_vocab=shared_data / "bert_chinese_vocab.txt")
    release = rc.write_release("roberta", tmp_path / "rel", config=config, vocab=vocab, name=rc.release_name("roberta-tiny"))
    store = _store(zoo_home, release, "roberta-tiny-random")
    lines = (shared_data / "sentiment" / "train.tsv").read_text("utf-8").splitlines()
    train = tmp_path / "train.tsv"
    train.write_text("\n".join(lines[:3200]) + "\n", encoding="utf-8")
    valid_lines = (shared_data / "sentiment" / "valid.tsv").read_text("utf-8").splitlines()[:600]
    valid = tmp_path / "valid.tsv"
    valid.write_text("\n".join(valid_lines) + "\n", encoding="utf-8")
    recipe = ClassifyRecipe(epochs=3, maxlen=64, batch_size=32, learning_rate=5e-4, lr_schedule={30: 1.0, 300: 0.2})
    started = time.time()
    outcome = train_classifier(store, ClassifyRequest(base="roberta-tiny-random", train=train, valid=valid, out="tiny-sentiment",
                                                      recipe=recipe))
    history = outcome.result["history"]
    majority = _majority([line.rsplit("\t", 1)[1] for line in valid_lines])
    print(f"tiny sentiment slice: {history} in {time.time() - started:.0f} s; majority {majority:.3f}")
    assert history[-1]["loss"] < history[0]["loss"]
    assert outcome.result["metrics"]["valid_accuracy"] > majority + 0.05
    assert outcome.result["parity"]["passed"]


@pytest.mark.parametrize("arch", ["roberta-plus", "simbert", "wobert"])
def test_classifier_graph_matches_keras_for_every_family(arch, releases, tmp_path):
    """export.classifier against task_sentiment.py's model on the other BERT families (key size, pooler, vocab)."""
    from zoo_desktop.checkpoint.release import inspect_release
    from zoo_desktop.checkpoint.tf_index import CheckpointReader
    from zoo_desktop.export.classifier import CLASSIFIER_BIAS, CLASSIFIER_KERNEL, build_classifier
    from zoo_desktop.export.onnx_builder import save_model
    from zoo_desktop.train.keras_models import build_classifier_model
    from zoo_desktop.train.parity import classifier_parity, keras_predictor

    release = releases(arch)
    info = inspect_release(release)
    reader = CheckpointReader(info.checkpoint_prefix)
    weights = {name: reader.read(name) for name in reader.shapes()}
    rng = np.random.default_rng(4)
    hidden = info.config["hidden_size"]
    weights[CLASSIFIER_KERNEL] = rng.normal(0, 0.5, (hidden, 4)).astype(np.float32)
    weights[CLASSIFIER_BIAS] = rng.normal(0, 0.5, 4).astype(np.float32)
    path = tmp_path / "classifier.onnx"
    save_model(build_classifier(weights, info.config, info.family, labels=list("abcd")), path)
    model, _ = build_classifier_model(info.config_file, info.checkpoint_prefix, 4)
    model.layers[-1].set_weights([weights[CLASSIFIER_KERNEL], weights[CLASSIFIER_BIAS]])
    figures = classifier_parity(keras_predictor(model), path, info.vocab_file, info.vocab_size)
    assert figures["passed"], figures
    assert figures["probabilities_max_abs"] <= 1e-5
