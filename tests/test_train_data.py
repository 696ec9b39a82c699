"""Training data: every bad input is a clear error before any training starts (no TensorFlow here)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.errors import UsageError
from zoo_desktop.train import data as td
from zoo_desktop.train import progress as tp
from zoo_desktop.train.recipes import ClassifyRecipe, parse_schedule
from zoo_desktop.train.synthetic import sentiment_corpus, title_corpus, write_tsv


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def files(tmp_path):
    train = _write(tmp_path / "train.tsv", "这本书很好看\t1\n房间太脏了\t0\n服务不错\t1\n")
    valid = _write(tmp_path / "valid.tsv", "很好\t1\n很差\t0\n")
    return tmp_path, train, valid


def test_integer_labels_keep_their_value_as_class_id(files):
    _, train, valid = files
    data = td.load_classification(train, valid)
    assert data.labels == ["0", "1"] and data.label_kind == "integer"
    assert data.train.labels == [1, 0, 1] and data.valid.labels == [1, 0]
    assert data.train.texts[0] == "这本书很好看"
    assert data.counts("train") == {"0": 1, "1": 2}
    assert data.majority_accuracy("valid") == 0.5


def test_text_labels_sorted_and_named(tmp_path):
    train = _write(tmp_path / "t.csv", "text,label\n\"好,很好\",正面\n差,负面\n一般,中性\n")
    valid = _write(tmp_path / "v.csv", "text,label\n好,正面\n")
    data = td.load_classification(train, valid, text_column="text", label_column="label")
    assert data.labels == sorted(["正面", "负面", "中性"]) and data.label_kind == "text"
    assert data.train.texts[0] == "好,很好"  # CSV quoting
    assert data.valid.labels == [data.labels.index("正面")]


def test_label_names_and_sparse_integer_labels(tmp_path):
    train = _write(tmp_path / "t.tsv", "a\t5\nb\t-1\nc\t5\n")
    valid = _write(tmp_path / "v.tsv", "d\t05\n")
    data = td.load_classification(train, valid, label_names=["negative", "positive"])
    assert data.labels == ["negative", "positive"] and data.train.labels == [1, 0, 1] and data.valid.labels == [1]
    with pytest.raises(td.TrainingDataError, match="3 label names given for 2 classes"):
        td.load_classification(train, valid, label_names=["a", "b", "c"])


def test_header_detected_and_columns_by_name(tmp_path):
    train = _write(tmp_path / "t.tsv", "id\tlabel\tsentence\n1\tx\t甲\n2\ty\t乙\n")
    valid = _write(tmp_path / "v.tsv", "id\tlabel\tsentence\n3\tx\t丙\n")
    data = td.load_classification(train, valid, text_column="sentence", label_column="label")
    assert data.train.texts == ["甲", "乙"] and data.train.lines == [2, 3]


@pytest.mark.parametrize("case, content, message", [
    ("columns", "好\t1\n坏\t0\t多余\n", r"train.tsv, line 2: 3 columns where the first line has 2"),
    ("empty text", "好\t1\n \t0\n", r"train.tsv, line 2: the text is empty"),
    ("empty label", "好\t1\n坏\t\n", r"train.tsv, line 2: the label is empty"),
    ("single class", "好\t1\n坏\t1\n", r"single class \('1' on all 2 lines\)"),
    ("empty file", "\n\n", r"train.tsv is empty"),
    ("one column", "好\n坏\n", r"has 1 column; there is no label column 1"),
])
def test_bad_training_file(tmp_path, case, content, message):
    train = _write(tmp_path / "train.tsv", content)
    valid = _write(tmp_path / "valid.tsv", "好\t1\n")
    with pytest.raises(td.TrainingDataError, match=message):
        td.load_classification(train, valid)


def test_label_only_in_validation_or_test(files):
    tmp_path, train, _ = files
    valid = _write(tmp_path / "v2.tsv", "好\t1\n怪\t2\n")
    with pytest.raises(td.TrainingDataError, match=r"v2.tsv, line 2: label '2' does not occur in the training file train.tsv"):
        td.load_classification(train, valid)
    test = _write(tmp_path / "test.tsv", "好\t1\n怪\t7\n")
    with pytest.raises(td.TrainingDataError, match=r"test.tsv, line 2: label '7'"):
        td.load_classification(train, files[2], test)


def test_non_utf8_file_names_its_encoding(files):
    tmp_path, _, valid = files
    train = _write(tmp_path / "gbk.tsv", "这本书很好看，值得一读\t1\n房间太脏了，服务也差\t0\n", encoding="gbk")
    with pytest.raises(td.TrainingDataError, match=r"gbk.tsv is not UTF-8 \(it looks like GBK\).*line 1.*Save the file as UTF-8"):
        td.load_classification(train, valid)
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(td.TrainingDataError, match="bin.tsv is not UTF-8"):
        td.load_classification(binary, valid)


def test_missing_file(tmp_path, files):
    with pytest.raises(td.TrainingDataError, match="does not exist"):
        td.load_classification(tmp_path / "nope.tsv", files[2])


def test_pairs(tmp_path):
    train = write_tsv(tmp_path / "t.tsv", title_corpus(5))
    valid = _write(tmp_path / "v.tsv", "一段很长的正文\t标题\n正文\t \n")
    with pytest.raises(td.TrainingDataError, match=r"v.tsv, line 2: the target text \(summary\) is empty"):
        td.load_pairs(train, valid)
    data = td.load_pairs(train, _write(tmp_path / "v2.tsv", "一段正文\t一个标题\n"))
    assert len(data.train) == 5 and data.valid.targets == ["一个标题"]


def test_pack_round_trip():
    rows = [[101, 5, 102], [], [101, 102]]
    flat, offsets = td.pack(rows)
    assert [r.tolist() for r in td.unpack(flat, offsets)] == rows
    assert flat.dtype == np.int32


def test_schedule_and_progress_wire_format():
    assert parse_schedule("1000:1, 2000:0.1") == {1000: 1.0, 2000: 0.1}
    with pytest.raises(UsageError):
        parse_schedule("1000")
    with pytest.raises(UsageError):
        ClassifyRecipe(epochs=0).check()
    event = tp.TrainProgress("train", 0.5, "epoch 1/2", epoch=1, epochs=2, loss=0.5, metrics={"a": 1.0}, eta_seconds=3.0)
    from zoo_desktop.progress import ProgressEvent

    wire = ProgressEvent(event.stage, event.fraction, tp.encode(event))  # what run_child hands over
    assert tp.decode(wire) == event
    assert tp.decode(ProgressEvent("x", None, "plain")).message == "plain"
    assert tp.format_eta(3725) == "1h02m" and tp.format_eta(75) == "1m15s"


def test_cli_bad_data_fails_before_training(tmp_path, zoo_home, monkeypatch, capsys):
    """A bad file is reported (exit 13) before the base is even needed past its lookup; no child starts."""
    from zoo_desktop.train import runner

    def no_child(*args, **kwargs):
        raise AssertionError("the training child must not start")

    monkeypatch.setattr(runner, "run_child", no_child)
    monkeypatch.setattr(runner, "_base_model", lambda store, base, families, task: _FakeBase())
    monkeypatch.setattr(runner, "_base_release", lambda model: {})
    rows = sentiment_corpus(10)
    train = write_tsv(tmp_path / "train.tsv", rows)
    valid = write_tsv(tmp_path / "valid.tsv", [("好", "未知")])
    code = zoo(["train", "classify", "--base", "b", "--train", str(train), "--valid", str(valid), "--out", "new", "--json"])
    assert code == 13
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[-1]["error"] == "TrainingDataError" and "label '未知' does not occur" in out[-1]["message"]
    assert not (zoo_home / "training").exists() and not (zoo_home / "models" / "new").exists()


def test_cli_unknown_base_and_taken_id(tmp_path, zoo_home, capsys):
    train = write_tsv(tmp_path / "train.tsv", sentiment_corpus(10))
    assert zoo(["train", "classify", "--base", "nope", "--train", str(train), "--valid", str(train), "--out", "new"]) == 3
    assert zoo(["train", "classify", "--base", "nope", "--train", str(train), "--valid", str(train), "--out", "Bad/Id"]) == 2
    assert "error:" in capsys.readouterr().err


class _FakeBase:
    id = "b"
    family = "bert"
    vocab_path = None

    class manifest:  # noqa: N801
        files: dict = {}
        architecture = "bert"
        extra: dict = {}


def test_parent_side_never_imports_tensorflow():
    import subprocess
    import sys

    code = ("import sys, zoo_desktop.train.runner, zoo_desktop.cli.train_cmd, zoo_desktop.export.classifier, "
            "zoo_desktop.train.synthetic; from zoo_desktop.cli.main import build_parser; build_parser(); "
            "assert 'tensorflow' not in sys.modules and 'bert4keras' not in sys.modules, 'TensorFlow was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_learning_rate_schedules_resolve_over_the_whole_run():
    from zoo_desktop.train.recipes import SummarizeRecipe, resolve_schedule

    recipe = ClassifyRecipe()
    assert resolve_schedule("recipe", recipe.lr_schedule, 0, 500) == {1000: 1.0, 2000: 0.1}  # the zoo's script
    assert resolve_schedule("recipe", None, 0, 500) is None  # finetune.py: constant
    assert resolve_schedule("constant", recipe.lr_schedule, 100, 500) is None
    assert resolve_schedule("linear", None, 100, 500) == {100: 1.0, 500: 0.0}  # warm-up from 0, then down to 0
    assert resolve_schedule("linear", None, 0, 500) == {0: 1.0, 500: 0.0}
    assert resolve_schedule("linear", None, 900, 500) == {499: 1.0, 500: 0.0}  # warm-up longer than the run
    with pytest.raises(UsageError):
        ClassifyRecipe(schedule="cosine").check()
    with pytest.raises(UsageError):
        SummarizeRecipe(schedule="linear", warmup_steps=-1).check()
    # recipes of runs started before the schedule existed read back with the script's own schedule
    assert ClassifyRecipe.from_json({"seed": 3}).schedule == "recipe"
    assert SummarizeRecipe.from_json(SummarizeRecipe(schedule="linear", warmup_steps=20).to_json()).warmup_steps == 20


@pytest.mark.tf
def test_the_training_child_builds_the_optimizer_with_the_schedule():
    """The child's optimizer: bert4keras AdamLR whose multiplier follows the resolved schedule step by step."""
    from zoo_desktop.train.child import _optimizer
    from zoo_desktop.train.recipes import SummarizeRecipe

    linear = _optimizer(ClassifyRecipe(schedule="linear", warmup_steps=10, epochs=2), {1000: 1.0}, steps_per_epoch=50)
    assert linear.lr_schedule == {10: 1.0, 100: 0.0}
    from bert4keras.backend import K, piecewise_linear

    multipliers = [float(K.eval(piecewise_linear(step, linear.lr_schedule))) for step in (0, 5, 10, 55, 100, 150)]
    assert multipliers == pytest.approx([0.0, 0.5, 1.0, 0.5, 0.0, 0.0])
    assert _optimizer(ClassifyRecipe(), ClassifyRecipe().lr_schedule, 50).lr_schedule == {1000: 1.0, 2000: 0.1}
    constant = _optimizer(SummarizeRecipe(), None, 50)
    assert not hasattr(constant, "lr_schedule")  # finetune.py's plain Adam
