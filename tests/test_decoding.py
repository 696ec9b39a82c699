"""The decoding core against bert4keras 0.11.5's `AutoRegressiveDecoder`, token for token.

The toy model: next-token logits are a fixed random table indexed by (source, the two previous tokens, the
sum of the whole prefix mod M). The cached `StepModel` keeps those per row and gathers them by
`beam_index`, so a beam-reordering bug changes the sums and shows up; the bert4keras decoder recomputes the
same table from the whole prefix, as bert4keras itself does. "Tie" tables take values in {0, 1} (or are
constant), so equal scores occur all the time.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoo_desktop.cancel import CancelToken
from zoo_desktop.engine import decoding as dec
from zoo_desktop.engine.paraphrase import gen_synonyms, rank_paraphrases
from zoo_desktop.errors import Cancelled

M = 5  # prefix sum modulus
N_SRC = 4


class Toy:
    """The toy model's maths, shared by the cached runner and the bert4keras predict."""

    def __init__(self, seed: int, vocab: int, *, ties: bool = False, kind: str = "logits", start_id=None, end_id=1,
                 end_bias: float = 0.0, table=None):
        rng = np.random.default_rng(seed)
        shape = (N_SRC, vocab + 1, vocab + 1, M, vocab)
        if table is not None:
            self.table = np.broadcast_to(np.asarray(table, dtype=np.float32), shape)
        elif ties:
            self.table = rng.integers(0, 2, shape).astype(np.float32) * np.float32(1.5)
        else:
            self.table = rng.standard_normal(shape).astype(np.float32) * np.float32(2.0)
        if end_bias:
            self.table = self.table.copy()
            self.table[..., end_id] += np.float32(end_bias)
        self.vocab, self.kind, self.start_id, self.end_id = vocab, kind, start_id, end_id

    def emit(self, src, p2, p1, acc) -> np.ndarray:
        logits = np.array(self.table[src, p2, p1, acc], dtype=np.float32)
        if self.kind == "probas":
            return dec.softmax(logits).astype(np.float32)
        return logits

    def from_prefix(self, src: np.ndarray, output_ids: np.ndarray) -> np.ndarray:
        rows, t = output_ids.shape
        none = np.full(rows, self.vocab)
        p1 = output_ids[:, -1] if t >= 1 else none
        p2 = output_ids[:, -2] if t >= 2 else none
        acc = output_ids.sum(1) % M
        return self.emit(src, p2, p1, acc)

    @property
    def first_output_ids(self) -> np.ndarray:
        return np.array([], dtype=np.int64) if self.start_id is None else np.array([self.start_id])


class ToyStep:
    """A cached `StepModel` over `Toy`."""

    def __init__(self, toy: Toy, on_step_call=None):
        self.toy = toy
        self.output_kind = toy.kind
        self.starts = 0
        self.steps = 0
        self.on_step_call = on_step_call

    def start(self, batch_inputs):
        self.starts += 1
        n = len(batch_inputs)
        src = np.asarray(batch_inputs, dtype=np.int64)
        s = self.toy.start_id
        state = {
            "src": src,
            "p1": np.full(n, self.toy.vocab if s is None else s),
            "p2": np.full(n, self.toy.vocab),
            "acc": np.full(n, 0 if s is None else s % M),
        }
        return state, self.toy.emit(state["src"], state["p2"], state["p1"], state["acc"])

    def step(self, state, token_ids, beam_index):
        assert token_ids.dtype == np.int64 and beam_index.dtype == np.int64
        assert token_ids.shape == beam_index.shape and token_ids.ndim == 1
        self.steps += 1
        if self.on_step_call is not None:
            self.on_step_call(self.steps)
        state = dec.take_rows(state, beam_index)
        state = {
            "src": state["src"],
            "p2": state["p1"],
            "p1": token_ids,
            "acc": (state["acc"] + token_ids) % M,
        }
        return state, self.toy.emit(state["src"], state["p2"], state["p1"], state["acc"])


