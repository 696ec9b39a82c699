"""Evaluation metrics, pure Python, no third-party imports.

Generation metrics reproduce T5 PEGASUS's ``finetune.py`` (ZhuiyiTechnology/t5-pegasus) exactly::

    title = ' '.join(title).lower()
    pred_title = ' '.join(pred).lower()
    if pred_title.strip():
        scores = Rouge().get_scores(hyps=pred_title, refs=title)          # rouge==1.0.1
        rouge_1 += scores[0]['rouge-1']['f'] ...
        bleu += sentence_bleu(references=[title.split(' ')],              # nltk
                              hypothesis=pred_title.split(' '),
                              smoothing_function=SmoothingFunction().method1)
    ... each sum divided by the number of examples (blank predictions count as 0)

The ``rouge`` and ``nltk`` formulas are replicated here rather than imported, so the app needs
neither at run time; the tests compare against both packages when they are installed.

Two quirks of ``rouge`` 1.0.1 that matter and are kept on purpose:

* the text is cut into "sentences" at every ``.`` character, each piece's whitespace is collapsed,
  and pieces that were non-empty before collapsing are kept (so a piece of only spaces becomes the
  word ``''``);
* n-grams and words are counted as *sets* (``exclusive=True``): repeated n-grams count once, and
  ROUGE-L is the number of distinct words in the union of the LCSs of every (reference sentence,
  hypothesis sentence) pair, divided by the number of distinct words on each side.

Classification metrics (accuracy, per-class precision/recall/F1) are at the end.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence

__all__ = [
    "RougeScore",
    "GenerationScores",
    "ClassScores",
    "ClassificationReport",
    "char_join",
    "rouge_sentences",
    "rouge_n",
    "rouge_l",
    "rouge_scores",
    "sentence_bleu",
    "score_pair",
    "evaluate_generation",
    "accuracy",
    "classification_report",
]

_ROUGE_EPS = 1e-8  # rouge 1.0.1 adds this to the F-measure's denominator
_BLEU_WEIGHTS = (0.25, 0.25, 0.25, 0.25)
_BLEU_EPSILON = 0.1  # nltk SmoothingFunction(epsilon=0.1).method1


# --------------------------------------------------------------------------------------------
# ROUGE (rouge==1.0.1 semantics)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RougeScore:
    f: float
    p: float
    r: float


def char_join(text: str) -> str:
    """How finetune.py turns a title into "words": one per character, lower-cased."""
    return " ".join(text).lower()


def rouge_sentences(text: str) -> list[str]:
    """`rouge.Rouge._get_scores`' preprocessing: split at '.', collapse whitespace."""
    return [" ".join(piece.split()) for piece in text.split(".") if len(piece) > 0]


def _words(sentences: Sequence[str]) -> list[str]:
    # rouge_score._split_into_words: split on a single space, so "" gives [""].
    words: list[str] = []
    for s in sentences:
        words.extend(s.split(" "))
    return words


