"""Classification against the fine-tuning contract: a `classifier` graph (input_ids/segment_ids/attention_mask
-> probabilities) and the manifest's `labels`. The classifier is built here from a converted random-weight
RoBERTa encoder plus a small dense + softmax head, and installed into a test store with a manifest."""

from __future__ import annotations

import csv
import io
import json
import shutil

import numpy as np
import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.engine.runtime import Engine
from zoo_desktop.evaluation import classification_report
from zoo_test_support import converted_store

pytestmark = pytest.mark.tf

LABELS = ["负面", "中性", "正面"]
TEXTS = ["这部电影太好看了", "服务很差，再也不来了", "还行吧", "今天天气很好，我们去公园散步。", "质量一般", "非常满意！"]


def cls_states(encoder_path, tokenizer, texts):
    import onnxruntime as ort

    session = ort.InferenceSession(str(encoder_path), providers=["CPUExecutionProvider"])
    rows = []
    for t in texts:
        ids, segs = tokenizer.encode(t)
        (h,) = session.run(["last_hidden_state"], {"input_ids": np.array([ids]), "segment_ids": np.array([segs]), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)})
        rows.append(h[0, 0])
    return np.array(rows)


def build_classifier(encoder_path, out_path, num_labels, center, seed=0):
    """encoder.onnx + Gather([CLS]) + MatMul + Add + Softmax -> `probabilities`.

    Random [CLS] states share a large common part; the bias removes it (`center`: the mean [CLS] state
    of the test texts) so that the head's decisions differ from text to text."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(encoder_path))
    graph = model.graph
    hidden_info = next(o for o in graph.output if o.name == "last_hidden_state")
    hidden = hidden_info.type.tensor_type.shape.dim[2].dim_value
    rng = np.random.default_rng(seed)
    kernel = rng.normal(0, 10.0, (hidden, num_labels)).astype(np.float32)
    graph.initializer.extend([
        numpy_helper.from_array(np.array(0, dtype=np.int64), "head_cls_index"),
        numpy_helper.from_array(kernel, "head_kernel"),
        numpy_helper.from_array((-center @ kernel).astype(np.float32), "head_bias"),
    ])
    graph.node.extend([
        helper.make_node("Gather", ["last_hidden_state", "head_cls_index"], ["head_cls"], axis=1),
        helper.make_node("MatMul", ["head_cls", "head_kernel"], ["head_logits_raw"]),
        helper.make_node("Add", ["head_logits_raw", "head_bias"], ["head_logits"]),
        helper.make_node("Softmax", ["head_logits"], ["probabilities"], axis=-1),
    ])
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", "num_labels"]))
    onnx.checker.check_model(model)
    onnx.save(model, str(out_path))


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.manifest import read_manifest, write_manifest
    from zoo_desktop.store.store import ModelStore
    from zoo_desktop.tokenizer import Tokenizer

    home = tmp_path_factory.mktemp("tasks-classify")
    store = converted_store(releases, home, "roberta", "rb")
    base = store.get("rb")
    folder = ModelStore(ZooPaths(home)).folder_for("clf")
    shutil.copytree(base.folder, folder)
    manifest = read_manifest(folder)
    onnx_dir = manifest.conversion["dir"]
    encoder_path = folder / manifest.conversion["graphs"]["encoder"]["file"]
    tokenizer = Tokenizer.for_family(base.vocab_path, base.family)
    center = cls_states(encoder_path, tokenizer, TEXTS).mean(axis=0)
    build_classifier(encoder_path, folder / onnx_dir / "classifier.onnx", len(LABELS), center)
    manifest.id = "clf"
    manifest.conversion["graphs"] = {
        "classifier": {
            "file": f"{onnx_dir}/classifier.onnx",
            "inputs": [{"name": n, "type": "int64", "shape": ["batch", "sequence"]} for n in ("input_ids", "segment_ids", "attention_mask")],
            "outputs": [{"name": "probabilities", "type": "float", "shape": ["batch", "num_labels"]}],
        }
    }
    manifest.extra["labels"] = LABELS
    manifest.extra["task"] = "classify"
    write_manifest(folder, manifest)
    return home


@pytest.fixture(scope="module")
def engine(home):
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    eng = Engine(ModelStore(ZooPaths(home)), threads=2)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def classifier(engine):
    from zoo_desktop.tasks.classify import open_classifier

    return open_classifier(engine)  # the default: the one installed classifier


def test_default_classifier_and_choice(engine, classifier):
    from zoo_desktop.errors import UsageError
    from zoo_desktop.tasks.model_choice import resolve_model

    assert classifier.model_id == "clf" and classifier.labels == LABELS
    with pytest.raises(UsageError, match="no classifier graph"):
        resolve_model(engine.store, "classify", "rb")
    with pytest.raises(UsageError, match="no sentence vectors"):
        resolve_model(engine.store, "embed", "rb")


def test_probabilities_sum_to_one_and_top_k_is_ordered(classifier):
    probs = classifier.predict_proba(TEXTS)
    assert probs.shape == (len(TEXTS), 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    predictions = classifier.classify(TEXTS, top_k=3)
    for row, pred in zip(probs, predictions):
        assert [l for l, _ in pred.top] == [LABELS[i] for i in np.argsort(-row, kind="stable")]
        assert [p for _, p in pred.top] == sorted((p for _, p in pred.top), reverse=True)
        assert pred.label == pred.top[0][0] and pred.probability == pytest.approx(float(row.max()))
    assert len({p.label for p in predictions}) > 1  # the random head is not constant
    # batched with bucketing = one at a time
    alone = np.stack([classifier.predict_proba([t])[0] for t in TEXTS])
    np.testing.assert_allclose(probs, alone, atol=1e-5)


def test_cli_classify_lines_and_csv(classifier, home, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ZOO_HOME", str(home))
    lines = tmp_path / "texts.txt"
    lines.write_bytes("\n".join(TEXTS).encode("gb18030"))
    assert zoo(["classify", str(lines), "--json", "--top-k", "2"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = classifier.classify(TEXTS, top_k=2)
    assert [r["text"] for r in records] == TEXTS and all(r["model"] == "clf" for r in records)
    assert [r["label"] for r in records] == [p.label for p in expected]
    assert all(len(r["top"]) == 2 for r in records)
    table = tmp_path / "t.csv"
    with open(table, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "评论"])
        w.writerows([[i, t] for i, t in enumerate(TEXTS)])
    assert zoo(["classify", str(table), "--column", "评论", "-m", "clf"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["评论"] for r in rows] == TEXTS and [r["label"] for r in rows] == [p.label for p in expected]
    assert float(rows[0]["probability"]) == pytest.approx(expected[0].probability, abs=1e-5)


def test_eval_classify(classifier, home, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ZOO_HOME", str(home))
    gold = ["正面", "负面", "1", "中性", "0", "2"]  # names, or indices into the labels
    data = tmp_path / "dev.tsv"
    data.write_text("".join(f"{t}\t{g}\n" for t, g in zip(TEXTS, gold)), encoding="utf-8")
    assert zoo(["eval", "classify", "-m", "clf", "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    y_true = [g if g in LABELS else LABELS[int(g)] for g in gold]
    y_pred = [p.label for p in classifier.classify(TEXTS)]
    expected = classification_report(y_true, y_pred, labels=LABELS)
    assert result["count"] == 6 and result["accuracy"] == pytest.approx(expected.accuracy)
    for label in LABELS:
        assert result["per_class"][label]["precision"] == pytest.approx(expected.per_class[label].precision)
        assert result["per_class"][label]["recall"] == pytest.approx(expected.per_class[label].recall)
    assert zoo(["eval", "classify", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out and "正面" in out


def test_batch_classify_documents(classifier, home, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ZOO_HOME", str(home))
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, t in enumerate(TEXTS[:3]):
        (folder / f"{i}.txt").write_text(t, encoding="utf-8")
    out = tmp_path / "labels.csv"
    assert zoo(["batch", str(folder), "-o", str(out), "--task", "classify"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["label"] for r in rows] == [p.label for p in classifier.classify(TEXTS[:3])]
    assert {r["model"] for r in rows} == {"clf"}
