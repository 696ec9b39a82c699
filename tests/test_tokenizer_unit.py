"""zoo_desktop.tokenizer on its own: offsets, jieba (lazy, private, user dictionaries), decode, truncation,
vocab loading, the batch path. No bert4keras here (see test_tokenizer_parity / test_tokenizer_fuzz)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

from zoo_desktop.tokenizer import Tokenizer, TokenizerError, Vocab, load_vocab
from zoo_desktop.tokenizer import truncate
from zoo_desktop.tokenizer.cache import BoundedCache
from zoo_desktop.tokenizer.charclass import tables
from zoo_desktop.tokenizer.normalize import normalize, normalize_with_map

REPO = Path(__file__).resolve().parents[1]
# jieba's dictionary cache is rebuildable; sharing it across test runs saves building it (seconds) every run
JIEBA_CACHE = Path(tempfile.gettempdir()) / "zoo-desktop-tests-jieba"

SMALL_VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "hello", "world", "he", "##llo", "un", "##aff", "##able", "cafe", "na", "##ive", "it", "'", "s", ",", ".",
    "!", "3", "##1", "14", "中", "国", "人", "中国", "中国人", "我", "爱", "北", "京", "北京", "天", "安", "门",
    "天安门", "，", "。", "！", "a", "b", "##b", "##a", "ab", "ｆ", "##ｕ", "##ｌ", "+", "-", "1", "##4",
]


def write_vocab(path: Path, tokens: list[str]) -> Path:
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_vocab(tmp_path: Path) -> Path:
    return write_vocab(tmp_path / "vocab.txt", SMALL_VOCAB)


@pytest.fixture
def tok(small_vocab: Path) -> Tokenizer:
    return Tokenizer.from_vocab_file(small_vocab)


# ---- vocab --------------------------------------------------------------------------------------------------


def test_vocab_ids_follow_bert4keras_rules(tmp_path: Path) -> None:
    # blank line -> "" token; a repeated token moves to the current size (and shares it with the next token)
    p = tmp_path / "v.txt"
    p.write_bytes("a extra fields\r\nb\rc\n\n  \na\nd\n".encode("utf-8"))
    d = load_vocab(p)
    assert d == {"a": 4, "b": 1, "c": 2, "": 4, "d": 4}
    v = Vocab.from_file(p)
    assert v.size == 5
    assert v.id_to_token == {4: "d", 1: "b", 2: "c"}  # later tokens win an id, as in bert4keras's inverse


def test_simplified_vocab_keeps_startswith_then_non_redundant(tmp_path: Path) -> None:
    p = write_vocab(tmp_path / "v.txt", ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "中", "中国", "##国", "ab", "a,", "##,", "x"])
    new, keep = load_vocab(p, simplified=True, startswith=["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
    # "[PAD]" etc. hold punctuation but come first; "中国", "##国"? (stem "国" is CJK, length 3 > 1) and "a,", "##," go
    assert list(new) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "中", "ab", "x"]
    assert keep == [0, 1, 2, 3, 4, 7, 10]


def test_special_ids_read_from_the_vocab(tmp_path: Path) -> None:
    bert = Tokenizer.from_vocab_file(write_vocab(tmp_path / "b.txt", ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]", "a"]))
    assert (bert.pad_id, bert.unk_id, bert.cls_id, bert.sep_id, bert.mask_id) == (0, 100, 101, 102, 103)
    simbert = Tokenizer.from_vocab_file(write_vocab(tmp_path / "s.txt", ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a"]))
    assert (simbert.pad_id, simbert.unk_id, simbert.cls_id, simbert.sep_id, simbert.mask_id) == (0, 1, 2, 3, None)
    assert simbert.vocab_size == 5
    assert simbert.token_to_id("zzz") == 1 and simbert.id_to_token(4) == "a"
    with pytest.raises(TokenizerError):
        simbert.id_to_token(99)


def test_no_unk_in_vocab_is_an_error_only_when_needed(tmp_path: Path) -> None:
    t = Tokenizer.from_vocab_file(write_vocab(tmp_path / "v.txt", ["[CLS]", "[SEP]", "a"]))
    assert t.encode("a") == ([0, 2, 1], [0, 0, 0])
    with pytest.raises(TokenizerError):
        t.encode("b")


# ---- tokenize / encode ----------------------------------------------------------------------------------------


def test_basic_rules(tok: Tokenizer) -> None:
    assert tok.tokenize("Hello, World!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"]
    assert tok.tokenize("unaffable") == ["[CLS]", "un", "##aff", "##able", "[SEP]"]
    # a word with an unmatched piece is one token, the word itself (its id is [UNK]'s)
    assert tok.tokenize("helloz") == ["[CLS]", "helloz", "[SEP]"]
    assert tok.encode("helloz")[0] == [2, 1, 3]
    # lower case, NFD, accents dropped; full-width Latin is not folded
    assert tok.tokenize("CAFÉ Naïve ｆｕｌｌ") == ["[CLS]", "cafe", "na", "##ive", "ｆ", "##ｕ", "##ｌ", "##ｌ", "[SEP]"]
    # CJK characters and punctuation split; zero-width and control characters vanish and join their neighbours
    assert tok.tokenize("我爱北京\u200b天安门！a\u0000b\ufffd") == ["[CLS]", "我", "爱", "北", "京", "天", "安", "门", "！", "ab", "[SEP]"]
    # U+2028 separates words (str.split), U+3000 and NBSP are spaces
    assert tok.tokenize("a\u2028b\u3000a\xa0b") == ["[CLS]", "a", "b", "a", "b", "[SEP]"]
    assert tok.tokenize("") == ["[CLS]", "[SEP]"]
    assert tok.tokenize(" \t\n ") == ["[CLS]", "[SEP]"]
    # words over 200 characters are one token
    assert tok.tokenize("ab" * 101) == ["[CLS]", "ab" * 101, "[SEP]"]
    assert tok.tokenize("ab" * 100)[1:3] == ["ab", "##a"]


def test_final_sigma_and_dotted_i(tmp_path: Path) -> None:
    t = Tokenizer.from_vocab_file(write_vocab(tmp_path / "v.txt", ["[UNK]", "[CLS]", "[SEP]", "σς", "i"]))
    assert t.tokenize("ΣΣ") == ["[CLS]", "σς", "[SEP]"]  # whole-text lower(): final sigma
    assert t.tokenize("İ") == ["[CLS]", "i", "[SEP]"]  # 'i' + U+0307, the mark dropped


def test_pair_encoding_and_truncation(tok: Tokenizer) -> None:
    ids, segs = tok.encode("中国人", "我爱北京")
    assert ids == [2, 24, 25, 26, 3, 29, 30, 31, 32, 3]
    assert segs == [0] * 5 + [1] * 5
    # maxlen: the longer sequence loses the token before its [SEP]; the pair may use maxlen in total
    ids, segs = tok.encode("中国人", "我爱北京", maxlen=7)
    assert ids == [2, 24, 25, 3, 29, 30, 3] and segs == [0, 0, 0, 0, 1, 1, 1]
    assert tok.encode("我爱北京天安门", maxlen=4) == ([2, 29, 30, 3], [0, 0, 0, 0])
    assert tok.tokenize("我爱北京天安门", maxlen=3) == ["[CLS]", "我", "[SEP]"]
    assert tok.tokenize("我爱", maxlen=1) == ["[SEP]"]
    with pytest.raises(TokenizerError):
        tok.encode("我爱", maxlen=0)


def _b4k_truncate(maxlen: int, *seqs: list[int]) -> list[list[int]]:
    """bert4keras's truncate_sequences(maxlen, -2, ...) (np.argmax: first longest)."""
    seqs_ = [list(s) for s in seqs if s]
    while True:
        lengths = [len(s) for s in seqs_]
        if sum(lengths) > maxlen:
            i = lengths.index(max(lengths))
            seqs_[i].pop(-2)
        else:
            return seqs_


