"""Task services and commands that need no model: extractive summaries, chunking, batch jobs, evaluation."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.errors import Cancelled
from zoo_desktop.evaluation import evaluate_generation
from zoo_desktop.summarize import lead_baseline, split_sentences, summarize_extractive

DOC = (
    "水运工程项目作为我国航运和水利的重要组成部分，其重要性不言而喻。"
    "针对现阶段水运工程项目建设和运行过程中存在的管理制度不够完善、施工材料耗损大等问题，采用全过程管理模式对水运工程项目进行管理。"
    "全过程管理模式覆盖项目的规划、设计、施工和运行各个阶段。"
    "实践表明，该模式能够有效降低施工材料耗损，提高水运工程项目的管理水平。"
    "最后，本文总结了全过程管理模式在水运工程项目中的应用经验。"
)
OTHER = "深度学习在自然语言处理中的应用越来越广泛。预训练模型显著提高了文本分类的准确率。本文比较了几种中文预训练模型。"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = zoo(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# zoo summarize on a fresh install: the extractive summarizer, labelled


def test_summarize_file_on_fresh_install_is_extractive_and_labelled(tmp_path, capsys):
    doc = tmp_path / "文档 一.txt"
    doc.write_text(DOC, encoding="utf-8")
    code, out, err = run(capsys, "summarize", str(doc))
    assert code == 0
    assert out.strip() == summarize_extractive(DOC, max_chars=120).text
    assert "extractive" in err and "no T5 PEGASUS model is converted" in err


@pytest.mark.parametrize("codec", ["gb18030", "utf-16"])
def test_summarize_chinese_encodings_json(tmp_path, capsys, codec):
    doc = tmp_path / f"doc-{codec}.txt"
    doc.write_bytes(DOC.encode(codec))
    code, out, _ = run(capsys, "summarize", str(doc), "--json", "--max-chars", "60")
    assert code == 0
    (record,) = json_lines(out)
    assert record["input"] == str(doc)
    assert record["model"] == "extractive" and record["method"] == "extractive"
    assert record["token_ids"] == [] and record["chunks"] == []
    assert record["summary"] == summarize_extractive(DOC, max_chars=60).text


def test_summarize_stdin_text_and_lead(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DOC.encode("gb18030"))))
    code, out, _ = run(capsys, "summarize", "-", "--json", "-m", "lead", "--max-chars", "40")
    assert code == 0
    (record,) = json_lines(out)
    assert record["input"] == "-" and record["model"] == "lead"
    assert record["summary"] == lead_baseline(DOC, max_chars=40).text
    code, out, _ = run(capsys, "summarize", "--text", OTHER, "--text", DOC, "--json")
    assert code == 0 and [r["input"] for r in json_lines(out)] == ["--text 1", "--text 2"]


def test_summarize_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text(DOC, encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe\x00binary\x00" * 50)
    code, out, err = run(capsys, "summarize", str(binary))
    assert code == 13 and "bad.txt" in err and out == ""
    code, out, err = run(capsys, "summarize", str(good), str(binary), str(tmp_path / "missing.txt"))
    assert code == 14 and "missing.txt" in err
    assert "==> " in out  # several inputs: one header per summary
    code, _, err = run(capsys, "summarize", str(good), "-m", "no-such-model")
    assert code == 3 and "not installed" in err
    code, _, _ = run(capsys, "summarize", str(good), "--top-k", "5")  # sampling option without --sample
    assert code == 2


def test_tasks_needing_a_model_say_which(capsys):
    code, _, err = run(capsys, "embed", "--text", "你好")
    assert code == 3 and "SimBERT" in err
    code, _, err = run(capsys, "classify", "--text", "你好")
    assert code == 3 and "classifier" in err


# ---------------------------------------------------------------------------------------------
# Chunking on sentence boundaries


def test_chunk_text_on_sentence_boundaries():
    from zoo_desktop.tasks.summarize import chunk_text

    text = (DOC + "\n\n" + OTHER) * 3
    count = len  # one token per character
    chunks = chunk_text(text, count, 60)
    sentences = split_sentences(text)
    bounds = {s.start for s in sentences} | {s.end for s in sentences}
    assert len(chunks) > 3
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert covered.replace("\n", "") == "".join(s.text for s in sentences)
    for c in chunks:
        assert c.text == text[c.start : c.end] and c.tokens == len(c.text) <= 58
    # packing is greedy: a chunk and the next unit would not fit together
    assert chunk_text("一二三四五。" * 3, count, 14)[0].text == "一二三四五。一二三四五。"
    # a clause longer than a chunk is cut by length
    hard = chunk_text("甲" * 25 + "。", count, 12)
    assert [len(c.text) for c in hard] == [10, 10, 6] and "".join(c.text for c in hard) == "甲" * 25 + "。"
    # a chunk breaks inside a sentence only for a sentence longer than a chunk (cut at clause marks first)
    long_ones = [s for s in sentences if len(s.text) > 58]
    assert long_ones
    for c in chunks:
        if c.start not in bounds:
            assert any(s.start < c.start < s.end for s in long_ones)
            assert text[c.start - 1] in "，,、；;：:"  # no clause here is longer than a chunk: no hard cuts


# ---------------------------------------------------------------------------------------------
# Batch jobs


def make_folder(root: Path) -> Path:
    folder = root / "文档"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    (folder / "b.md").write_bytes(OTHER.encode("gb18030"))
    (folder / "sub" / "c.txt").write_bytes(DOC.encode("utf-16"))
    (folder / "sub" / "d.html").write_text(f"<html><body><p>{OTHER}</p></body></html>", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03PK\x00\x00" * 100)
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    return folder


def test_batch_folder_skips_a_bad_file(tmp_path, capsys):
    folder = make_folder(tmp_path)
    out = tmp_path / "out" / "summaries.jsonl"
    code, stdout, err = run(capsys, "batch", str(folder), "-o", str(out), "--max-chars", "50")
    assert code == 14
    assert "broken.txt" in err
    assert "4/5 done" in stdout and "1 failed" in stdout and "1 files of unsupported types ignored" in stdout
    records = json_lines(out.read_text(encoding="utf-8"))
    assert sorted(Path(r["source"]).name for r in records) == ["a.txt", "b.md", "c.txt", "d.html"]
    for r in records:
        assert r["method"] == "extractive" and r["model"] == "extractive"
        expected = DOC if Path(r["source"]).name in ("a.txt", "c.txt") else OTHER
        assert r["summary"] == summarize_extractive(expected, max_chars=50).text


def test_batch_txt_and_csv_outputs(tmp_path, capsys):
    folder = make_folder(tmp_path)
    (folder / "broken.txt").unlink()
    txt_out = tmp_path / "txt-out"
    code, _, _ = run(capsys, "batch", str(folder), "-o", str(txt_out), "--json")
    assert code == 0
    written = sorted(p.relative_to(txt_out).as_posix() for p in txt_out.rglob("*.txt"))
    assert written == ["文档/a.txt.txt", "文档/b.md.txt", "文档/sub/c.txt.txt", "文档/sub/d.html.txt"]
    assert (txt_out / "文档" / "a.txt.txt").read_text(encoding="utf-8").strip() == summarize_extractive(DOC).text
    csv_out = tmp_path / "s.csv"
    code, stdout, _ = run(capsys, "batch", str(folder / "a.txt"), str(folder / "b.md"), "-o", str(csv_out), "--json")
    assert code == 0 and json_lines(stdout)[-1]["event"] == "result"
    import csv

    data = csv_out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "b.md"]
    assert rows[0]["summary"] == summarize_extractive(DOC).text and rows[0]["method"] == "extractive"


def _job(items, out, calls, fmt="jsonl"):
    from zoo_desktop.tasks.batch import BatchJob

    def process(document, cancel):
        calls.append(document.path.name)
        return {"summary": summarize_extractive(document.text, max_chars=30).text}

    return BatchJob(items, out, fmt=fmt, process=process, settings={"task": "test"}, columns=["summary"], text_field="summary")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "txt"])
def test_interrupted_batch_resumes_without_redoing(tmp_path, fmt):
    from zoo_desktop.tasks.batch import expand_inputs, journal_path

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(DOC[i * 10 :] + OTHER, encoding="utf-8")
    items, _ = expand_inputs([folder])
    out = tmp_path / ("out." + fmt if fmt != "txt" else "out")
    calls: list[str] = []
    cancel = CancelToken()
    seen = []

    def on_item(outcome):
        seen.append(outcome.status)
        if len(seen) == 2:
            cancel.cancel()

    job = _job(items, out, calls, fmt)
    with pytest.raises(Cancelled):
        job.run(on_item=on_item, cancel=cancel)
    assert calls == ["0.txt", "1.txt"]
    assert journal_path(job.output).is_file()
    if fmt != "txt":  # a half-written record left by a kill is cut back on resume
        with open(out, "ab") as fh:
            fh.write(b'{"source": "torn')
    progress = []
    report = _job(items, out, calls, fmt).run(progress=progress.append)
    assert calls == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]  # nothing redone
    assert report.done == 5 and report.resumed == 2 and not report.failed
    assert progress[-1].done == 5 and progress[-1].eta_seconds == 0
    assert progress[0].eta_seconds is None and progress[1].eta_seconds is not None
    if fmt == "jsonl":
        names = [Path(r["source"]).name for r in json_lines(out.read_text(encoding="utf-8"))]
        assert names == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]
    elif fmt == "csv":
        import csv

        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert [Path(r["source"]).name for r in rows] == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]
    else:
        assert sorted(p.name for p in (out / "docs").iterdir()) == [f"{i}.txt.txt" for i in range(5)]
    # a finished job run again does nothing
    report = _job(items, out, calls, fmt).run()
    assert len(calls) == 5 and report.resumed == 5


def test_batch_cli_resume_and_settings_change(tmp_path, capsys):
    folder = make_folder(tmp_path)
    out = tmp_path / "s.jsonl"
    assert run(capsys, "batch", str(folder), "-o", str(out))[0] == 14
    code, stdout, _ = run(capsys, "batch", str(folder), "-o", str(out))
    assert code == 14 and "(4 by an earlier run)" in stdout  # the broken file is retried, and fails again
    assert len(json_lines(out.read_text(encoding="utf-8"))) == 4
    code, _, err = run(capsys, "batch", str(folder), "-o", str(out), "--max-chars", "30")
    assert code == 2 and "--restart" in err
    code, _, _ = run(capsys, "batch", str(folder), "-o", str(out), "--max-chars", "30", "--restart")
    assert code == 14
    assert {r["summary"] for r in json_lines(out.read_text(encoding="utf-8"))} >= {summarize_extractive(DOC, max_chars=30).text}


# ---------------------------------------------------------------------------------------------
# Evaluation


def write_tsv(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8")
    return path


SUMMARY_ROWS = [
    (DOC, "水运工程项目的全过程管理模式"),
    (OTHER, "中文预训练模型在文本分类中的比较"),
    ("机器学习方法在医学图像分析中的应用越来越多。本文以肺结节检测为例，比较了多种模型的效果。结果表明集成模型最好。", "肺结节检测模型的比较研究"),
]


@pytest.mark.parametrize("method", ["lead", "extractive"])
def test_eval_summarize_builtin_matches_metrics(tmp_path, capsys, method):
    data = write_tsv(tmp_path / "dev.tsv", SUMMARY_ROWS)
    code, out, _ = run(capsys, "eval", "summarize", "-m", method, "--data", str(data), "--json")
    assert code == 0
    (result,) = json_lines(out)
    budget = round(sum(len(t) for _, t in SUMMARY_ROWS) / len(SUMMARY_ROWS))
    fn = lead_baseline if method == "lead" else summarize_extractive
    expected = evaluate_generation([fn(s, max_chars=budget).text for s, _ in SUMMARY_ROWS], [t for _, t in SUMMARY_ROWS])
    assert result["count"] == 3 and result["model"] == method and result["options"] == {"max_chars": budget}
    for key, value in expected.as_dict().items():
        assert result[key] == pytest.approx(value, abs=1e-4)
    # finetune.py's own files are title<TAB>content: the order is detected, or given
    swapped = write_tsv(tmp_path / "swapped.tsv", [(t, s) for s, t in SUMMARY_ROWS])
    code, out, _ = run(capsys, "eval", "summarize", "-m", method, "--data", str(swapped), "--json", "--limit", "2")
    (again,) = json_lines(out)
    assert code == 0 and again["order"] == "target-source" and again["count"] == 2
    code, out, _ = run(capsys, "eval", "summarize", "-m", method, "--data", str(data), "--limit", "2")
    assert code == 0 and "ROUGE-L" in out


def test_eval_summarize_bad_data(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", encoding="utf-8")
    assert run(capsys, "eval", "summarize", "-m", "lead", "--data", str(bad))[0] == 2
    assert run(capsys, "eval", "summarize", "-m", "lead", "--data", str(tmp_path / "none.tsv"))[0] == 2


def test_eval_extractive_beats_lead_on_csl(shared_data, capsys):
    data = shared_data / "csl" / "ts_dev.tsv"
    scores = {}
    for method in ("extractive", "lead"):
        code, out, _ = run(capsys, "eval", "summarize", "-m", method, "--data", str(data), "--limit", "50", "--json")
        assert code == 0
        (result,) = json_lines(out)
        assert result["count"] == 50 and result["order"] == "source-target"
        scores[method] = result["rouge-l"]
    assert scores["extractive"] > scores["lead"]


# ---------------------------------------------------------------------------------------------
# Small pieces


def test_length_buckets_and_csv_column():
    from zoo_desktop.tasks._batching import length_buckets
    from zoo_desktop.tasks.classify import read_csv_column

    lengths = [5, 50, 7, 300, 6, 49, 8]
    batches = length_buckets(lengths, batch_size=3, max_tokens=400)
    assert sorted(i for b in batches for i in b) == list(range(7))
    for b in batches:
        assert len(b) <= 3 and max(lengths[i] for i in b) * len(b) <= 400 or len(b) == 1
    assert batches[0] == [0, 4, 2]  # shortest first
    header, rows, texts = read_csv_column("id,文本\n1,你好\n2,\"再见,朋友\"\n", "文本")
    assert header == ["id", "文本"] and texts == ["你好", "再见,朋友"] and rows[1]["id"] == "2"
    assert read_csv_column("id,文本\n1,你好\n", "1")[2] == ["你好"]
