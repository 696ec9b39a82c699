"""Parity with bert4keras 0.11.5 on generated input (hypothesis) and on a corpus written here.

Arbitrary Unicode (full-width forms, combining marks, emoji, kana, Hangul, control and format characters,
U+FFFD, separators), very long words, empty and whitespace-only strings, mixed Latin and Chinese; with and
without jieba; tokens, ids, decode, truncation, pairs, the batch path, and vocab files themselves.
These need no shared data: the vocab is written here (the real BERT vocab is added where ../shared/data exists).
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoo_desktop.tokenizer import Tokenizer, TokenizerError, load_vocab

pytestmark = pytest.mark.tf

REPO = Path(__file__).resolve().parents[1]
BERT_VOCAB = REPO.parent / "shared" / "data" / "bert_chinese_vocab.txt"
JIEBA_CACHE = Path(tempfile.gettempdir()) / "zoo-desktop-tests-jieba"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CJK = "我爱北京天安门中国人民大学生活动物理解放军事实现在一起来到了网易杭研大厦的是不有这个们和"
KANA = "ひらがなカタカナーッ"
SPECIAL_PIECES = [
    "ＡＢＣ１２３！？（）",  # full-width forms (not folded: no NFKC)
    "e\u0301", "\u0300\u0301", "ü", "Å", "ﬁ", "ǅ", "İ", "ΣΑΣ σ", "ß", "ẞ",  # case and combining marks
    "😀", "👍🏽", "❤️", "👨\u200d👩\u200d👧", "🇨🇳",  # emoji, ZWJ, variation selector, flags
    KANA, "한국어", "\u1100\u1161",  # kana, Hangul (NFD -> jamo)
    "\x00", "\x01", "\x1f", "\x7f", "\x85", "\x0b\x0c", "\x1c\x1d\x1e",  # controls (some are str whitespace)
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",  # format characters
    "\ufffd", "\u2028", "\u2029", "\u3000", "\xa0", "\u2009", "\t", "\n", "\r\n", "\r",  # spaces and separators
    "[UNK]", "[CLS]", "[unused1]", "##", "##ab", "' s ", "3.14", "can't", "a.b", "1. 2. 3",
    "iPhone13和iPad", "c++与c#", "t恤", "Q币", "ＫＴＶ", "\U00020000\U0002a700", "\U0001d165\U0001d16d",
]

SMALL_VOCAB = (
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ""]
    + list(string.ascii_lowercase + string.digits + string.punctuation)
    + ["##" + c for c in string.ascii_lowercase + string.digits]
    + ["ab", "##ab", "abc", "##bc", "the", "##re", "can", "t", "s", "iphone", "##13", "ipad", "c++", "t恤", "q币"]
    + list(CJK) + ["北京", "天安门", "中国", "人民", "大学生", "网易", "杭研", "大厦", "一起", "来到", "实现", "现在"]
    + list(KANA[:4]) + ["##" + c for c in KANA[4:]] + list("ａｂｃ１２３，。！？（）、") + ["σας", "i", "ü"]
)

# a corpus that always runs (mixed scripts, spacing, jieba-sensitive phrases)
CORPUS = [
    "我爱北京天安门！Hello, World.",
    "他来到了网易杭研大厦 iPhone13和iPad Air 2，售价3999元。",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "南京市长江大桥,结婚的和尚未结婚的 c++与c# t恤 Q币 K线图",
    "  前后空格\r\n换行\t制表\u3000全角空格\xa0不换行 ",
    "ＡＢＣ全角ｆｕｌｌ１２３和emoji😀👍🏽❤️以及日本語のかなカタカナ、한국어",
    "CAFÉ naïve İstanbul ΣΑΣ straße ﬁ e\u0301\u0301",
    "zero\u200bwidth\u200cjoin\u200d\ufeffbom\u00adsoft\x00nul\ufffdrepl\x07bell\x85nel",
    "I can't, you're, it's 3.14 and 1. 2. 3 a+b=c (x<y) [z] {w}",
    "a" * 199 + " " + "b" * 200 + " " + "c" * 201 + " " + "中" * 300,
    "",
    " ",
    "\t\n\r\u2028\u2029",
]


def text_strategy(alphabet_weight: str = "mixed") -> st.SearchStrategy[str]:
    pieces = st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
        st.sampled_from(SPECIAL_PIECES),
        st.text(alphabet=CJK + KANA + "，。！？、 ", max_size=20),
        st.text(alphabet=string.ascii_letters + string.digits + " '.,+-#", max_size=20),
        st.text(alphabet="ab", min_size=190, max_size=215),  # around word_maxlen = 200
        st.text(alphabet=" \t\n\r\u3000\xa0\u2028", max_size=3),
    )
    return st.lists(pieces, max_size=6).map("".join)


TEXT = text_strategy()


@pytest.fixture(scope="module")
def b4k() -> Any:
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    import jieba
    from bert4keras import tokenizers

    jieba.setLogLevel(60)
    return tokenizers


@pytest.fixture(scope="module")
def vocab_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("fuzz-vocab")
    small = d / "small.txt"
    small.write_text("\n".join(SMALL_VOCAB) + "\n", encoding="utf-8")
    files = {"small": small}
    if BERT_VOCAB.is_file():
        files["bert"] = BERT_VOCAB
    return files


@pytest.fixture(scope="module")
def pairs(b4k: Any, vocab_files: dict[str, Path]) -> list[tuple[str, Any, Tokenizer]]:
    """(label, bert4keras tokenizer, ours) for each vocab, without and with jieba."""
    import jieba

    def cut(s: str) -> Any:
        return jieba.cut(s, HMM=False)

    out = []
    for name, path in vocab_files.items():
        for pre in (None, "jieba"):
            ref = b4k.Tokenizer(str(path), do_lower_case=True, pre_tokenize=cut if pre else None)
            ours = Tokenizer.from_vocab_file(path, pre_tokenize=pre, cache_dir=JIEBA_CACHE)
            out.append((f"{name}-{pre}", ref, ours))
    return out


def _same_or_both_fail(ref_call: Any, our_call: Any) -> None:
    try:
        expected = ref_call()
    except IndexError:  # bert4keras's truncation pops from a one-token sequence
        with pytest.raises(TokenizerError):
            our_call()
        return
    assert our_call() == expected


def check_text(pairs: list[tuple[str, Any, Tokenizer]], text: str, other: str = "", maxlen: int = 5) -> None:
    for label, ref, ours in pairs:
        tokens = ref.tokenize(text)
        assert ours.tokenize(text) == tokens, label
        ids, segs = ref.encode(text)
        assert ours.encode(text) == (ids, segs), label
        enc = ours.encode_with_offsets(text)
        assert (enc.tokens, enc.ids) == (tokens, ids), label
        assert ours.decode(ids) == ref.decode(ids), label
        _same_or_both_fail(lambda: ref.encode(text, maxlen=maxlen), lambda: ours.encode(text, maxlen=maxlen))
        _same_or_both_fail(lambda: ref.tokenize(text, maxlen=maxlen), lambda: ours.tokenize(text, maxlen=maxlen))
        assert ours.encode(text, other) == ref.encode(text, other), label
        _same_or_both_fail(
            lambda: ref.encode(text, other, maxlen=maxlen), lambda: ours.encode(text, other, maxlen=maxlen)
        )


def test_written_corpus(pairs: list[tuple[str, Any, Tokenizer]]) -> None:
    for i, text in enumerate(CORPUS):
        for maxlen in (1, 2, 3, 8, 30):
            check_text(pairs, text, CORPUS[(i + 1) % len(CORPUS)], maxlen)
    for label, ref, ours in pairs:
        ours.clear_caches()
        texts = CORPUS * 4
        assert ours.encode_batch(texts) == [ref.encode(t) for t in texts], label


@FUZZ
@given(text=TEXT, other=TEXT, maxlen=st.integers(-1, 40))
def test_fuzzed_text(pairs: list[tuple[str, Any, Tokenizer]], text: str, other: str, maxlen: int) -> None:
    check_text(pairs, text, other, maxlen)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=32, max_size=48), maxlen=st.one_of(st.none(), st.integers(1, 24)))
def test_fuzzed_batches(pairs: list[tuple[str, Any, Tokenizer]], texts: list[str], maxlen: int | None) -> None:
    for label, ref, ours in pairs:
        expected = []
        for t in texts:
            try:
                expected.append(ref.encode(t, maxlen=maxlen))
            except IndexError:  # pragma: no cover - maxlen >= 1 never fails
                raise
        assert ours.encode_batch(texts, maxlen=maxlen) == expected, label


@FUZZ
@given(ids=st.lists(st.integers(0, len(SMALL_VOCAB) - 1), max_size=30))
def test_fuzzed_decode(pairs: list[tuple[str, Any, Tokenizer]], ids: list[int]) -> None:
    label, ref, ours = pairs[0]
    try:
        expected = ref.decode(ids)
    except (IndexError, KeyError):  # an empty or bare "##" token after nothing, or an id the vocab lost
        return
    assert ours.decode(ids) == expected


VOCAB_LINE = st.one_of(
    st.sampled_from(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "##a", "ab", "中", "中国", "", " ", "\t", "b c"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=6),
)


@FUZZ
@given(lines=st.lists(VOCAB_LINE, max_size=25), newline=st.sampled_from(["\n", "\r\n", "\r"]), text=TEXT)
def test_fuzzed_vocab_files(b4k: Any, lines: list[str], newline: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "vocab.txt"
        path.write_bytes(newline.join(lines).encode("utf-8"))
        expected = b4k.load_vocab(str(path))
        assert load_vocab(path) == expected
        start = [t for t in ("[PAD]", "[UNK]") if t in expected]
        assert load_vocab(path, simplified=True, startswith=start) == b4k.load_vocab(
            str(path), simplified=True, startswith=start
        )
        ref = b4k.Tokenizer(str(path), do_lower_case=True)
        ours = Tokenizer.from_vocab_file(path)
        assert ours.vocab_size == ref._vocab_size
        try:
            expected_ids = ref.encode(text)
        except AttributeError:  # no [UNK] (or [CLS]/[SEP]) where bert4keras needs one
            with pytest.raises(TokenizerError):
                ours.encode(text)
            return
        assert ours.encode(text) == expected_ids
        assert ours.tokenize(text) == ref.tokenize(text)