@pytest.mark.parametrize("la", range(2, 9))
@pytest.mark.parametrize("lb", range(2, 9))
def test_truncation_closed_form_matches_the_loop(la: int, lb: int) -> None:
    a, b = list(range(la)), list(range(100, 100 + lb))
    for maxlen in range(-1, la + lb + 2):
        try:
            expect = _b4k_truncate(maxlen, a, b)
        except IndexError:
            with pytest.raises(TokenizerError):
                truncate.truncated_pair(maxlen, la, lb)
            continue
        na, nb = truncate.truncated_pair(maxlen, la, lb)
        assert [truncate.cut(a, na), truncate.cut(b, nb)] == expect
        try:
            single = _b4k_truncate(maxlen, a)
        except IndexError:
            with pytest.raises(TokenizerError):
                truncate.truncated_length(maxlen, la)
            continue
        assert [truncate.cut(a, truncate.truncated_length(maxlen, la))] == single


# ---- offsets --------------------------------------------------------------------------------------------------


def _clean(s: str) -> str:
    t = tables()
    return t.delete_re.sub("", normalize(s))


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World! 我爱北京天安门。",
        "  CAFÉ\u0301 naïve ",
        "e\u0301\u0301x a\u200bb\u200bc 中\u0000国",
        "한국어 ｆｕｌｌ 😀❤️ ΣΑΣ İstanbul",
        "\ufeffzero\u2060width\u00adsoft",
        "a" * 250 + " unaffable",
    ],
)
def test_offsets_point_into_the_original_text(tok: Tokenizer, text: str) -> None:
    enc = tok.encode_with_offsets(text)
    assert enc.tokens == tok.tokenize(text)
    assert enc.ids == tok.encode(text)[0]
    assert enc.offsets[0] == (0, 0) and enc.offsets[-1] == (0, 0)
    last_start = 0
    for token, (s, e) in zip(enc.tokens[1:-1], enc.offsets[1:-1]):
        assert 0 <= s < e <= len(text)
        assert s >= last_start
        last_start = s
        stem = token[2:] if token.startswith("##") else token
        assert stem in _clean(text[s:e]), (token, text[s:e])