# ----------------------------------------------------------------------------------------------------------
# bert4keras reference


def _need_bert4keras() -> None:
    if importlib.util.find_spec("tensorflow") is None or importlib.util.find_spec("bert4keras") is None:
        pytest.skip("TensorFlow / bert4keras not installed (convert extra)")


@pytest.fixture(scope="module")
def b4k_decoders():
    _need_bert4keras()
    from zoo_desktop.convert.b4k import load_bert4keras

    load_bert4keras()
    from bert4keras.snippets import AutoRegressiveDecoder

    classes = {}
    for kind in ("logits", "probas"):

        class ToyDecoder(AutoRegressiveDecoder):
            def __init__(self, toy, maxlen, minlen):
                super().__init__(start_id=toy.start_id, end_id=toy.end_id, maxlen=maxlen, minlen=minlen)
                self.toy = toy

            @AutoRegressiveDecoder.wraps(default_rtype=kind)
            def predict(self, inputs, output_ids, states):
                return self.toy.from_prefix(inputs[0], output_ids)

        classes[kind] = ToyDecoder

    def make(toy: Toy, maxlen: int, minlen: int = 1):
        return classes[toy.kind](toy, maxlen, minlen)

    return make


def _configs(count: int, seed: int):
    rng = np.random.default_rng(seed)
    for i in range(count):
        vocab = int(rng.integers(5, 13))
        start_id = None if rng.random() < 0.5 else int(rng.integers(2, vocab))
        yield dict(
            seed=int(rng.integers(1 << 30)),
            vocab=vocab,
            ties=bool(i % 3 == 0),
            kind="probas" if rng.random() < 0.3 else "logits",
            start_id=start_id,
            end_bias=float(rng.choice([0.0, 1.0, 2.5])),
            maxlen=int(rng.integers(1, 11)),
            minlen=int(rng.choice([1, 1, 2, 3, 5])),
            min_ends=int(rng.choice([1, 1, 1, 2])),
            temperature=[1, 1, 1, 0.7, 1.6][int(rng.integers(5))],
        )


def _our_min_len(minlen: int, toy: Toy) -> int:
    return max(minlen - (0 if toy.start_id is None else 1), 0)


def _b4k_ids(toy: Toy, ids: np.ndarray) -> np.ndarray:
    return np.concatenate([toy.first_output_ids, ids]).astype(np.int64)


@pytest.mark.tf
@pytest.mark.parametrize("beam_size", [1, 2, 3, 5])
def test_beam_search_matches_bert4keras(b4k_decoders, beam_size):
    tied_boundaries = 0
    runs = 0
    for cfg in _configs(60, seed=beam_size):
        toy = Toy(cfg["seed"], cfg["vocab"], ties=cfg["ties"], kind=cfg["kind"], start_id=cfg["start_id"],
                  end_bias=cfg["end_bias"])
        reference = b4k_decoders(toy, cfg["maxlen"], cfg["minlen"])
        sources = [0, 1, 2, 3, 1]
        model = ToyStep(toy)
        ours = dec.beam_search(model, sources, beam_size=beam_size, end_id=toy.end_id, max_len=cfg["maxlen"],
                               min_len=_our_min_len(cfg["minlen"], toy), min_ends=cfg["min_ends"],
                               temperature=cfg["temperature"])
        assert model.starts == 1 and model.steps <= cfg["maxlen"] - 1
        for src, hyp in zip(sources, ours):
            expected = reference.beam_search([src], topk=beam_size, temperature=cfg["temperature"],
                                             min_ends=cfg["min_ends"])
            got = _b4k_ids(toy, hyp.ids)
            assert got.tolist() == np.asarray(expected).tolist(), cfg
            assert hyp.finished == (len(hyp.ids) > 0 and hyp.ids[-1] == toy.end_id)
            runs += 1
        if cfg["ties"] and 1 < beam_size < toy.vocab:
            first = np.sort(ToyStep(toy).start([0])[1][0])
            tied_boundaries += first[-beam_size] == first[-beam_size - 1]
    assert runs == 300
    if beam_size > 1:
        assert tied_boundaries >= 5  # the tie tables really put ties at the selection boundary


