"""Parity with bert4keras 0.11.5's Tokenizer on real text: every line of ../shared/data/sentiment/*.tsv and
../shared/data/csl/*.tsv (texts and titles), with the real 21128-token BERT vocab and with a 50000-token word
vocab (the BERT vocab plus jieba's most frequent dictionary words, as T5 PEGASUS's vocab is built), without and
with jieba pre-tokenization. Skips (with the reason) where ../shared/data is absent.

bert4keras runs once per configuration (module-scoped memo); every test compares against those results.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest

from zoo_desktop.tokenizer import Tokenizer, load_vocab

pytestmark = pytest.mark.tf

JIEBA_CACHE = Path(tempfile.gettempdir()) / "zoo-desktop-tests-jieba"
CONFIGS = [("bert", None), ("bert", "jieba"), ("words", "jieba")]


def build_word_vocab(bert_vocab: Path, out: Path, size: int = 50000) -> Path:
    """The BERT vocab, then jieba's dictionary words (most frequent first) not already in it, up to `size`."""
    import jieba

    tokens = [line.rstrip("\n") for line in open(bert_vocab, encoding="utf-8")]
    seen = set(tokens)
    entries = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            word, freq = line.split(" ")[:2]
            entries.append((-int(freq), i, word))
    for _, _, word in sorted(entries):
        if len(tokens) >= size:
            break
        if word not in seen:
            seen.add(word)
            tokens.append(word)
    out.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def memo() -> dict[Any, Any]:
    return {}


