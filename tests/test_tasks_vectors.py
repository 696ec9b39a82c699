"""SimBERT sentence vectors, similarity, corpus search with a persistent index, and paraphrases
(converted random-weight SimBERT: the numbers are meaningless, the mechanics are real)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.engine.runtime import Engine
from zoo_test_support import converted_store

pytestmark = pytest.mark.tf

CORPUS = [
    "今天天气很好，我们去公园散步。",
    "中文自然语言处理的预训练模型可以在桌面上运行。",
    "机器学习方法在医学图像分析中的应用研究。",
    "实验比较了多种模型的效果。",
    "最后讨论了模型在临床中应用的前景。",
    "今天天气很好，我们去公园散步。",  # a duplicate: one vector, two entries
    "深度学习显著提高了文本分类的准确率。",
    "明天可能会下雨，记得带伞。",
]


@pytest.fixture(scope="module")
def home(releases, tmp_path_factory):
    home = tmp_path_factory.mktemp("tasks-simbert")
    converted_store(releases, home, "simbert", "sb")
    return home


def new_engine(home):
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    return Engine(ModelStore(ZooPaths(home)), threads=2)


@pytest.fixture(scope="module")
def engine(home):
    eng = new_engine(home)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def encoder(engine):
    from zoo_desktop.tasks.embed import open_encoder

    return open_encoder(engine)


def test_vectors_are_unit_length_and_identical_sentences_score_one(encoder):
    vectors = encoder.encode(CORPUS)
    assert vectors.shape == (len(CORPUS), encoder.dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.similarity(CORPUS[1], CORPUS[1]) == pytest.approx(1.0, abs=1e-5)
    assert float(vectors[0] @ vectors[5]) == pytest.approx(1.0, abs=1e-5)
    # bucketing and dynamic padding change nothing: each row equals the sentence encoded alone
    alone = np.stack([encoder.encode([t])[0] for t in CORPUS[:4]])
    np.testing.assert_allclose(vectors[:4], alone, atol=1e-5)
    # the pooled output, normalised, is the sentence vector (segment ids 0)
    runtime = encoder.runtime
    ids, segs = runtime.tokenizer.encode(CORPUS[2])
    (pooled,) = runtime.session("encoder").run(["pooled"], {"input_ids": np.array([ids]), "segment_ids": np.array([segs]), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)})
    np.testing.assert_allclose(vectors[2], pooled[0] / np.linalg.norm(pooled[0]), atol=1e-5)


def test_batches_are_bucketed_by_length(engine):
    from zoo_desktop.tasks.embed import SentenceEncoder

    enc = SentenceEncoder(engine.runtime("sb"), batch_size=3)
    texts = ["短", "很长很长的句子" * 10, "中等长度的句子", "短句", "很长很长的句子" * 9]
    vectors = enc.encode(texts)
    assert enc.batches_run == 2 and enc.rows_encoded == 5
    np.testing.assert_allclose(vectors[1], enc.encode([texts[1]])[0], atol=1e-5)


def test_pairwise_and_cli_similar(encoder, home, monkeypatch, capsys, tmp_path):
    scores = encoder.pairwise([(CORPUS[0], CORPUS[5]), (CORPUS[1], CORPUS[2])])
    assert scores[0] == pytest.approx(1.0, abs=1e-5) and -1 <= scores[1] <= 1
    monkeypatch.setenv("ZOO_HOME", str(home))
    pairs = tmp_path / "pairs.txt"
    pairs.write_bytes(f"{CORPUS[1]}\t{CORPUS[1]}\n{CORPUS[1]}\t{CORPUS[2]}\n".encode("utf-16"))
    assert zoo(["similar", str(pairs), "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["model"] for r in records] == ["sb", "sb"]
    assert records[0]["score"] == pytest.approx(1.0, abs=1e-5)
    assert records[1]["score"] == pytest.approx(encoder.similarity(CORPUS[1], CORPUS[2]), abs=1e-5)
    assert zoo(["similar", "--text", CORPUS[3], "--text", CORPUS[3], "--text", CORPUS[4]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1.0000\t")


def test_cli_embed(encoder, home, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ZOO_HOME", str(home))
    src = tmp_path / "s.txt"
    src.write_text("\n".join(CORPUS[:3]) + "\n\n", encoding="utf-8")
    out = tmp_path / "v.npy"
    assert zoo(["embed", str(src), "-o", str(out), "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    saved = np.load(out)
    assert saved.shape == (3, encoder.dim) and [r["input"] for r in records] == [f"{src}:1", f"{src}:2", f"{src}:3"]
    np.testing.assert_allclose(saved, encoder.encode(CORPUS[:3]), atol=1e-6)
    np.testing.assert_allclose(np.array(records[0]["vector"]), saved[0], atol=1e-6)


def test_search_index_exact_incremental_and_persistent(encoder, home, tmp_path):
    from zoo_desktop.tasks.search_index import open_index

    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    index, stats = open_index(encoder, corpus, cache_dir=cache)
    assert (stats.entries, stats.unique, stats.embedded, stats.rebuilt, stats.saved) == (8, 7, 7, True, True)
    assert index.path.is_file() and index.path.is_relative_to(cache / "search" / "sb")
    # exact cosine ranking equals brute force
    queries = ["天气很好", "模型的效果"]
    hits = index.search(queries, k=3)
    brute = encoder.encode(queries) @ encoder.encode(CORPUS).T
    for q, row in enumerate(brute):
        order = sorted(range(len(CORPUS)), key=lambda i: (-row[i], i))[:3]
        assert [h.entry.line for h in hits[q]] == [i + 1 for i in order]
        np.testing.assert_allclose([h.score for h in hits[q]], row[order], atol=1e-5)
        assert [h.rank for h in hits[q]] == [1, 2, 3]
    # unchanged corpus, a new engine and encoder (as a new run): nothing embedded, read or written
    from zoo_desktop.tasks.embed import SentenceEncoder

    other = new_engine(home)
    try:
        fresh = SentenceEncoder(other.runtime("sb"))
        index2, stats = open_index(fresh, corpus, cache_dir=cache)
        assert (stats.embedded, stats.reused, stats.files_read, stats.files_unchanged, stats.saved) == (0, 7, 0, 1, False)
        assert fresh.rows_encoded == 0
        np.testing.assert_allclose(index2.entry_vectors(), index.entry_vectors())
        # one line changed: only that entry is embedded again
        lines = list(CORPUS)
        lines[3] = "实验比较了多种模型在三个数据集上的效果。"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        index3, stats = open_index(fresh, corpus, cache_dir=cache)
        assert (stats.embedded, stats.reused, stats.removed, stats.files_read) == (1, 6, 1, 1)
        assert fresh.rows_encoded == 1
        np.testing.assert_allclose(index3.entry_vectors()[3], encoder.encode([lines[3]])[0], atol=1e-5)
        (top,) = index3.search([lines[3]], k=1)
        assert top[0].entry.line == 4 and top[0].score == pytest.approx(1.0, abs=1e-5)
        # and the update was persisted
        _, stats = open_index(fresh, corpus, cache_dir=cache)
        assert stats.embedded == 0 and not stats.saved
    finally:
        other.close()


def test_search_folder_corpus_and_cli(encoder, home, monkeypatch, capsys, tmp_path):
    from zoo_desktop.tasks.search_index import open_index

    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("".join(CORPUS[:3]), encoding="utf-8")
    (folder / "sub" / "b.md").write_bytes("".join(CORPUS[3:6]).encode("gb18030"))
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02PK\x00" * 40)
    index, stats = open_index(encoder, folder, cache_dir=tmp_path / "cache")
    assert index.unit == "sentence" and stats.entries == 6 and stats.unique == 5
    assert [s for s, _ in stats.skipped] == ["broken.txt"]
    assert [e.source for e in index.entries] == ["a.txt"] * 3 + ["sub/b.md"] * 3
    e = index.entries[4]
    text = (folder / "sub" / "b.md").read_bytes().decode("gb18030")
    assert text[e.start : e.end] == CORPUS[4]
    # the command line keeps its index under ZOO_HOME/cache, and updates it incrementally
    monkeypatch.setenv("ZOO_HOME", str(home))
    queries = tmp_path / "q.txt"
    queries.write_text("天气很好\n模型效果\n", encoding="utf-8")
    assert zoo(["search", "--corpus", str(folder), str(queries), "-k", "2", "--json"]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["query"] for r in records] == ["天气很好", "模型效果"] and all(len(r["hits"]) == 2 for r in records)
    assert records[0]["model"] == "sb" and records[0]["hits"][0]["rank"] == 1
    assert "skipped broken.txt" in captured.err and "embedded 5" in captured.err
    assert list((home / "cache" / "search" / "sb").glob("*.npz"))
    assert zoo(["search", "--corpus", str(folder), "--text", "天气", "-k", "1"]) == 0
    captured = capsys.readouterr()
    assert "embedded 0, reused 5" in captured.err and captured.out.startswith("query: 天气\n    1. ")


def test_paraphrase_unique_without_input_ranked_by_cosine(engine, encoder, home, monkeypatch, capsys):
    from zoo_desktop.tasks.paraphrase import ParaphraseRequest, open_paraphraser

    text = CORPUS[0]
    para = open_paraphraser(engine)
    result = para.paraphrase(ParaphraseRequest(text, n=30, k=10, max_len=8, seed=3))
    candidates = [t for t, _ in result.paraphrases]
    scores = [s for _, s in result.paraphrases]
    assert result.model_id == "sb" and result.samples == 30
    assert 0 < len(candidates) <= 10 and len(set(candidates)) == len(candidates) and text not in candidates
    assert scores == sorted(scores, reverse=True)
    vectors = encoder.encode([text, *candidates])
    np.testing.assert_allclose(scores, vectors[1:] @ vectors[0], atol=1e-5)
    tok = engine.runtime("sb").tokenizer
    assert [tok.decode(ids) for ids in result.token_ids] == candidates
    again = para.paraphrase(ParaphraseRequest(text, n=30, k=10, max_len=8, seed=3))
    assert again.paraphrases == result.paraphrases
    monkeypatch.setenv("ZOO_HOME", str(home))
    assert zoo(["paraphrase", "--text", text, "-n", "30", "-k", "10", "--max-len", "8", "--seed", "3", "--json"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["model"] == "sb" and [p["text"] for p in record["paraphrases"]] == candidates
    assert record["paraphrases"][0]["token_ids"] == result.token_ids[0]
