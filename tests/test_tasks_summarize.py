"""Summarizing with a converted (random-weight) T5 PEGASUS: chunks, final pass, streaming, cancel, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zoo_desktop.cancel import CancelToken
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.engine.decoding import beam_search
from zoo_desktop.engine.runtime import Engine
from zoo_desktop.errors import Cancelled
from zoo_desktop.evaluation import evaluate_generation
from zoo_test_support import converted_store

pytestmark = pytest.mark.tf

SENTENCES = [
    "今天天气很好，我们去公园散步。",
    "中文自然语言处理的预训练模型可以在桌面上运行。",
    "机器学习方法在医学图像分析中的应用研究，以肺结节检测为例。",
    "实验比较了多种模型的效果，结果表明集成模型的准确率最高。",
    "最后，本文讨论了模型在临床中应用的前景和局限。",
]
LONG = "".join(SENTENCES * 3)


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    home = tmp_path_factory.mktemp("tasks-t5")
    converted_store(releases, home, "t5", "t5")
    return home


@pytest.fixture(scope="module")
def engine(home):
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    eng = Engine(ModelStore(ZooPaths(home)), threads=2)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def summarizer(engine):
    from zoo_desktop.tasks.summarize import Summarizer

    return Summarizer(engine)


def request(text, **kwargs):
    from zoo_desktop.tasks.summarize import DecodeOptions, SummaryRequest

    decode = DecodeOptions(**{k: kwargs.pop(k) for k in list(kwargs) if k in DecodeOptions.__dataclass_fields__})
    return SummaryRequest(text, decode=decode, **kwargs)


def test_default_model_is_the_t5(engine):
    from zoo_desktop.tasks.model_choice import default_model, usable_models

    assert default_model(engine.store, "summarize") == "t5"
    assert [m.id for m in usable_models(engine.store, "summarize")] == ["t5"]
    assert default_model(engine.store, "embed") is None


def test_short_document_is_finetune_py_generation(summarizer, engine):
    from zoo_desktop.engine.seq2seq import T5StepModel

    text = SENTENCES[1]
    result = summarizer.summarize(request(text, max_len=8, beam_size=2))
    runtime = engine.runtime("t5")
    tok = runtime.tokenizer
    model = T5StepModel(runtime)
    (hyp,) = beam_search(model, [tok.encode(text, maxlen=512)[0]], beam_size=2, end_id=tok.sep_id, max_len=8)
    assert result.method == "abstractive" and result.model_id == "t5"
    assert result.levels == 0 and result.chunks == []
    assert result.token_ids == [int(i) for i in hyp.tokens]
    assert result.text == tok.decode(hyp.tokens)
    assert result.input_tokens == len(tok.encode(text)[0])


def test_long_document_is_chunked_then_summarized_again(summarizer, engine):
    events = []
    partials = []
    result = summarizer.summarize(request(LONG, max_len=6, max_input=48), progress=events.append, on_partial=partials.append)
    level0 = [c for c in result.chunks if c.level == 0]
    assert len(level0) >= 4 and result.levels >= 1
    assert all(c.input_tokens <= 48 for c in result.chunks)
    # level-0 chunks cover the document in order, on sentence boundaries
    assert level0[0].start == 0 and level0[-1].end == len(LONG)
    assert all(a.end <= b.start for a, b in zip(level0, level0[1:]))
    ends = set(np.cumsum([len(s) for s in SENTENCES * 3]).tolist())
    assert all(c.end in ends for c in level0)
    # progress per chunk, then the final pass
    done = [e for e in events if e.stage == "chunk" and e.message.endswith("done")]
    assert len(done) == len(result.chunks)
    assert [e.message for e in done[: len(level0)]] == [f"level 1: chunk {i + 1}/{len(level0)} done" for i in range(len(level0))]
    assert events[-1].stage == "final" and events[-1].fraction == 1.0
    # streaming: every chunk is streamed, and the final pass ends with the result
    assert {(p.level, p.chunk) for p in partials if not p.final} == {(c.level, c.index) for c in result.chunks}
    final = [p for p in partials if p.final]
    assert final and final[-1].text == result.text and final[-1].token_ids == result.token_ids
    assert len(result.token_ids) <= 6
    tok = engine.runtime("t5").tokenizer
    for c in result.chunks:
        assert c.summary == tok.decode(c.token_ids)


def test_streaming_text_grows(summarizer):
    partials = []
    result = summarizer.summarize(request(SENTENCES[2], max_len=10), on_partial=partials.append)
    texts = [p.text for p in partials]
    ids = [p.token_ids for p in partials]
    assert len(partials) >= len(result.token_ids) and len(partials) >= 2
    for a, b in zip(ids, ids[1:]):  # greedy: each step extends the previous one
        assert b[: len(a)] == a
    for a, b in zip(texts, texts[1:]):
        assert len(b) >= len(a)
    assert texts[-1] == result.text and [p.step for p in partials] == list(range(len(partials)))


def test_cancel_mid_way_raises_within_a_step(summarizer):
    cancel = CancelToken()
    seen = []

    def on_partial(p):
        seen.append((p.level, p.chunk, p.step))
        if p.chunk == 1 and p.step == 1:
            cancel.cancel()

    with pytest.raises(Cancelled):
        summarizer.summarize(request(LONG, max_len=6, max_input=48), on_partial=on_partial, cancel=cancel)
    # the chunks of a level are decoded together: the step that saw the cancel is reported for all of them,
    # and not one more step follows
    assert (0, 1, 1) in seen and max(step for _, _, step in seen) == 1


def test_sampling_is_reproducible_with_a_seed(summarizer):
    a = summarizer.summarize(request(SENTENCES[3], sample=True, top_k=5, seed=7, max_len=8))
    b = summarizer.summarize(request(SENTENCES[3], sample=True, top_k=5, seed=7, max_len=8))
    assert a.token_ids == b.token_ids and a.options["sample"] is True


def test_cli_summarize_json_has_model_and_token_ids(home, monkeypatch, tmp_path, capsys, engine):
    monkeypatch.setenv("ZOO_HOME", str(home))
    doc = tmp_path / "长文.txt"
    doc.write_bytes(LONG.encode("gb18030"))
    code = zoo(["summarize", str(doc), "--json", "--max-len", "5", "--max-input", "48", "--beam", "2", "--threads", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    (record,) = [json.loads(line) for line in captured.out.splitlines()]
    assert record["model"] == "t5" and record["method"] == "abstractive"
    assert record["token_ids"] and all(isinstance(i, int) for i in record["token_ids"])
    tok = engine.runtime("t5").tokenizer
    assert record["summary"] == tok.decode(record["token_ids"])
    assert record["levels"] >= 1 and all("token_ids" in c for c in record["chunks"])
    assert record["options"]["beam_size"] == 2 and record["options"]["max_len"] == 5
    # text output, and -m extractive still available next to the model
    assert zoo(["summarize", str(doc), "--max-len", "5", "--max-input", "48", "--beam", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.out == record["summary"] + "\n"
    assert f"t5: {len(record['chunks'])} chunks in {record['levels']} level(s), then a final pass" in captured.err
    assert zoo(["summarize", str(doc), "-m", "extractive", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "extractive"


def test_eval_summarize_with_the_model(home, monkeypatch, tmp_path, capsys, engine):
    from zoo_desktop.tasks.evaluate import predict_summaries

    monkeypatch.setenv("ZOO_HOME", str(home))
    rows = [(SENTENCES[i] + SENTENCES[i + 1], SENTENCES[i][:8]) for i in range(4)]
    data = tmp_path / "dev.tsv"
    data.write_text("".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8")
    code = zoo(["eval", "summarize", "-m", "t5", "--data", str(data), "--limit", "3", "--target-maxlen", "6", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    predictions = predict_summaries(engine, "t5", [s for s, _ in rows[:3]], target_maxlen=6, batch_size=1)
    expected = evaluate_generation(predictions, [t for _, t in rows[:3]])
    assert result["count"] == 3 and result["method"] == "abstractive"
    for key, value in expected.as_dict().items():
        assert result[key] == pytest.approx(value, abs=1e-4)


def test_batch_with_the_model(home, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ZOO_HOME", str(home))
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, s in enumerate(SENTENCES[:2]):
        (folder / f"{i}.txt").write_text(s, encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert zoo(["batch", str(folder), "-o", str(out), "--max-len", "4", "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["status"] for e in events if e["event"] == "item"] == ["done", "done"]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["model"] for r in records] == ["t5", "t5"] and all(r["method"] == "abstractive" for r in records)
    assert all(r["token_ids"] and len(r["token_ids"]) <= 4 for r in records)


def _corpus_folder(tmp_path, n=10):
    folder = tmp_path / "文档 集"
    folder.mkdir()
    for i in range(n):
        text = "".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 3))
        (folder / f"{i:02d}.txt").write_bytes(text.encode("gb18030" if i % 2 else "utf-8"))
    return folder


def _records(out):
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_many_files_on_the_command_line_are_summarized_together(home, monkeypatch, tmp_path, capsys, summarizer):
    monkeypatch.setenv("ZOO_HOME", str(home))
    folder = _corpus_folder(tmp_path, 6)
    files = sorted(folder.iterdir())
    assert zoo(["summarize", *map(str, files), "--json", "--max-len", "5", "--batch-size", "4"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in records] == [str(f) for f in files]  # input order
    for f, r in zip(files, records):
        from zoo_desktop.tasks.inputs import load_text

        assert r["token_ids"] == summarizer.summarize(request(load_text(str(f)), model_id="t5", max_len=5)).token_ids
    assert zoo(["summarize", str(files[0]), str(files[1]), "--batch-size", "0"]) == 2


def test_cancel_mid_batch_writes_nothing_half_and_resumes_each_document_once(engine, tmp_path, monkeypatch):
    """A cancel while a group of documents is being decoded writes nothing of that group; the journaled
    documents before it stay; resuming does the rest, each once, with the summaries of an uninterrupted run."""
    from zoo_desktop.engine.seq2seq import T5StepModel
    from zoo_desktop.tasks.batch import BatchJob, expand_inputs, summarize_task
    from zoo_desktop.tasks.summarize import DecodeOptions

    folder = _corpus_folder(tmp_path, 20)
    items, _ = expand_inputs([folder])
    spec = summarize_task(engine, model_id="t5", decode=DecodeOptions(beam_size=2, max_len=5), batch_size=2)
    assert spec.process_many is not None and spec.batch_size == 16  # groups of 4 x 2 documents x 2 lanes
    cancel = CancelToken()
    steps = {"n": 0, "cancel_at": None}
    real_step = T5StepModel.step

    def counting_step(self, *args):
        steps["n"] += 1
        if steps["n"] == steps["cancel_at"]:
            cancel.cancel()
        return real_step(self, *args)

    monkeypatch.setattr(T5StepModel, "step", counting_step)
    group_starts = {}
    full = BatchJob(items, tmp_path / "full.jsonl", fmt="jsonl", **spec.job_kwargs()).run(
        progress=lambda p: group_starts.setdefault(p.current, steps["n"]))
    assert full.done == 20
    # cancel at the first model step of the second group (documents 16 to 19), in the next run
    steps["cancel_at"], steps["n"] = group_starts[str(items[16].path)] + 1, 0

    out = tmp_path / "out.jsonl"
    seen = []
    monkeypatch.setattr(T5StepModel, "step", counting_step)
    with pytest.raises(Cancelled):
        BatchJob(items, out, fmt="jsonl", **spec.job_kwargs()).run(cancel=cancel, on_item=seen.append)
    monkeypatch.setattr(T5StepModel, "step", real_step)
    written = _records(out)
    assert len(written) == len(seen) == 16  # the first group whole, nothing of the second
    report = BatchJob(items, out, fmt="jsonl", **spec.job_kwargs()).run()
    assert report.done == 20 and report.resumed == len(written)
    got = _records(out)
    assert [r["source"] for r in got] == [str(i.path) for i in items]
    assert [r["token_ids"] for r in got] == [r["token_ids"] for r in _records(tmp_path / "full.jsonl")]


def test_zoo_batch_killed_mid_run_resumes_without_redoing(home, tmp_path):
    """A real `zoo batch` process killed once some documents are journaled: the same command finishes the job,
    every document once, the journaled ones not redone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = _corpus_folder(tmp_path, 24)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "ZOO_HOME": str(home)}
    cmd = [sys.executable, "-m", "zoo_desktop.cli.main", "batch", str(folder), "-o", str(out), "--max-len", "24",
           "--beam", "3", "--batch-size", "1", "--threads", "1"]
    journal = out.with_name(out.name + ".journal")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.exists() and journal.read_text(encoding="utf-8").count('"status": "done"') >= 2:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the job finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    before = journal.read_text(encoding="utf-8").count('"status": "done"')
    assert 2 <= before < 24
    done = subprocess.run(cmd + ["--json"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = [json.loads(line) for line in done.stdout.splitlines() if '"event": "result"' in line][-1]
    assert result["done"] == 24 and result["resumed"] == before
    sources = [r["source"] for r in _records(out)]
    assert sorted(sources) == sorted(str(p.resolve()) for p in folder.iterdir()) and len(set(sources)) == 24