def _get(memo: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    if key not in memo:
        memo[key] = make()
    return memo[key]


@pytest.fixture(scope="module")
def b4k_tokenizers() -> Any:
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    from bert4keras import tokenizers

    return tokenizers


def read_lines(data: Path) -> list[str]:
    lines: list[str] = []
    for name in ("train", "valid", "test"):
        with open(data / "sentiment" / f"{name}.tsv", encoding="utf-8") as f:
            lines += [line.rstrip("\n").split("\t")[0] for line in f]
    with open(data / "csl" / "ts_dev.tsv", encoding="utf-8") as f:
        for line in f:
            lines += line.rstrip("\n").split("\t")[:2]  # abstract and title
    for name in ("ctg_train", "ctg_dev"):
        with open(data / "csl" / f"{name}.tsv", encoding="utf-8") as f:
            lines += [line.rstrip("\n").split("\t")[0] for line in f]  # titles
    return lines


class Setup:
    def __init__(self, memo: dict[Any, Any], data: Path, tmp: Path, b4k: Any, vocab: str, pre: str | None) -> None:
        self.lines: list[str] = _get(memo, "lines", lambda: read_lines(data))
        bert = data / "bert_chinese_vocab.txt"
        path = bert if vocab == "bert" else _get(memo, "words", lambda: build_word_vocab(bert, tmp / "words.txt"))
        key = (vocab, pre)

        def reference() -> Any:
            import jieba

            jieba.setLogLevel(60)
            # jieba's own cut, remembered per text: both jieba configurations cut the same lower-cased texts
            cuts: dict[str, list[str]] = _get(memo, "jieba cuts", dict)

            def cut(text: str) -> list[str]:
                if text not in cuts:
                    cuts[text] = list(jieba.cut(text, HMM=False))
                return cuts[text]

            return b4k.Tokenizer(str(path), do_lower_case=True, pre_tokenize=cut if pre else None)

        self.ref = _get(memo, ("ref",) + key, reference)
        self.ours: Tokenizer = _get(
            memo, ("ours",) + key, lambda: Tokenizer.from_vocab_file(path, pre_tokenize=pre, cache_dir=JIEBA_CACHE)
        )
        self.ref_tokens: list[list[str]] = _get(memo, ("tokens",) + key, lambda: [self.ref.tokenize(t) for t in self.lines])
        self.ref_ids: list[list[int]] = _get(
            memo, ("ids",) + key, lambda: [self.ref.tokens_to_ids(t) for t in self.ref_tokens]
        )


@pytest.fixture
def setup_for(
    memo: dict[Any, Any], shared_data: Path, tmp_path_factory: pytest.TempPathFactory, b4k_tokenizers: Any
) -> Callable[[str, str | None], Setup]:
    tmp = _get(memo, "tmp", lambda: tmp_path_factory.mktemp("vocab"))
    return lambda vocab, pre: Setup(memo, shared_data, tmp, b4k_tokenizers, vocab, pre)


def _first_difference(lines: list[str], expected: list[Any], actual: list[Any]) -> str:
    for line, e, a in zip(lines, expected, actual):
        if e != a:
            return f"{line[:80]!r}:\n  bert4keras {e}\n  ours       {a}"
    return ""


@pytest.mark.parametrize("vocab,pre", CONFIGS)
def test_tokens_and_ids(setup_for: Callable[[str, str | None], Setup], vocab: str, pre: str | None) -> None:
    s = setup_for(vocab, pre)
    tokens = [s.ours.tokenize(t) for t in s.lines]
    assert tokens == s.ref_tokens, _first_difference(s.lines, s.ref_tokens, tokens)
    ids = [s.ours.encode(t)[0] for t in s.lines]
    assert ids == s.ref_ids, _first_difference(s.lines, s.ref_ids, ids)


@pytest.mark.parametrize("vocab,pre", CONFIGS)
def test_offsets_path_gives_the_same_tokens(
    setup_for: Callable[[str, str | None], Setup], vocab: str, pre: str | None
) -> None:
    s = setup_for(vocab, pre)
    sample = range(0, len(s.lines), 4)
    encodings = [s.ours.encode_with_offsets(s.lines[i]) for i in sample]
    assert [e.tokens for e in encodings] == [s.ref_tokens[i] for i in sample]
    assert [e.ids for e in encodings] == [s.ref_ids[i] for i in sample]


@pytest.mark.parametrize("vocab,pre", CONFIGS)
def test_encode_batch(setup_for: Callable[[str, str | None], Setup], vocab: str, pre: str | None) -> None:
    s = setup_for(vocab, pre)
    s.ours.clear_caches()
    batch = s.ours.encode_batch(s.lines)
    assert [ids for ids, _ in batch] == s.ref_ids, _first_difference(s.lines, s.ref_ids, [i for i, _ in batch])
    assert all(segs == [0] * len(ids) for ids, segs in batch)


@pytest.mark.parametrize("vocab,pre", CONFIGS)
def test_decode(setup_for: Callable[[str, str | None], Setup], vocab: str, pre: str | None) -> None:
    s = setup_for(vocab, pre)
    expected = [s.ref.decode(ids) for ids in s.ref_ids]
    actual = [s.ours.decode(ids) for ids in s.ref_ids]
    assert actual == expected, _first_difference(s.lines, expected, actual)


@pytest.mark.parametrize("vocab,pre", [("bert", None), ("words", "jieba")])
@pytest.mark.parametrize("maxlen", [8, 64, 256])
def test_pairs_and_truncation(
    setup_for: Callable[[str, str | None], Setup], vocab: str, pre: str | None, maxlen: int
) -> None:
    """bert4keras's encode on its own token lists (copies: it truncates in place) = its encode on the texts."""
    s = setup_for(vocab, pre)
    n = len(s.lines)
    pairs = [(i, j) for i, j in zip(range(n - 10000, n - 9000), range(1000))]  # CSL abstracts/titles, sentiment
    expected = [s.ref.encode(list(s.ref_tokens[i]), list(s.ref_tokens[j]), maxlen=maxlen) for i, j in pairs]
    assert [s.ours.encode(s.lines[i], s.lines[j], maxlen=maxlen) for i, j in pairs] == expected
    singles = [s.ref.encode(list(s.ref_tokens[i]), maxlen=maxlen) for i, _ in pairs]
    assert [s.ours.encode(s.lines[i], maxlen=maxlen) for i, _ in pairs] == singles
    assert s.ours.encode_batch([s.lines[i] for i, _ in pairs], maxlen=maxlen) == singles
    few = [i for i, _ in pairs[:200]]
    assert [s.ours.tokenize(s.lines[i], maxlen=maxlen) for i in few] == [
        s.ref.tokenize(s.lines[i], maxlen=maxlen) for i in few
    ]


def test_offsets_agree_with_rematch(setup_for: Callable[[str, str | None], Setup]) -> None:
    """bert4keras's own character mapping (`rematch`) gives the same spans on real text."""
    s = setup_for("bert", None)
    for text, tokens in list(zip(s.lines, s.ref_tokens))[::5]:
        mapping = s.ref.rematch(text, tokens)
        expected = [(m[0], m[-1] + 1) if m else (0, 0) for m in mapping]
        assert s.ours.encode_with_offsets(text).offsets == expected, text


def test_vocab_loading(shared_data: Path, b4k_tokenizers: Any) -> None:
    path = shared_data / "bert_chinese_vocab.txt"
    assert load_vocab(path) == b4k_tokenizers.load_vocab(str(path))
    start = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    ours = load_vocab(path, simplified=True, startswith=start)
    ref = b4k_tokenizers.load_vocab(str(path), simplified=True, startswith=start)
    assert ours == ref
    assert len(ours[0]) < 21128
