"""Generation metrics (T5 PEGASUS finetune.py semantics) and classification metrics."""

from __future__ import annotations

import math
import random

import pytest

from zoo_desktop.evaluation import (
    accuracy,
    char_join,
    classification_report,
    evaluate_generation,
    rouge_l,
    rouge_n,
    rouge_scores,
    score_pair,
    sentence_bleu,
)

EPS = 1e-8  # rouge 1.0.1's F = 2PR / (P + R + 1e-8)


def f_rouge(p: float, r: float) -> float:
    return 2.0 * ((p * r) / (p + r + EPS))


# ---------------------------------------------------------------------------------------------
# Hand-computed examples
# ---------------------------------------------------------------------------------------------


def test_char_join_is_finetune_preprocessing():
    assert char_join("天气ABc") == "天 气 a b c"
    assert char_join("") == ""


def test_one_character_changed():
    # title 天气很好, prediction 天气不好 -> "天 气 很 好" / "天 气 不 好"
    s = score_pair("天气不好", "天气很好")
    # ROUGE-1: unigram sets {天,气,不,好} and {天,气,很,好}: overlap 3 -> P = R = 3/4
    assert s["rouge-1"] == f_rouge(0.75, 0.75)
    assert s["rouge-1"] == pytest.approx(0.75, abs=1e-7)
    # ROUGE-2: {天气,气不,不好} vs {天气,气很,很好}: overlap 1 -> P = R = 1/3
    assert s["rouge-2"] == f_rouge(1 / 3, 1 / 3)
    # ROUGE-L: LCS 天 气 好 = 3 distinct words; 4 distinct words each side -> P = R = 3/4
    assert s["rouge-l"] == f_rouge(0.75, 0.75)
    # BLEU-4, method1: p1 = 3/4, p2 = 1/3 (天气), p3 = 0 matches of 2 -> 0.1/2, p4 = 0 of 1 -> 0.1/1;
    # equal lengths -> BP = exp(1 - 4/4) = 1; BLEU = (3/4 * 1/3 * 0.05 * 0.1) ** (1/4) = 0.00125 ** 0.25
    assert s["bleu"] == pytest.approx(0.00125**0.25, rel=1e-12)
    assert s["bleu"] == pytest.approx(0.188030, abs=1e-6)


def test_repeated_characters_count_once_in_rouge_but_not_in_bleu():
    # title 哈哈哈, prediction 哈哈
    s = score_pair("哈哈", "哈哈哈")
    # rouge uses sets: unigrams {哈} vs {哈}, bigrams {哈哈} vs {哈哈}: P = R = 1
    assert s["rouge-1"] == f_rouge(1.0, 1.0)
    assert s["rouge-2"] == f_rouge(1.0, 1.0)
    # ROUGE-L: LCS 哈 哈 -> distinct {哈} = 1; distinct words 1 and 1 -> P = R = 1
    assert s["rouge-l"] == f_rouge(1.0, 1.0)
    # BLEU: p1 = min(2, 3)/2 = 1, p2 = min(1, 2)/1 = 1, no 3-/4-grams in a 2-token hypothesis:
    # 0 of max(1, 0) = 1 -> 0.1 each; BP = exp(1 - 3/2); BLEU = e^-0.5 * (0.1 * 0.1) ** (1/4)
    assert s["bleu"] == pytest.approx(math.exp(-0.5) * 0.01**0.25, rel=1e-12)


def test_dots_split_rouge_sentences():
    # "2 . 5 倍" splits at '.' into sentences ["2", "5 倍"]; words [2, 5, 倍] (n-grams run across).
    # prediction 5.2倍 -> ["5", "2 倍"], words [5, 2, 倍]
    s = rouge_scores(char_join("5.2倍"), char_join("2.5倍"))
    # ROUGE-1: {5, 2, 倍} vs {2, 5, 倍}: P = R = 1
    assert s["rouge-1"].f == f_rouge(1.0, 1.0)
    # ROUGE-2: {(5,2), (2,倍)} vs {(2,5), (5,倍)}: nothing shared
    assert s["rouge-2"].p == s["rouge-2"].r == 0.0
    assert s["rouge-2"].f == 0.0
    # ROUGE-L: ref "2" x hyp "2 倍" -> {2}; ref "5 倍" x hyp "5" -> {5}, x hyp "2 倍" -> {倍}:
    # union 3 distinct words of 3 each side -> P = R = 1
    assert (s["rouge-l"].p, s["rouge-l"].r) == (1.0, 1.0)
    # BLEU tokens keep the dot: [5 . 2 倍] vs [2 . 5 倍]: p1 = 4/4, no shared 2/3/4-grams
    # -> 0.1/3, 0.1/2, 0.1/1; BP = 1
    bleu = score_pair("5.2倍", "2.5倍")["bleu"]
    assert bleu == pytest.approx((1 * (0.1 / 3) * (0.1 / 2) * 0.1) ** 0.25, rel=1e-12)