@pytest.mark.tf
def test_all_scores_tied_matches_bert4keras(b4k_decoders):
    """A constant table: every candidate ties at every step; only argpartition's order decides."""
    for vocab in (5, 8, 11):
        for beam_size in (1, 2, 3, 5):
            for start_id in (None, 3):
                toy = Toy(0, vocab, table=0.0, start_id=start_id)
                reference = b4k_decoders(toy, 6)
                (hyp,) = dec.beam_search(ToyStep(toy), [2], beam_size=beam_size, end_id=1, max_len=6)
                assert _b4k_ids(toy, hyp.ids).tolist() == reference.beam_search([2], topk=beam_size).tolist()


@pytest.mark.tf
def test_end_token_early_and_min_len_match_bert4keras(b4k_decoders):
    """End is by far the likeliest token: bert4keras stops at once unless minlen defers the stop, in which
    case the end token is NOT masked: the beams run through it."""
    for seed in range(20):
        for start_id in (None, 4):
            toy = Toy(seed, 7, start_id=start_id, end_bias=6.0)
            for minlen in (1, 2, 4, 9):
                for beam_size in (1, 3):
                    reference = b4k_decoders(toy, 8, minlen)
                    (hyp,) = dec.beam_search(ToyStep(toy), [seed % N_SRC], beam_size=beam_size, end_id=1, max_len=8,
                                             min_len=_our_min_len(minlen, toy))
                    expected = reference.beam_search([seed % N_SRC], topk=beam_size)
                    assert _b4k_ids(toy, hyp.ids).tolist() == expected.tolist()
                    if minlen > 2:
                        assert (hyp.ids[:-1] == 1).any() or len(hyp.ids) == 8  # ran through an end token


@pytest.mark.tf
def test_greedy_is_bert4keras_topk_1(b4k_decoders):
    for cfg in _configs(40, seed=99):
        toy = Toy(cfg["seed"], cfg["vocab"], ties=cfg["ties"], kind=cfg["kind"], start_id=cfg["start_id"],
                  end_bias=cfg["end_bias"])
        reference = b4k_decoders(toy, cfg["maxlen"], cfg["minlen"])
        ours = dec.greedy(ToyStep(toy), [0, 3], end_id=1, max_len=cfg["maxlen"], min_len=_our_min_len(cfg["minlen"], toy))
        for src, hyp in zip([0, 3], ours):
            assert _b4k_ids(toy, hyp.ids).tolist() == reference.beam_search([src], topk=1).tolist()


@pytest.mark.tf
def test_sampling_draws_match_bert4keras_under_the_same_global_seed(b4k_decoders):
    rng = np.random.default_rng(5)
    checked = 0
    for cfg in _configs(80, seed=7):
        toy = Toy(cfg["seed"], cfg["vocab"], ties=cfg["ties"], kind=cfg["kind"], start_id=cfg["start_id"],
                  end_bias=cfg["end_bias"])
        top_k = [None, 1, 2, 3, 50][int(rng.integers(5))]
        top_p = [None, 0.3, 0.8, 0.95][int(rng.integers(4))]
        n = int(rng.integers(1, 7))
        src = int(rng.integers(N_SRC))
        reference = b4k_decoders(toy, cfg["maxlen"], cfg["minlen"])
        np.random.seed(cfg["seed"])
        kwargs = dict(topk=top_k if top_k is None else min(top_k, toy.vocab), topp=top_p,
                      temperature=cfg["temperature"], min_ends=cfg["min_ends"])
        expected = reference.random_sample([src], n, **kwargs)
        np.random.seed(cfg["seed"])
        (ours,) = dec.sample(ToyStep(toy), [src], n=n, end_id=1, max_len=cfg["maxlen"],
                             min_len=_our_min_len(cfg["minlen"], toy), min_ends=cfg["min_ends"], top_k=top_k,
                             top_p=top_p, temperature=cfg["temperature"], seed=dec.NUMPY_GLOBAL)
        assert [_b4k_ids(toy, ids).tolist() for ids in ours] == [np.asarray(e).tolist() for e in expected], cfg
        checked += 1
    assert checked == 80