def _ngram_set(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _f_measure(p: float, r: float) -> float:
    return 2.0 * ((p * r) / (p + r + _ROUGE_EPS))


def _rouge_n_sentences(hyp: Sequence[str], ref: Sequence[str], n: int) -> RougeScore:
    if len(hyp) <= 0:
        raise ValueError("Hypothesis is empty.")
    if len(ref) <= 0:
        raise ValueError("Reference is empty.")
    hyp_ngrams = _ngram_set(_words(hyp), n)
    ref_ngrams = _ngram_set(_words(ref), n)
    overlap = len(hyp_ngrams & ref_ngrams)
    p = 0.0 if not hyp_ngrams else overlap / len(hyp_ngrams)
    r = 0.0 if not ref_ngrams else overlap / len(ref_ngrams)
    return RougeScore(f=_f_measure(p, r), p=p, r=r)


def _lcs_words(x: Sequence[str], y: Sequence[str]) -> list[str]:
    """The LCS of x and y as `rouge_score._recon_lcs` reconstructs it (same tie-breaking)."""
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return []
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        xi = x[i - 1]
        row, prev = table[i], table[i - 1]
        for j in range(1, m + 1):
            if xi == y[j - 1]:
                row[j] = prev[j - 1] + 1
            else:
                a, b = prev[j], row[j - 1]
                row[j] = a if a > b else b
    out: list[str] = []
    i, j = n, m
    while i > 0 and j > 0:
        if x[i - 1] == y[j - 1]:
            out.append(x[i - 1])
            i -= 1
            j -= 1
        elif table[i - 1][j] > table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def _rouge_l_sentences(hyp: Sequence[str], ref: Sequence[str]) -> RougeScore:
    if len(hyp) <= 0 or len(ref) <= 0:
        raise ValueError("Collections must contain at least 1 sentence.")
    m = len(set(_words(ref)))
    n = len(set(_words(hyp)))
    union: set[str] = set()
    hyp_words = [_words([s]) for s in hyp]
    for ref_s in ref:
        ref_words = _words([ref_s])
        for eval_words in hyp_words:
            union.update(_lcs_words(ref_words, eval_words))
    llcs = len(union)
    r = llcs / m
    p = llcs / n
    return RougeScore(f=_f_measure(p, r), p=p, r=r)


def rouge_n(hyp: str, ref: str, n: int) -> RougeScore:
    """ROUGE-N of two already-tokenised strings (words separated by spaces), as `rouge` computes it.

    Raises ValueError, as `rouge` does, when either side has no sentence (empty, or only dots).
    """
    return _rouge_n_sentences(rouge_sentences(hyp), rouge_sentences(ref), n)


def rouge_l(hyp: str, ref: str) -> RougeScore:
    """Summary-level ROUGE-L as `rouge` 1.0.1 computes it (see the module docstring)."""
    return _rouge_l_sentences(rouge_sentences(hyp), rouge_sentences(ref))


def rouge_scores(hyp: str, ref: str) -> dict[str, RougeScore]:
    """`Rouge().get_scores(hyps=hyp, refs=ref)[0]` with RougeScore values."""
    h, r = rouge_sentences(hyp), rouge_sentences(ref)
    return {
        "rouge-1": _rouge_n_sentences(h, r, 1),
        "rouge-2": _rouge_n_sentences(h, r, 2),
        "rouge-l": _rouge_l_sentences(h, r),
    }


# --------------------------------------------------------------------------------------------
# BLEU (nltk.translate.bleu_score.sentence_bleu, default weights, SmoothingFunction().method1)
# --------------------------------------------------------------------------------------------


def _ngram_counts(tokens: Sequence[str], n: int) -> Counter:
    if len(tokens) < n:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def sentence_bleu(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """BLEU-4 of one hypothesis against one reference, smoothed with Chen & Cherry's method 1."""
    numerators: list[int] = []
    denominators: list[int] = []
    for n in range(1, len(_BLEU_WEIGHTS) + 1):
        counts = _ngram_counts(hypothesis, n)
        ref_counts = _ngram_counts(reference, n)
        numerators.append(sum(min(c, ref_counts[g]) for g, c in counts.items()))
        denominators.append(max(1, sum(counts.values())))
    if numerators[0] == 0:
        return 0.0
    hyp_len, ref_len = len(hypothesis), len(reference)
    if hyp_len > ref_len:
        bp: float = 1
    elif hyp_len == 0:
        bp = 0
    else:
        bp = math.exp(1 - ref_len / hyp_len)
    precisions = [
        (num + _BLEU_EPSILON) / den if num == 0 else num / den
        for num, den in zip(numerators, denominators)
    ]
    s = math.fsum(w * math.log(p) for w, p in zip(_BLEU_WEIGHTS, precisions) if p > 0)
    return bp * math.exp(s)


# --------------------------------------------------------------------------------------------
# Data-set level, as finetune.py's Evaluator.evaluate
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GenerationScores:
    """Means over the data set, in percent (0-100), as the T5 PEGASUS README reports them."""

    rouge_1: float
    rouge_2: float
    rouge_l: float
    bleu: float
    count: int

    def as_dict(self) -> dict[str, float]:
        return {"rouge-1": self.rouge_1, "rouge-2": self.rouge_2, "rouge-l": self.rouge_l, "bleu": self.bleu}


def score_pair(prediction: str, reference: str) -> dict[str, float]:
    """The four per-example scores (fractions 0-1) that finetune.py adds up for one example.

    A blank prediction scores 0 everywhere, as finetune.py skips it. A prediction made only of
    dots and spaces makes `rouge` raise (and finetune.py crash); here its ROUGE is 0 and its
    BLEU is computed as usual. An empty reference raises ValueError.
    """
    ref = char_join(reference)
    pred = char_join(prediction)
    zero = {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0, "bleu": 0.0}
    if not pred.strip():
        return zero
    ref_sents = rouge_sentences(ref)
    if not ref_sents:
        raise ValueError(f"the reference {reference!r} is empty")
    hyp_sents = rouge_sentences(pred)
    out = dict(zero)
    if hyp_sents:
        out["rouge-1"] = _rouge_n_sentences(hyp_sents, ref_sents, 1).f
        out["rouge-2"] = _rouge_n_sentences(hyp_sents, ref_sents, 2).f
        out["rouge-l"] = _rouge_l_sentences(hyp_sents, ref_sents).f
    out["bleu"] = sentence_bleu(ref.split(" "), pred.split(" "))
    return out


def evaluate_generation(predictions: Iterable[str], references: Iterable[str]) -> GenerationScores:
    """ROUGE-1/2/L F and BLEU averaged over a data set, in percent, exactly as finetune.py."""
    preds = list(predictions)
    refs = list(references)
    if len(preds) != len(refs):
        raise ValueError(f"{len(preds)} predictions for {len(refs)} references")
    if not refs:
        raise ValueError("nothing to evaluate: no examples")
    totals = {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0, "bleu": 0.0}
    for pred, ref in zip(preds, refs):
        for key, value in score_pair(pred, ref).items():
            totals[key] += value
    count = len(refs)
    return GenerationScores(
        rouge_1=100.0 * totals["rouge-1"] / count,
        rouge_2=100.0 * totals["rouge-2"] / count,
        rouge_l=100.0 * totals["rouge-l"] / count,
        bleu=100.0 * totals["bleu"] / count,
        count=count,
    )


# --------------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------------


def accuracy(y_true: Sequence[Hashable], y_pred: Sequence[Hashable]) -> float:
    """Fraction (0-1) of predictions equal to the label."""
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_pred)} predictions for {len(y_true)} labels")
    if not y_true:
        raise ValueError("nothing to evaluate: no examples")
    return sum(1 for t, p in zip(y_true, y_pred) if t == p) / len(y_true)


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int  # number of true examples of the class