def test_rouge_n_shorter_than_n_and_rouge_l_partial():
    # hypothesis "a" has no bigram: P = 0 (edge case as in rouge), R = 0 -> F = 0
    s = rouge_n("a", "a b", 2)
    assert (s.p, s.r, s.f) == (0.0, 0.0, 0.0)
    # ROUGE-L "a b c d" vs ref "a x c": LCS a c -> 2; m = 3 distinct ref words, n = 4 hyp words
    s = rouge_l("a b c d", "a x c")
    assert s.r == 2 / 3 and s.p == 2 / 4
    assert s.f == f_rouge(0.5, 2 / 3)


def test_empty_and_blank_handling():
    # rouge raises on an empty side, and so do we
    with pytest.raises(ValueError, match="Hypothesis is empty"):
        rouge_scores("", "a b")
    with pytest.raises(ValueError, match="Reference is empty"):
        rouge_n("a", "", 1)
    with pytest.raises(ValueError):
        rouge_l(".", "a")  # only dots: no sentence left
    # finetune.py skips blank predictions: they score 0 but still count in the mean
    assert score_pair("", "标题") == {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0, "bleu": 0.0}
    assert score_pair("   ", "标题")["rouge-l"] == 0.0
    # only dots: rouge would raise; ROUGE 0 here, BLEU computed ([.] shares nothing with [标, 题])
    assert score_pair(".", "标题") == {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0, "bleu": 0.0}
    with pytest.raises(ValueError):
        score_pair("预测", "")