# ----------------------------------------------------------------------------------------------------------
# Without bert4keras


def test_scores_are_the_bert4keras_running_sums():
    toy = Toy(3, 9, end_bias=1.0)
    (hyp,) = dec.beam_search(ToyStep(toy), [2], beam_size=3, end_id=1, max_len=7)
    total = np.zeros(1)
    prefix = toy.first_output_ids.reshape(1, -1)
    for token in hyp.ids:
        logp = np.log(dec.softmax(toy.from_prefix(np.array([2]), prefix)) + 1e-12)
        assert logp.dtype == np.float32
        total = total + logp[0, token]
        prefix = np.concatenate([prefix, [[token]]], 1)
    assert hyp.score == total[0]


def test_batch_equals_each_document_alone():
    for seed in range(30):
        toy = Toy(seed, 10, ties=seed % 2 == 0, end_bias=1.5, start_id=None if seed % 3 else 2)
        sources = [3, 0, 3, 2, 1]
        for beam_size in (1, 3, 4):
            batch = dec.beam_search(ToyStep(toy), sources, beam_size=beam_size, end_id=1, max_len=9, min_len=2)
            for src, hyp in zip(sources, batch):
                (alone,) = dec.beam_search(ToyStep(toy), [src], beam_size=beam_size, end_id=1, max_len=9, min_len=2)
                assert hyp.ids.tolist() == alone.ids.tolist() and hyp.score == alone.score
        samples = dec.sample(ToyStep(toy), sources, n=4, end_id=1, max_len=9, top_k=4, top_p=0.9, seed=seed)
        for src, got in zip(sources, samples):
            (alone,) = dec.sample(ToyStep(toy), [src], n=4, end_id=1, max_len=9, top_k=4, top_p=0.9, seed=seed)
            assert [a.tolist() for a in got] == [a.tolist() for a in alone]


def test_finished_rows_leave_the_batch():
    toy = Toy(0, 8, end_bias=0.5)
    widths = []

    class Recording(ToyStep):
        def step(self, state, token_ids, beam_index):
            widths.append(len(beam_index))
            return super().step(state, token_ids, beam_index)

    dec.beam_search(Recording(toy), [0, 1, 2, 3], beam_size=3, end_id=1, max_len=12)
    assert widths and widths[0] <= 12
    assert all(b <= a for a, b in zip(widths, widths[1:]))  # rows only ever leave
    assert widths[-1] < widths[0]


def test_sampling_is_reproducible_with_a_seed():
    toy = Toy(11, 12, end_bias=0.5)
    run = lambda seed: dec.sample(ToyStep(toy), [0, 1], n=8, end_id=1, max_len=10, top_k=5, seed=seed)  # noqa: E731
    as_lists = lambda r: [[a.tolist() for a in doc] for doc in r]  # noqa: E731
    assert as_lists(run(123)) == as_lists(run(123))
    assert as_lists(run(123)) != as_lists(run(124))
    assert as_lists(run(np.random.default_rng(9))) == as_lists(run(np.random.default_rng(9)))
    state = np.random.get_state()
    np.random.seed(4)
    a = as_lists(run(dec.NUMPY_GLOBAL))
    np.random.seed(4)
    assert as_lists(run(dec.NUMPY_GLOBAL)) == a
    np.random.set_state(state)
    out = run(5)
    assert all(len(doc) == 8 for doc in out)


