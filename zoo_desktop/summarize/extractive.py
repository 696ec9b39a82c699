"""A built-in extractive summarizer that needs no model.

Sentences are nodes of a graph whose edge weights are BM25 (or TextRank) similarities between
their jieba tokens (HMM off, stopwords and punctuation dropped); PageRank (numpy power iteration)
ranks them, and the best-ranked sentences are taken until the length budget is spent, then put
back in document order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from zoo_desktop.summarize import _jieba
from zoo_desktop.summarize.sentences import Sentence, split_sentences
from zoo_desktop.summarize.stopwords import STOPWORDS

__all__ = ["ExtractiveSummary", "summarize_extractive", "lead_baseline", "pagerank", "fit_to_length"]

# Where a sentence may be cut short when it does not fit: after a clause.
_CLAUSE_BREAKS = frozenset("，,、；;：:")


@dataclass(frozen=True)
class ExtractiveSummary:
    text: str
    sentence_indices: tuple[int, ...]  # indices into split_sentences(source), in document order
    method: str = "extractive"
    truncated: bool = False  # the last sentence was cut to fit max_chars


# --------------------------------------------------------------------------------------------
# Tokens and similarity
# --------------------------------------------------------------------------------------------


def _is_content(token: str) -> bool:
    if not token or token.isspace() or token in STOPWORDS:
        return False
    for ch in token:
        cat = unicodedata.category(ch)
        if cat[0] in "LN":  # a letter or digit somewhere: a word
            break
    else:
        return False  # punctuation / symbols only
    if token.isdigit() or (len(token) == 1 and token.isascii()):
        return False
    return True


def _tokens(text: str) -> list[str]:
    return [t for t in (w.strip().lower() for w in _jieba.cut(text)) if _is_content(t)]


def _bm25_matrix(docs: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> np.ndarray:
    """W[i, j] = BM25 score of sentence j for the query made of sentence i's tokens."""
    n = len(docs)
    w = np.zeros((n, n))
    lengths = [len(d) for d in docs]
    avgdl = (sum(lengths) / n) if n else 0.0
    if avgdl == 0:
        return w
    df: Counter = Counter()
    for d in docs:
        df.update(set(d))
    idf = {t: math.log((n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    positive = [v for v in idf.values() if v > 0]
    floor = epsilon * (sum(idf.values()) / len(idf)) if idf else 0.0
    if floor <= 0:
        floor = epsilon * (sum(positive) / len(positive)) if positive else epsilon
    idf = {t: (v if v > 0 else floor) for t, v in idf.items()}
    tfs = [Counter(d) for d in docs]
    for j, tf in enumerate(tfs):
        norm = k1 * (1 - b + b * lengths[j] / avgdl)
        for i, query in enumerate(docs):
            if i == j:
                continue
            score = 0.0
            for t in set(query):
                f = tf.get(t, 0)
                if f:
                    score += idf[t] * f * (k1 + 1) / (f + norm)
            w[i, j] = score
    return w


def _textrank_matrix(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Mihalcea & Tarau's similarity: shared words / (log|Si| + log|Sj|)."""
    n = len(docs)
    w = np.zeros((n, n))
    sets = [set(d) for d in docs]
    for i in range(n):
        for j in range(i + 1, n):
            overlap = len(sets[i] & sets[j])
            denom = math.log(len(docs[i]) + 1) + math.log(len(docs[j]) + 1)
            if overlap and denom > 0:
                w[i, j] = w[j, i] = overlap / denom
    return w


def pagerank(
    weights: np.ndarray,
    damping: float = 0.85,
    personalization: np.ndarray | None = None,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> np.ndarray:
    """PageRank over a weighted directed graph, W[i, j] = weight of the edge i -> j.

    Rows without outgoing weight jump by the personalization vector (uniform by default).
    Returns scores summing to 1.
    """
    w = np.asarray(weights, dtype=float)
    n = w.shape[0]
    if n == 0:
        return np.zeros(0)
    if personalization is None:
        v = np.full(n, 1.0 / n)
    else:
        v = np.asarray(personalization, dtype=float)
        v = v / v.sum()
    out = w.sum(axis=1)
    dangling = out <= 0
    p = np.divide(w, out[:, None], out=np.zeros_like(w), where=~dangling[:, None])
    r = v.copy()
    for _ in range(max_iter):
        new = damping * (r @ p + r[dangling].sum() * v) + (1 - damping) * v
        if np.abs(new - r).sum() < tol:
            r = new
            break
        r = new
    return r / r.sum()


# --------------------------------------------------------------------------------------------
# Fitting text into a length budget
# --------------------------------------------------------------------------------------------


def fit_to_length(text: str, max_chars: int) -> str:
    """`text` cut to at most `max_chars` characters, after a clause where that keeps most of it."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    lo = int(max_chars * 0.6)
    for k in range(len(cut) - 1, lo - 1, -1):
        if cut[k] in _CLAUSE_BREAKS and cut[:k].strip():
            return cut[:k].rstrip()
    return cut


def _assemble(
    source_sentences: Sequence[Sentence], chosen: Sequence[int], max_chars: int
) -> tuple[str, tuple[int, ...], bool]:
    """Join the chosen sentences in document order; cut the text to `max_chars` if needed."""
    order = tuple(sorted(chosen))
    text = "".join(source_sentences[i].text for i in order)
    fitted = fit_to_length(text, max_chars)
    return fitted, order, fitted != text


# --------------------------------------------------------------------------------------------
# Headline mode: when even the best sentence is longer than the budget
# --------------------------------------------------------------------------------------------

# A structured abstract's section label at the start of a sentence: "目的 …", "【摘要】…", "结论:…".
_LABEL = re.compile(
    r"^\s*[\[【〔(（]?\s*(?:摘\s*要|目\s*的|方\s*法|结\s*果|结\s*论|背\s*景|意\s*义|目\s*标|对\s*象|"
    r"材料与方法|资料与方法|研究目的|研究方法|研究结果|研究结论|abstract|objective|purpose|methods?|results?|conclusions?|background)"
    r"\s*[\]】〕)）]?\s*(?:[:：]\s*|\s+|(?<=[\]】〕)）]))",
    re.IGNORECASE,
)
# Words that open a clause without saying what it is about ("本文研究了…", "通过…", "针对…").
_LEADING_FILLER = frozenset(
    """本文 文章 本研究 该文 文中 作者 笔者 我们 本 该 文 通过 针对 为了 为 对 对于 关于 以 在 从 就 根据 基于 依据
    利用 采用 运用 结合 首先 主要 旨在 研究 研究了 探讨 探讨了 分析 分析了 介绍 介绍了 综述 综述了 提出 提出了
    论述 论述了 阐述 阐述了 讨论 讨论了 总结 总结了 报道 报道了 观察 观察了 考察 考察了 描述 描述了 了 并 和 及 与 其
    进行 是 将 从而 以及 即""".split()
)
_TRAILING_FILLER = frozenset("的 了 和 及 与 或 等 之 而 并".split())


@dataclass(frozen=True)
class _Clause:
    sentence: int
    start: int  # offsets into the source text, after trimming filler at both edges
    end: int
    raw_end: int  # end before trimming (the clause punctuation included)


def _is_punct_or_space(token: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PSZ" for ch in token)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of text[start:end] without leading filler words and trailing function words/punctuation."""
    tokens = list(_jieba.cut(text[start:end]))
    offsets = []
    pos = start
    for t in tokens:
        offsets.append((pos, pos + len(t)))
        pos += len(t)
    i, j = 0, len(tokens)
    while i < j - 1 and (_is_punct_or_space(tokens[i]) or tokens[i] in _LEADING_FILLER):
        i += 1
    while j > i + 1 and (_is_punct_or_space(tokens[j - 1]) or tokens[j - 1] in _TRAILING_FILLER):
        j -= 1
    if i >= j:
        return start, end
    return offsets[i][0], offsets[j - 1][1]


def _clauses(text: str, sentences: Sequence[Sentence]) -> list[_Clause]:
    clauses: list[_Clause] = []
    for si, s in enumerate(sentences):
        start = s.start
        m = _LABEL.match(s.text)
        if m and m.end() < len(s.text):
            start = s.start + m.end()
        k = start
        for pos in range(start, s.end):
            if text[pos] in _CLAUSE_BREAKS and pos + 1 < s.end:
                if text[k:pos].strip():
                    clauses.append(_Clause(si, *_trim(text, k, pos + 1), raw_end=pos + 1))
                k = pos + 1
        if text[k : s.end].strip():
            clauses.append(_Clause(si, *_trim(text, k, s.end), raw_end=s.end))
    return clauses


def _headline(
    text: str, sentences: Sequence[Sentence], max_chars: int, similarity: str, position_bias: float
) -> tuple[str, int]:
    """The most central clause (extended by the clauses after it in its sentence while they fit)."""
    clauses = _clauses(text, sentences)
    if not clauses:
        return fit_to_length(sentences[0].text, max_chars), 0
    docs = [_tokens(text[c.start : c.end]) for c in clauses]
    scores = _rank(docs, similarity, position_bias)
    best = int(np.argmax(scores))
    first = clauses[best]
    end = first.end
    for nxt in clauses[best + 1 :]:
        if nxt.sentence != first.sentence or nxt.end - first.start > max_chars:
            break
        end = nxt.end
    return fit_to_length(text[first.start : end], max_chars), first.sentence


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _rank(docs: Sequence[Sequence[str]], similarity: str, position_bias: float) -> np.ndarray:
    n = len(docs)
    if similarity == "bm25":
        w = _bm25_matrix(docs)
    elif similarity == "textrank":
        w = _textrank_matrix(docs)
    else:
        raise ValueError(f"unknown similarity {similarity!r}: use 'bm25' or 'textrank'")
    personalization = None
    if position_bias > 0:
        personalization = np.array([1.0 / (i + 1) ** position_bias for i in range(n)])
    return pagerank(w, personalization=personalization)


def rank_sentences(
    sentences: Sequence[Sentence], *, similarity: str = "bm25", position_bias: float = 1.0
) -> np.ndarray:
    """PageRank centrality of each sentence (sums to 1); `position_bias` > 0 favours early ones."""
    if not sentences:
        return np.zeros(0)
    return _rank([_tokens(s.text) for s in sentences], similarity, position_bias)


def lead_baseline(text: str, max_chars: int = 120) -> ExtractiveSummary:
    """The first sentences, as many as fit in `max_chars` (the first one cut to fit if it alone is too long)."""
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    sentences = split_sentences(text)
    if not sentences:
        return ExtractiveSummary("", (), method="lead")
    chosen = [0]
    total = len(sentences[0].text)
    for i in range(1, len(sentences)):
        if total + len(sentences[i].text) > max_chars:
            break
        chosen.append(i)
        total += len(sentences[i].text)
    summary, order, truncated = _assemble(sentences, chosen, max_chars)
    return ExtractiveSummary(summary, order, method="lead", truncated=truncated)


def summarize_extractive(
    text: str,
    *,
    max_chars: int = 120,
    max_sentences: int | None = None,
    similarity: str = "bm25",
    position_bias: float = 1.0,
    headline_similarity: str = "textrank",
    headline_position_bias: float = 1.0,
) -> ExtractiveSummary:
    """The most central sentences of `text` that fit in `max_chars` characters, in document order.

    Sentences are ranked by PageRank over a BM25 (or TextRank, `similarity`) sentence graph,
    with a prior towards early sentences (`position_bias`, 0 for none). The best-ranked sentence
    is taken, then lower-ranked ones while they fit, up to `max_sentences`.

    When even the best sentence is longer than `max_chars` (a headline-sized budget), the same
    ranking is run over clauses instead: the most central clause, without a structured abstract's
    label ("目的", "结论:") or opening filler ("本文研究了", "通过"), extended by the clauses
    after it in its sentence while they fit, and cut after a clause (or hard) if still too long.
    The summary is always a contiguous piece of each chosen sentence; empty text gives "".
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    if max_sentences is not None and max_sentences <= 0:
        raise ValueError("max_sentences must be positive")
    sentences = split_sentences(text)
    if not sentences:
        return ExtractiveSummary("", ())
    if len(sentences) == 1:
        ranking = [0]
    else:
        scores = rank_sentences(sentences, similarity=similarity, position_bias=position_bias)
        ranking = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    if len(sentences[ranking[0]].text) > max_chars:
        summary, index = _headline(text, sentences, max_chars, headline_similarity, headline_position_bias)
        return ExtractiveSummary(summary, (index,), truncated=True)
    chosen = [ranking[0]]
    total = len(sentences[ranking[0]].text)
    for i in ranking[1:]:
        if max_sentences is not None and len(chosen) >= max_sentences:
            break
        if total + len(sentences[i].text) <= max_chars:
            chosen.append(i)
            total += len(sentences[i].text)
    summary, order, truncated = _assemble(sentences, chosen, max_chars)
    return ExtractiveSummary(summary, order, truncated=truncated)