def test_offsets_examples(tok: Tokenizer) -> None:
    enc = tok.encode_with_offsets("Hello,  unaffable 中国")
    assert enc.tokens == ["[CLS]", "hello", ",", "un", "##aff", "##able", "中", "国", "[SEP]"]
    assert enc.offsets == [(0, 0), (0, 5), (5, 6), (8, 10), (10, 13), (13, 17), (18, 19), (19, 20), (0, 0)]
    # a combining mark dropped by lower-casing stays with its token; deleted characters inside a word too
    enc = tok.encode_with_offsets("cafe\u0301 a\u200bb")
    assert enc.tokens == ["[CLS]", "cafe", "ab", "[SEP]"]
    assert enc.offsets[1:3] == [(0, 5), (6, 9)]
    # truncation keeps offsets aligned
    enc = tok.encode_with_offsets("我爱北京天安门", maxlen=4)
    assert enc.tokens == ["[CLS]", "我", "爱", "[SEP]"] and enc.offsets == [(0, 0), (0, 1), (1, 2), (0, 0)]


def test_normalize_with_map_matches_normalize() -> None:
    for text in ["ΣΑΣ ΣΑΣ.", "İİ", "a\u0301\u0316b", "\u1e0b\u0323", "한국", "x\U0001d165\U0001d16d\U0001d165y", "ǅ"]:
        norm, nmap = normalize_with_map(text)
        assert norm == normalize(text)
        assert len(nmap) == len(norm) and all(0 <= i < len(text) for i in nmap)


def test_normalize_matches_bert4keras_definition() -> None:
    def reference(text: str) -> str:
        text = unicodedata.normalize("NFD", text.lower())
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    for text in ["ÀÉÎõü", "ΣΑΣ", "Ｆｕｌｌ", "한국어", "e\u0301", "abc", ""]:
        assert normalize(text) == reference(text)


# ---- decode ---------------------------------------------------------------------------------------------------


def test_decode_rules(tok: Tokenizer) -> None:
    assert tok.decode(tok.encode("Hello, World!")[0]) == "hello, world!"
    assert tok.decode(tok.encode("我爱北京，天安门。")[0]) == "我爱北京，天安门。"
    assert tok.decode(tok.encode("unaffable 中国 hello")[0]) == "unaffable中国hello"
    assert tok.decode_tokens(["it", "'", "s", "3", ".", "14", "[UNK]", "[unused1]"]) == "it's 3.14"
    assert tok.decode_tokens(["a", "+", "b", "-", "1"]) == "a+b-1"
    assert tok.decode_tokens(["##", "x"]) == "x"  # bert4keras raises IndexError here; we do not
    assert tok.decode([]) == ""