@dataclass(frozen=True)
class ClassificationReport:
    accuracy: float
    per_class: dict[Hashable, ClassScores]
    macro_precision: float
    macro_recall: float
    macro_f1: float
    weighted_f1: float  # per-class F1 weighted by support
    confusion: dict[tuple[Hashable, Hashable], int] = field(default_factory=dict)  # (true, pred) -> count


def classification_report(
    y_true: Sequence[Hashable], y_pred: Sequence[Hashable], labels: Sequence[Hashable] | None = None
) -> ClassificationReport:
    """Accuracy and per-class precision/recall/F1 (fractions 0-1).

    A ratio with a zero denominator (a class never predicted, or never present) is 0.0, like
    scikit-learn's default. `labels` fixes the classes and their order; by default every label
    seen in either sequence, in order of first appearance in y_true then y_pred.
    """
    acc = accuracy(y_true, y_pred)
    if labels is None:
        labels = list(dict.fromkeys([*y_true, *y_pred]))
    confusion: Counter = Counter(zip(y_true, y_pred))
    per_class: dict[Hashable, ClassScores] = {}
    for label in labels:
        tp = confusion[(label, label)]
        predicted = sum(1 for p in y_pred if p == label)
        support = sum(1 for t in y_true if t == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScores(precision=precision, recall=recall, f1=f1, support=support)
    k = len(per_class)
    total_support = sum(c.support for c in per_class.values())
    return ClassificationReport(
        accuracy=acc,
        per_class=per_class,
        macro_precision=sum(c.precision for c in per_class.values()) / k if k else 0.0,
        macro_recall=sum(c.recall for c in per_class.values()) / k if k else 0.0,
        macro_f1=sum(c.f1 for c in per_class.values()) / k if k else 0.0,
        weighted_f1=(sum(c.f1 * c.support for c in per_class.values()) / total_support) if total_support else 0.0,
        confusion=dict(confusion),
    )