def test_top_k_and_top_p_restrict_the_draws():
    toy = Toy(2, 10)
    for src in range(N_SRC):
        first = dec.softmax(ToyStep(toy).start([src])[1])[0]
        (docs,) = dec.sample(ToyStep(toy), [src], n=200, end_id=1, max_len=1, top_k=2, seed=0)
        assert {int(d[0]) for d in docs} <= set(np.argsort(first)[-2:].tolist())
        (docs,) = dec.sample(ToyStep(toy), [src], n=200, end_id=1, max_len=1, top_p=1e-6, seed=0)
        assert {int(d[0]) for d in docs} == {int(np.argmax(first))}


def test_cancellation_takes_effect_within_one_step():
    toy = Toy(0, 9)
    for cancel_at in (0, 1, 3):
        token = CancelToken()
        seen = []

        def on_step(step, best, token=token, seen=seen, cancel_at=cancel_at):
            seen.append(step)
            if step == cancel_at:
                token.cancel()

        model = ToyStep(toy)
        with pytest.raises(Cancelled):
            dec.beam_search(model, [0, 1], beam_size=2, end_id=99, max_len=20, on_step=on_step, cancel=token)
        assert seen == list(range(cancel_at + 1))
        assert model.steps == cancel_at  # no model step after the cancelling one

    # cancelled from another thread while the model is running step 2: step 3 never runs
    token = CancelToken()
    model = ToyStep(toy, on_step_call=lambda s: token.cancel() if s == 2 else None)
    with pytest.raises(Cancelled):
        dec.sample(model, [0], n=3, end_id=99, max_len=20, seed=1, cancel=token)
    assert model.steps == 2

    token = CancelToken()
    token.cancel()
    model = ToyStep(toy)
    with pytest.raises(Cancelled):
        dec.greedy(model, [0], end_id=1, max_len=5, cancel=token)
    assert model.starts == 0


def test_streaming_callback_once_per_step_with_the_current_best():
    for seed in range(10):
        toy = Toy(seed, 9, end_bias=1.0, start_id=5)
        calls = []
        results = dec.beam_search(ToyStep(toy), [0, 2, 3], beam_size=3, end_id=1, max_len=10,
                                  on_step=lambda step, best: calls.append((step, [b.copy() for b in best])))
        assert [s for s, _ in calls] == list(range(len(calls)))
        assert 1 <= len(calls) <= 10
        assert all(len(best) == 3 for _, best in calls)
        assert [b.tolist() for b in calls[-1][1]] == [h.ids.tolist() for h in results]
        for step, best in calls:
            for doc, ids in enumerate(best):
                done = len(results[doc].ids) <= step
                assert len(ids) == (len(results[doc].ids) if done else step + 1)

        greedy_calls = []
        (hyp,) = dec.greedy(ToyStep(toy), [1], end_id=1, max_len=10,
                            on_step=lambda step, best: greedy_calls.append(best[0].tolist()))
        assert greedy_calls == [hyp.ids[: i + 1].tolist() for i in range(len(hyp.ids))]

        sample_calls = []
        docs = dec.sample(ToyStep(toy), [1, 2], n=3, end_id=1, max_len=6, seed=seed,
                          on_step=lambda step, snap: sample_calls.append((step, snap)))
        assert [s for s, _ in sample_calls] == list(range(len(sample_calls)))
        assert [[a.tolist() for a in d] for d in sample_calls[-1][1]] == [[a.tolist() for a in d] for d in docs]
        assert all(len(d) == 3 for _, snap in sample_calls for d in snap)


def _has_repeated_ngram(ids, n):
    grams = [tuple(ids[i : i + n]) for i in range(len(ids) - n + 1)]
    return len(grams) != len(set(grams))


def _cycle_table(vocab: int) -> np.ndarray:
    """Logits that strongly favour the cycle 2 -> 3 -> 2 -> 3 ... (indexed by the previous token)."""
    table = np.ones((N_SRC, vocab + 1, vocab + 1, M, vocab), dtype=np.float32)
    table[:, :, :, :, 2] = 4.0
    table[:, :, 2, :, 3] = 6.0
    table[:, :, 3, :, 2] = 6.0
    return table


