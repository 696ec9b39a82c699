"""`zoo tokenize`: --vocab [--jieba], -m ID (a model placed in the store), --json, stdin."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from zoo_desktop.cli.main import main

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", ",", "我", "爱", "北", "京", "北京", "天安门"]


@pytest.fixture
def vocab(tmp_path: Path) -> Path:
    p = tmp_path / "vocab.txt"
    p.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    return p


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="latin-1"))


def test_text_argument_plain_output(vocab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--vocab", str(vocab), "Hello, World\n我爱北京"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "[CLS] hello , world [SEP]",
        "[CLS] 我 爱 北 京 [SEP]",
    ]


def test_json_from_stdin_is_utf8(vocab: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # the wrapper's own encoding is latin-1: the command must read the bytes as UTF-8 regardless
    _stdin(monkeypatch, "\ufeffHello 我爱\r\n\nzz\n".encode("utf-8"))
    assert main(["tokenize", "--vocab", str(vocab), "--json", "-"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {
        "tokens": ["[CLS]", "hello", "我", "爱", "[SEP]"],
        "ids": [2, 5, 8, 9, 3],
        "offsets": [[0, 0], [0, 5], [6, 7], [7, 8], [0, 0]],
    }
    assert rows[1]["tokens"] == ["[CLS]", "[SEP]"]
    assert rows[2] == {"tokens": ["[CLS]", "zz", "[SEP]"], "ids": [2, 1, 3], "offsets": [[0, 0], [0, 2], [0, 0]]}
    assert len(rows) == 3


def test_stdin_that_is_not_utf8(vocab: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _stdin(monkeypatch, b"ok\n\xff\xfe\n")
    assert main(["tokenize", "--vocab", str(vocab)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_jieba_and_maxlen(vocab: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--vocab", str(vocab), "--jieba", "我爱北京天安门"]) == 0
    assert capsys.readouterr().out.strip() == "[CLS] 我 爱 北京 天安门 [SEP]"
    assert main(["tokenize", "--vocab", str(vocab), "--maxlen", "3", "--json", "我爱北京"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens"] == ["[CLS]", "我", "[SEP]"]


def test_usage_errors(vocab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--vocab", str(tmp_path / "missing.txt"), "x"]) == 2
    assert "no vocabulary file" in capsys.readouterr().err
    assert main(["tokenize", "--vocab", str(vocab), "--user-dict", str(vocab), "x"]) == 2
    assert main(["tokenize", "--vocab", str(vocab), "--maxlen", "1", "x"]) == 2
    with pytest.raises(SystemExit):
        main(["tokenize", "x"])  # -m or --vocab is required


def _install(home: Path, model_id: str, family: str, tokens: list[str]) -> None:
    """A model as the store keeps it: <home>/models/<id>/manifest.json and the vocab it names."""
    from zoo_desktop.store.manifest import Manifest, write_manifest

    folder = home / "models" / model_id
    (folder / "checkpoint").mkdir(parents=True)
    (folder / "checkpoint" / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    arch = "mt5.1.1" if family == "t5" else "bert"
    write_manifest(folder, Manifest(id=model_id, family=family, architecture=arch, config={}))


def test_model_from_the_store(zoo_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _install(zoo_home, "plain", "bert", VOCAB)
    _install(zoo_home, "words", "t5", VOCAB)
    assert main(["tokenize", "-m", "plain", "我爱北京天安门"]) == 0
    assert capsys.readouterr().out.strip() == "[CLS] 我 爱 北 京 天 安 门 [SEP]"  # 天安门: unknown characters
    assert main(["tokenize", "-m", "words", "--json", "我爱北京天安门"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["tokens"] == ["[CLS]", "我", "爱", "北京", "天安门", "[SEP]"]
    assert row["offsets"] == [[0, 0], [0, 1], [1, 2], [2, 4], [4, 7], [0, 0]]
    assert main(["tokenize", "-m", "absent", "x"]) == 3
    assert main(["tokenize", "-m", "plain", "--jieba", "x"]) == 2