# ---- jieba -----------------------------------------------------------------------------------------------------

JIEBA_SENTENCES = [
    "我爱北京天安门",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "iphone13和ipad air 2都是苹果公司的产品，售价3999元",
    "c++与c#哪个好？t恤、q币、k线图 x光",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "  前后有空格\r\n换行\r还有\t制表符\u3000全角空格 ",
    "南京市长江大桥,结婚的和尚未结婚的",
    "ＡＢＣ全角字母１２３和emoji😀以及日本語のかな、한국어",
    "",
    "a",
    "中",
]


def test_segmenter_equals_jieba_cut() -> None:
    from zoo_desktop.tokenizer.pretokenize import get_segmenter

    seg = get_segmenter(None, JIEBA_CACHE)
    jt = seg.jieba_tokenizer  # jieba's own cut over the same dictionary
    for s in JIEBA_SENTENCES:
        for text in (s, normalize(s)):
            assert seg.cut(text) == list(jt.cut(text, HMM=False)), text


def test_numpy_batch_route_equals_python_route(tmp_path: Path) -> None:
    from zoo_desktop.tokenizer import jieba_dp
    from zoo_desktop.tokenizer.pretokenize import assemble, get_segmenter

    seg = get_segmenter(None, JIEBA_CACHE)
    blocks = [b for s in JIEBA_SENTENCES for k, b in enumerate(seg.split_blocks(normalize(s))) if k & 1]
    blocks += ["长江大桥" * 30, "的的的的的的", "abc123中文xyz"]
    r = jieba_dp.routes(seg.arrays(), blocks)
    lengths = r.length.tolist()
    for b, start in zip(blocks, r.starts.tolist()):
        ends = [i + lengths[start + i] for i in range(len(b))]
        assert assemble(b, ends) == seg.cut_block(b), b


def test_jieba_tokenizer_keeps_vocab_words_whole(tmp_path: Path) -> None:
    vocab = write_vocab(tmp_path / "v.txt", SMALL_VOCAB + ["天安门广场", "杭研", "大厦"])
    t = Tokenizer.from_vocab_file(vocab, pre_tokenize="jieba", cache_dir=JIEBA_CACHE)
    plain = Tokenizer.from_vocab_file(vocab)
    assert t.tokenize("我爱北京天安门") == ["[CLS]", "我", "爱", "北京", "天安门", "[SEP]"]
    assert plain.tokenize("我爱北京天安门") == ["[CLS]", "我", "爱", "北", "京", "天", "安", "门", "[SEP]"]
    enc = t.encode_with_offsets("我爱北京天安门")
    assert enc.offsets[1:-1] == [(0, 1), (1, 2), (2, 4), (4, 7)]


def test_user_dictionary_changes_the_cut_and_is_shared(tmp_path: Path) -> None:
    from zoo_desktop.tokenizer import pretokenize

    vocab = write_vocab(tmp_path / "v.txt", SMALL_VOCAB + ["杭研大厦", "网易"])
    user = tmp_path / "user.txt"
    user.write_text("杭研大厦 50 nz\n云计算平台\n", encoding="utf-8")
    text = "他来到了网易杭研大厦"
    without = Tokenizer.from_vocab_file(vocab, pre_tokenize="jieba", cache_dir=JIEBA_CACHE)
    with_dict = Tokenizer.from_vocab_file(vocab, pre_tokenize="jieba", user_dict=user, cache_dir=JIEBA_CACHE)
    assert "杭研大厦" not in without.tokenize(text)
    assert "杭研大厦" in with_dict.tokenize(text)
    # identical to jieba itself with the same user dictionary
    seg = pretokenize.get_segmenter(user, JIEBA_CACHE)
    jt = seg.jieba_tokenizer
    assert jt is not pretokenize.get_segmenter(None, JIEBA_CACHE).jieba_tokenizer
    assert "杭研大厦" in jt.FREQ
    for s in JIEBA_SENTENCES + [text, "我们的云计算平台很好"]:
        assert seg.cut(normalize(s)) == list(jt.cut(normalize(s), HMM=False))
    # one segmenter per user dictionary, shared by tokenizers
    again = Tokenizer.from_vocab_file(vocab, pre_tokenize="jieba", user_dict=user, cache_dir=JIEBA_CACHE)
    again.encode(text)
    assert again._segmenter is with_dict._segmenter
    assert without._segmenter is not with_dict._segmenter
    with pytest.raises(ValueError):
        Tokenizer.from_vocab_file(vocab, user_dict=user)