def test_no_repeat_ngram():
    toy = Toy(0, 8, table=_cycle_table(8))
    (plain,) = dec.greedy(ToyStep(toy), [0], end_id=1, max_len=12)
    assert _has_repeated_ngram(plain.ids.tolist(), 2)
    for n in (1, 2, 3):
        for beam_size in (1, 3):
            (hyp,) = dec.beam_search(ToyStep(toy), [0], beam_size=beam_size, end_id=1, max_len=12, no_repeat_ngram=n)
            assert not _has_repeated_ngram(hyp.ids.tolist(), n), (n, hyp.ids)
        for seed in range(5):
            for ids in dec.sample(ToyStep(toy), [0], n=5, end_id=1, max_len=8, no_repeat_ngram=n, seed=seed)[0]:
                assert not _has_repeated_ngram(ids.tolist(), n)


def test_repetition_penalty():
    for kind in ("logits", "probas"):
        toy = Toy(0, 8, table=_cycle_table(8), kind=kind)
        (plain,) = dec.greedy(ToyStep(toy), [0], end_id=1, max_len=10)
        assert plain.ids.tolist() == [2, 3] * 5
        # logits: 6 / theta < 1; probabilities: p ** theta, and p(2 | 3) = 0.955 needs theta > 110 to lose
        theta = 50.0 if kind == "logits" else 500.0
        (hyp,) = dec.greedy(ToyStep(toy), [0], end_id=1, max_len=10, repetition_penalty=theta)
        ids = hyp.ids.tolist()
        # every repeat is penalised: 2 and 3 each appear once before the other tokens take over
        assert ids[:2] == [2, 3] and ids.count(2) == 1 and ids.count(3) == 1, ids
        (mild,) = dec.greedy(ToyStep(toy), [0], end_id=1, max_len=10, repetition_penalty=1.2)
        assert mild.ids.tolist() == plain.ids.tolist()  # 6/1.2 = 5 still beats 4/1.2 and 1


def test_suppress_early_end_and_length_penalty():
    toy = Toy(4, 7, end_bias=6.0)
    for min_len in (2, 4):
        (hyp,) = dec.greedy(ToyStep(toy), [0], end_id=1, max_len=8, min_len=min_len, suppress_early_end=True)
        assert 1 not in hyp.ids[: min_len - 1].tolist()
        assert len(hyp.ids) >= min_len

    for seed in range(30):
        toy = Toy(seed, 8, end_bias=1.2)
        (base,) = dec.beam_search(ToyStep(toy), [seed % N_SRC], beam_size=4, end_id=1, max_len=10)
        for alpha in (0.0, 1.0, 2.0):
            (lp,) = dec.beam_search(ToyStep(toy), [seed % N_SRC], beam_size=4, end_id=1, max_len=10,
                                    length_penalty=alpha)
            norm = lambda h: h.score / max(len(h.ids), 1) ** alpha  # noqa: E731
            assert norm(lp) >= norm(base)
            if not base.finished:
                continue
            assert lp.finished


def test_paraphrase_ranking():
    vectors = {"原句": [1.0, 0.0], "近": [0.9, 0.1], "远": [0.0, 1.0], "中": [0.6, 0.6], "同": [2.0, 0.2]}
    embed = lambda texts: np.array([vectors[t] for t in texts])  # noqa: E731
    got = rank_paraphrases("原句", ["远", "近", "原句", "中", "近", "同"], embed, k=3)
    assert [t for t, _ in got] == ["同", "近", "中"]
    assert got[0][1] == pytest.approx(2.0 / np.hypot(2.0, 0.2))
    assert rank_paraphrases("原句", ["原句", "原句"], embed) == []

    toy = Toy(8, 9, end_bias=1.0)
    names = list(vectors)
    decode = lambda ids: names[int(ids[0]) % 5]  # noqa: E731
    out = gen_synonyms(ToyStep(toy), 1, "原句", decode=decode, embed=embed, end_id=1, n=40, k=2, max_len=4, seed=3)
    assert len(out) == 2 and all(t != "原句" for t, _ in out)
    assert out[0][1] >= out[1][1]


