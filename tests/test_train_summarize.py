"""`zoo train summarize` and the import of a finetune.py `best_model.weights`: small random-weight T5 PEGASUS."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.importer import Importer, ImportRequest
from zoo_desktop.store.store import ModelStore
from zoo_desktop.train.recipes import SummarizeRecipe
from zoo_desktop.train.runner import SummarizeRequest, train_summarizer
from zoo_desktop.train.synthetic import title_corpus, write_tsv

pytestmark = [pytest.mark.tf, pytest.mark.filterwarnings("ignore:The initializer TruncatedNormal is unseeded")]
ort = pytest.importorskip("onnxruntime")

QUICK_PARITY = {"steps": 8, "lengths": (1, 6, 37), "long_prefix": 40}


def test_summarize_fine_tune_installs_t5_graphs(releases, zoo_home, tmp_path):
    store = ModelStore(ZooPaths(zoo_home))
    Importer(store).run(ImportRequest(str(releases("t5", as_zip=True)), "t5-base"))
    rows = title_corpus(124, seed=3)
    train = write_tsv(tmp_path / "train.tsv", rows[:112])
    valid = write_tsv(tmp_path / "valid.tsv", rows[112:])
    events = []
    recipe = SummarizeRecipe(epochs=3, batch_size=16, learning_rate=1e-3, max_source=64, max_target=12)
    outcome = train_summarizer(store, SummarizeRequest(base="t5-base", train=train, valid=valid, out="titles",
                                                       recipe=recipe, threads=2, t5_parity=QUICK_PARITY),
                               progress=events.append)
    result = outcome.result
    history = result["history"]
    assert [h["epoch"] for h in history] == [1, 2, 3]
    assert history[-1]["loss"] < history[0]["loss"]
    for key in ("valid_rouge_1", "valid_rouge_2", "valid_rouge_l", "valid_bleu"):
        assert key in history[0] and 0.0 <= history[0][key] <= 100.0
    best = max(history, key=lambda h: h["valid_bleu"])
    assert result["best_epoch"] == best["epoch"] and result["metrics"]["valid_bleu"] == best["valid_bleu"]
    epochs = [e for e in events if e.stage == "epoch"]
    assert len(epochs) == 3 and "valid_bleu" in epochs[0].metrics

    model_dir = zoo_home / "models" / "titles"
    manifest = json.loads((model_dir / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "summarize" and manifest["base"] == "t5-base" and manifest["family"] == "t5"
    conversion = manifest["conversion"]
    assert set(conversion["graphs"]) == {"t5_encoder", "t5_decoder_step"}
    assert conversion["parity"]["passed"] and conversion["parity"]["logprob_max_abs"] <= 1e-3
    assert {"config.json", "model.ckpt.index", "model.ckpt.data-00000-of-00001", "vocab.txt"} == {
        p.name for p in (model_dir / "checkpoint").iterdir()}
    assert zoo(["models", "verify", "titles"]) == 0

    # the fine-tuned weights differ from the base's (training changed them), and the graphs run
    from zoo_desktop.checkpoint.tf_index import CheckpointReader

    tuned = CheckpointReader(model_dir / "checkpoint" / "model.ckpt").read("shared/embedding")
    base = CheckpointReader(zoo_home / "models" / "t5-base" / "checkpoint" / "model.ckpt").read("shared/embedding")
    assert tuned.shape == base.shape and not np.allclose(tuned, base)
    session = ort.InferenceSession(str(model_dir / conversion["graphs"]["t5_encoder"]["file"]), providers=["CPUExecutionProvider"])
    ids = np.array([[101, 200, 300, 102]], dtype=np.int64)
    assert session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0].shape[:2] == (1, 4)


def _finetune_py_model(release: Path):
    """T5 PEGASUS finetune.py's training model, written as the script writes it."""
    from zoo_desktop.train.keras_models import backend

    _, keras, K = backend()
    from bert4keras.layers import Loss
    from bert4keras.models import build_transformer_model

    class CrossEntropy(Loss):
        def compute_loss(self, inputs, mask=None):
            y_true, y_pred = inputs
            y_true = y_true[:, 1:]
            y_mask = K.cast(mask[1], K.floatx())[:, 1:]
            y_pred = y_pred[:, :-1]
            loss = K.sparse_categorical_crossentropy(y_true, y_pred)
            return K.sum(loss * y_mask) / K.sum(y_mask)

    K.clear_session()
    t5 = build_transformer_model(config_path=str(release / "config.json"), checkpoint_path=str(release / "model.ckpt"),
                                 model="mt5.1.1", return_keras_model=False, name="T5")
    model = t5.model
    output = CrossEntropy(1)([model.inputs[1], model.outputs[0]])
    return keras.models.Model(model.inputs, output), t5


@pytest.mark.slow
def test_import_finetune_py_best_model_weights(releases, zoo_home, tmp_path, capsys):
    release = releases("t5", seed=5)
    model, t5 = _finetune_py_model(release)
    rng = np.random.default_rng(0)
    model.set_weights([w + rng.normal(0, 0.05, w.shape).astype(w.dtype) for w in model.get_weights()])
    weights = tmp_path / "best_model.weights"
    model.save_weights(str(weights), save_format="h5")
    ids = np.array([[101, 250, 300, 400, 102]], dtype=np.float32)
    prefix = np.array([[101, 500, 600]], dtype=np.float32)
    want = np.asarray(t5.decoder([t5.encoder(ids), prefix]))[0, -1]

    assert zoo(["train", "import", "--base", str(release), "--weights", str(weights), "--out", "tuned-t5",
                "--threads", "2"]) == 0, capsys.readouterr().err
    manifest = json.loads((zoo_home / "models" / "tuned-t5" / "manifest.json").read_text("utf-8"))
    assert manifest["task"] == "summarize" and manifest["conversion"]["parity"]["passed"]
    from zoo_desktop.convert.parity_t5 import OnnxT5, log_softmax

    folder = zoo_home / "models" / "tuned-t5" / manifest["conversion"]["dir"]
    runner = OnnxT5(folder)
    encoded = runner.encode(ids.astype(np.int64))
    cache = runner.empty_cache(1)
    for token in prefix[0].astype(np.int64):
        logits, cache = runner.step(np.array([token]), encoded, cache)
    assert np.abs(log_softmax(logits)[0] - np.log(want.astype(np.float64))).max() <= 1e-3