def test_importing_and_constructing_is_lazy(tmp_path: Path) -> None:
    """Importing the package loads neither TensorFlow, bert4keras, jieba nor numpy; a jieba tokenizer loads
    jieba (a private instance, never jieba's global one) and creates its cache dir only on first use."""
    home = tmp_path / "home"
    vocab = write_vocab(tmp_path / "v.txt", SMALL_VOCAB)
    code = f"""
import json, sys
from pathlib import Path
import zoo_desktop.tokenizer as zt
heavy = ("tensorflow", "bert4keras", "jieba", "numpy")
out = {{"after_import": [m for m in heavy if m in sys.modules]}}
t = zt.Tokenizer.from_vocab_file({str(vocab)!r}, pre_tokenize="jieba")
plain = zt.Tokenizer.from_vocab_file({str(vocab)!r})
plain.encode("我爱北京 hello")
out["after_construct"] = [m for m in heavy if m in sys.modules]
cache = Path({str(home)!r}) / "cache" / "jieba"
out["cache_before"] = cache.exists()
ids = t.encode("我爱北京天安门")[0]
import jieba
out["after_use"] = [m for m in heavy if m in sys.modules]
out["cache_files"] = sorted(p.name for p in cache.iterdir())
out["global_jieba_initialized"] = jieba.dt.initialized
print(json.dumps(out))
"""
    env = {**os.environ, "ZOO_HOME": str(home), "PYTHONPATH": str(REPO)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["after_import"] == []
    assert out["after_construct"] == []
    assert out["cache_before"] is False
    assert "jieba" in out["after_use"] and "tensorflow" not in out["after_use"] and "bert4keras" not in out["after_use"]
    assert out["cache_files"] == ["zoo-jieba-0.42.1.chunks"]
    assert out["global_jieba_initialized"] is False
    assert "Building prefix dict" not in res.stderr  # jieba's debug chatter is silenced


# ---- batch path --------------------------------------------------------------------------------------------------


def test_encode_batch_equals_encode(tok: Tokenizer, tmp_path: Path) -> None:
    texts = (JIEBA_SENTENCES + ["Hello, World! unaffable", "CAFÉ ｆｕｌｌ 한국어 😀 \U00020000\U0002a700", "\x00\u200b"]) * 4
    for maxlen in (None, 5):
        assert tok.encode_batch(texts, maxlen=maxlen) == [tok.encode(t, maxlen=maxlen) for t in texts]
    vocab = write_vocab(tmp_path / "v.txt", SMALL_VOCAB + ["天安门广场", "网易", "大厦", "科学院", "c++", "t恤"])
    jt = Tokenizer.from_vocab_file(vocab, pre_tokenize="jieba", cache_dir=JIEBA_CACHE)
    expect = [jt.encode(t) for t in texts]
    jt.clear_caches()
    assert jt.encode_batch(texts) == expect
    # a text holding the batch separator falls back to per-text encoding
    odd = texts + ["a\u2029b"]
    assert jt.encode_batch(odd) == expect + [jt.encode("a\u2029b")]


def test_bounded_cache_clears_when_full() -> None:
    calls = []
    c: BoundedCache[int, int] = BoundedCache(lambda k: calls.append(k) or k * 2, maxsize=3)
    assert [c[i] for i in (1, 2, 3, 1)] == [2, 4, 6, 2]
    assert calls == [1, 2, 3]
    c[4]
    assert len(c) == 1 and calls == [1, 2, 3, 4]


def test_for_family_picks_jieba(small_vocab: Path, tmp_path: Path) -> None:
    for family, pre in [("bert", None), ("simbert", None), ("wobert", "jieba"), ("t5", "jieba")]:
        assert Tokenizer.for_family(small_vocab, family, cache_dir=tmp_path).pre_tokenize == pre