def test_take_rows_and_bad_outputs():
    tree = {"a": np.arange(6).reshape(3, 2), "b": [np.arange(3), None], "c": 7}
    got = dec.take_rows(tree, np.array([2, 2, 0]))
    assert got["a"].tolist() == [[4, 5], [4, 5], [0, 1]] and got["b"][0].tolist() == [2, 2, 0]
    assert got["b"][1] is None and got["c"] == 7

    class Broken(ToyStep):
        def step(self, state, token_ids, beam_index):
            state, out = super().step(state, token_ids, beam_index)
            return state, out[:1]

    with pytest.raises(ValueError, match="shape"):
        dec.beam_search(Broken(Toy(0, 6)), [0], beam_size=2, end_id=99, max_len=4)
    with pytest.raises(ValueError, match="beam_size"):
        dec.beam_search(ToyStep(Toy(0, 6)), [0], beam_size=7, end_id=1, max_len=4)
    assert dec.beam_search(ToyStep(Toy(0, 6)), [], beam_size=2, end_id=1, max_len=4) == []


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**31 - 1), st.sampled_from([100, 5000, 30000]))
def test_top_k_on_the_candidates_picks_the_same_beams_as_a_full_partition(rows, k, seed, vocab):
    from zoo_desktop.engine.decoding import _top_k

    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(rows, vocab)) * rng.uniform(0.1, 10) + rng.normal(size=(rows, 1)) * 5
    k = min(k, scores.size)
    got = _top_k(scores, k)
    want = scores.argpartition(-k, axis=None)[-k:]
    assert sorted(got.tolist()) == sorted(want.tolist())  # continuous scores: no ties


def test_numpy_float32_exp_and_log_give_the_same_bits_wherever_an_element_sits():
    # _StepScores takes the log of gathered entries only; that is exact only because numpy's SIMD loops give
    # each element the same result in any array (checked on the machine the tests run on)
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((5, 50_000)) * 9).astype(np.float32)
    shifted = x - x.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    full = np.log(e / s + 1e-12)
    for n in (1, 3, 15, 16, 17, 250):
        r, c = rng.integers(0, 5, n), rng.integers(0, 50_000, n)
        assert np.array_equal(np.exp(shifted[r, c]), e[r, c])
        assert np.array_equal(np.log(e[r, c] / s[r, 0] + 1e-12), full[r, c])


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 5), st.integers(1, 4), st.integers(0, 2**31 - 1), st.sampled_from([50, 5000, 50_000]),
       st.sampled_from([1.0, 0.7, 1.5]), st.floats(0.5, 40))
def test_step_scores_give_the_full_matrix_beams_and_scores_bit_for_bit(docs, beam, seed, vocab, temperature, spread):
    from zoo_desktop.engine.decoding import _StepScores, _top_k, log_probas

    rng = np.random.default_rng(seed)
    out = (rng.standard_normal((docs * beam, vocab)) * spread).astype(np.float32)
    out[:, 0] = -np.inf  # [PAD]
    if seed % 3 == 0:
        out[:, 5] = out[:, 6]  # exact ties in the logits
    logp = log_probas(out, "logits", temperature)
    step = _StepScores(out, temperature)
    for d in range(docs):
        lo, hi = d * beam, (d + 1) * beam
        beam_scores = -rng.uniform(0, 30 if seed % 2 else 0.01, beam)  # far apart, or close together
        k = min(beam, beam * vocab)
        scores = beam_scores.reshape((-1, 1)) + logp[lo:hi]
        want = _top_k(scores, k)
        got, values = step.best(lo, hi, beam_scores, k)
        assert np.array_equal(got, want)
        assert np.array_equal(values, np.take_along_axis(scores, want, axis=None))