def test_bleu_edge_cases():
    assert sentence_bleu(["a"], ["b"]) == 0.0  # no unigram match
    assert sentence_bleu(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == 1.0
    # longer hypothesis: BP = 1; p1 = 4/5, p2 = 3/4, p3 = 2/3, p4 = 1/2
    got = sentence_bleu(["a", "b", "c", "d"], ["a", "b", "c", "d", "e"])
    assert got == pytest.approx((4 / 5 * 3 / 4 * 2 / 3 * 1 / 2) ** 0.25, rel=1e-12)


def test_evaluate_generation_means_in_percent():
    result = evaluate_generation(["天气不好", ""], ["天气很好", "你好"])
    assert result.count == 2
    # (f(3/4, 3/4) + 0) / 2 * 100
    assert result.rouge_1 == pytest.approx(100 * f_rouge(0.75, 0.75) / 2)
    assert result.rouge_2 == pytest.approx(100 * f_rouge(1 / 3, 1 / 3) / 2)
    assert result.bleu == pytest.approx(100 * 0.00125**0.25 / 2)
    assert set(result.as_dict()) == {"rouge-1", "rouge-2", "rouge-l", "bleu"}
    perfect = evaluate_generation(["一个标题"], ["一个标题"])
    assert perfect.rouge_l == pytest.approx(100.0, abs=1e-6)
    assert perfect.bleu == pytest.approx(100.0)
    with pytest.raises(ValueError):
        evaluate_generation(["a"], ["a", "b"])
    with pytest.raises(ValueError):
        evaluate_generation([], [])


# ---------------------------------------------------------------------------------------------
# Against the reference packages
# ---------------------------------------------------------------------------------------------


def _random_pairs(n: int, seed: int = 1234) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    alphabet = list("的一是了在人有我他这中大来上国个到说们为子和你地出道也时年") + list("ABcd.. 12")
    pairs = []
    for _ in range(n):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        if rng.random() < 0.3:  # a prediction close to the title
            chars = list(title)
            for _ in range(rng.randint(0, 4)):
                if chars and rng.random() < 0.5:
                    chars.pop(rng.randrange(len(chars)))
                else:
                    chars.insert(rng.randint(0, len(chars)), rng.choice(alphabet))
            pred = "".join(chars)
        else:
            pred = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        pairs.append((pred, title))
    return pairs


def test_identical_to_rouge_package():
    rouge = pytest.importorskip("rouge")
    scorer = rouge.Rouge()
    compared = 0
    for pred, title in _random_pairs(400):
        hyp, ref = char_join(pred), char_join(title)
        if not hyp.strip():
            continue
        try:
            expected = scorer.get_scores(hyps=hyp, refs=ref)[0]
        except ValueError:
            with pytest.raises(ValueError):
                rouge_scores(hyp, ref)
            continue
        got = rouge_scores(hyp, ref)
        for key in ("rouge-1", "rouge-2", "rouge-l"):
            for stat in ("f", "p", "r"):
                assert getattr(got[key], stat) == expected[key][stat], (pred, title, key, stat)
        compared += 1
    assert compared > 300


def test_identical_to_nltk_bleu():
    bleu_score = pytest.importorskip("nltk.translate.bleu_score")
    smooth = bleu_score.SmoothingFunction().method1
    for pred, title in _random_pairs(400, seed=99):
        hyp, ref = char_join(pred), char_join(title)
        expected = bleu_score.sentence_bleu(
            references=[ref.split(" ")], hypothesis=hyp.split(" "), smoothing_function=smooth
        )
        assert sentence_bleu(ref.split(" "), hyp.split(" ")) == expected, (pred, title)


def test_evaluate_generation_identical_to_finetune_loop():
    rouge = pytest.importorskip("rouge")
    bleu_score = pytest.importorskip("nltk.translate.bleu_score")
    scorer = rouge.Rouge()
    smooth = bleu_score.SmoothingFunction().method1
    pairs = [(p, t) for p, t in _random_pairs(300, seed=7) if p.replace(".", "").strip() or not p.strip()]
    # finetune.py's Evaluator.evaluate, verbatim apart from the model call
    total = 0
    rouge_1 = rouge_2 = rouge_l = bleu = 0.0
    for pred, title in pairs:
        total += 1
        title = " ".join(title).lower()
        pred_title = " ".join(pred).lower()
        if pred_title.strip():
            scores = scorer.get_scores(hyps=pred_title, refs=title)
            rouge_1 += scores[0]["rouge-1"]["f"]
            rouge_2 += scores[0]["rouge-2"]["f"]
            rouge_l += scores[0]["rouge-l"]["f"]
            bleu += bleu_score.sentence_bleu(
                references=[title.split(" ")], hypothesis=pred_title.split(" "), smoothing_function=smooth
            )
    got = evaluate_generation([p for p, _ in pairs], [t for _, t in pairs])
    assert got.count == total
    assert got.rouge_1 == pytest.approx(100 * rouge_1 / total, rel=1e-12)
    assert got.rouge_2 == pytest.approx(100 * rouge_2 / total, rel=1e-12)
    assert got.rouge_l == pytest.approx(100 * rouge_l / total, rel=1e-12)
    assert got.bleu == pytest.approx(100 * bleu / total, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------


def test_classification_report_by_hand():
    y_true = ["a", "a", "b", "b", "c"]
    y_pred = ["a", "b", "b", "b", "a"]
    rep = classification_report(y_true, y_pred)
    assert rep.accuracy == 3 / 5
    # a: TP 1, predicted 2 (#0, #4), true 2 -> P = R = F1 = 1/2
    a = rep.per_class["a"]
    assert (a.precision, a.recall, a.f1, a.support) == (0.5, 0.5, 0.5, 2)
    # b: TP 2, predicted 3, true 2 -> P = 2/3, R = 1, F1 = 2 * (2/3) / (5/3) = 0.8
    b = rep.per_class["b"]
    assert b.precision == pytest.approx(2 / 3) and b.recall == 1.0 and b.f1 == pytest.approx(0.8)
    # c: never predicted -> P = 0 (zero division), R = 0/1, F1 = 0
    c = rep.per_class["c"]
    assert (c.precision, c.recall, c.f1, c.support) == (0.0, 0.0, 0.0, 1)
    assert rep.macro_f1 == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert rep.macro_precision == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert rep.macro_recall == pytest.approx((0.5 + 1 + 0) / 3)
    assert rep.weighted_f1 == pytest.approx((0.5 * 2 + 0.8 * 2 + 0 * 1) / 5)
    assert rep.confusion[("a", "b")] == 1 and rep.confusion[("c", "a")] == 1 and rep.confusion[("b", "b")] == 2
    assert list(rep.per_class) == ["a", "b", "c"]


def test_classification_labels_and_errors():
    rep = classification_report([1, 0, 1], [1, 1, 1], labels=[0, 1, 2])
    assert list(rep.per_class) == [0, 1, 2]
    # class 1: TP 2, predicted 3, true 2 -> P = 2/3, R = 1; class 2 absent everywhere -> zeros
    assert rep.per_class[1].precision == pytest.approx(2 / 3)
    assert rep.per_class[2] == rep.per_class[0].__class__(0.0, 0.0, 0.0, 0)
    assert accuracy([1, 2, 3], [1, 2, 0]) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        accuracy([1], [1, 2])
    with pytest.raises(ValueError):
        accuracy([], [])
