"""Decoding core: greedy, beam search and sampling over any incremental (cached) model, in numpy.

Model-agnostic and independent of onnxruntime. The model runners (T5 PEGASUS over `t5_encoder.onnx` +
`t5_decoder_step.onnx`, UniLM over `unilm_source.onnx` + `unilm_step.onnx`, see docs/graphs.md) implement
`StepModel`; this module owns every decision about which tokens to keep.

The `StepModel` protocol
------------------------
A *row* is one hypothesis being decoded (one beam, or one sample). The model keeps a per-row decoder state
(key/value caches, the encoder's cross keys/values or source keys/values, masks, positions...) in whatever
object it likes (`State`); the decoder never looks inside it.

``start(batch_inputs) -> (state, out)``
    Encode each document of `batch_inputs` (a sequence, one item per document; the items are opaque to the
    decoder) once. Returns a state with one row per document and `out` [n_docs, V]: the scores for the first
    output position. A model primed with a start token (T5 PEGASUS: [CLS]) feeds it here; a UniLM model
    (start id None) returns the MLM scores at the source's last position.
``step(state, token_ids, beam_index) -> (state, out)``
    `beam_index` [n] (int64) holds, for each row of the new state, the row of `state` it continues;
    `token_ids` [n] the token appended to it. The model gathers every per-row tensor of `state` by
    `beam_index` (rows may be repeated, reordered or dropped: that is how beams are re-ranked and finished
    rows leave the batch; caches are gathered, never recomputed), appends `token_ids`, and returns the new
    state and `out` [n, V] for the next position. `take_rows` gathers nested arrays for you.
``output_kind`` (attribute, optional, default ``"logits"``)
    ``"logits"`` when `out` is pre-softmax (the ONNX graphs), ``"probas"`` when it is a probability
    distribution (bert4keras's `default_rtype='probas'` models such as T5 PEGASUS's `Decoder-Output-LM`).

Rows are kept grouped by document, documents in their input order, and within a document in the order
bert4keras would keep them; `step` is never called after the last token (no wasted model call).

bert4keras parity
-----------------
With the extras left at their defaults, `beam_search`, `greedy` and `sample` reproduce bert4keras 0.11.5's
`AutoRegressiveDecoder.beam_search` / `random_sample` token for token (beam search: but for exact ties at
the k-th place, see below):

* scores are converted exactly as `AutoRegressiveDecoder.wraps` does: logits -> ``softmax(out / temperature)``
  (bert4keras's numpy softmax, in the array's own dtype); probabilities -> ``p ** (1 / T)`` renormalised only
  when ``T != 1``; beam scores add ``np.log(p + 1e-12)`` (float32 for float32 models) to a float64 running sum
  (bert4keras starts from ``np.zeros(1)``). No length normalisation.
* beam selection is ``scores.argpartition(-k, axis=None)[-k:]`` on the document's own [k_prev, V] matrix,
  restricted to the entries that can be among the k largest (`_top_k`: at least the smallest row maximum), and
  the new beams are kept in that partition order; ``argmax`` picks the best. The same beams are chosen as
  bert4keras chooses; the one difference is candidates tied exactly at the k-th place (and so the order of
  the beams), which may resolve to another of the tied candidates. Every document still decodes exactly as it
  does alone, in any batch.
* at step 0 the single row of a document is expanded to k beams by the selection itself.
* `min_len` only defers the stopping rule, exactly as bert4keras's `minlen` does: the end token is NOT masked.
  Before `min_len`, a beam/sample ending with `end_id` is kept and extended past the end token (so a result
  can contain `end_id` in the middle). `suppress_early_end=True` masks it instead (off by default).
* stopping: once `min_len` is reached, if the best beam ends with `end_id` (and holds `min_ends` end tokens)
  it is the result; otherwise beams ending with `end_id` are dropped and the beam shrinks to the survivors.
  After `max_len` steps the best remaining beam is returned, unterminated (or even ending with `end_id`
  when `min_len` > `max_len`).
* sampling: probabilities renormalised, ``argpartition(-top_k, axis=1)`` then top-p on an
  ``argsort(axis=1)[:, ::-1]`` order keeping tokens up to and including the one that reaches `top_p`;
  finished samples are collected in the order they finish, unfinished ones appended at the end.

Length conventions differ from bert4keras in one place: bert4keras counts `first_output_ids` (the start
token, absent for UniLM) in `minlen`, and returns it at the head of each sequence. Here ids never include
the start token and `min_len` counts generated tokens (end token included), so bert4keras
``minlen=m`` is ``min_len = m - (1 if start_id is not None else 0)``; `max_len` is bert4keras's `maxlen`
(the number of decoding steps). The defaults ``min_len=1``, ``min_ends=1`` are bert4keras's defaults
(``minlen=1``) under either start convention. (bert4keras also counts a start token equal to `end_id`
in `min_ends`; no zoo model has start == end.)

Randomness (`sample(seed=...)`)
-------------------------------
* ``seed=int``: each document draws from its own ``np.random.default_rng(seed)``, so results depend only on
  (document, seed, settings): reproducible, and a document gives the same samples alone or in a batch.
* ``seed=np.random.Generator``: one shared stream, consumed document by document at each step.
* ``seed=None``: fresh OS entropy.
* ``seed=NUMPY_GLOBAL``: every draw is ``np.random.choice(len(p), p=p)`` on numpy's global RandomState, row
  by row, exactly as bert4keras does. After the same ``np.random.seed(s)``, a one-document call draws exactly
  what bert4keras's ``random_sample`` draws. (A multi-document call interleaves the documents' draws step by
  step, so it matches bert4keras only for one document per call.)

Extras (off by default; any of them changes results relative to bert4keras)
--------------------------------------------------------------------------
``length_penalty=alpha`` (beam search): finished hypotheses are kept in a pool instead of being dropped;
the result is the finished hypothesis (or, at `max_len`, any hypothesis) with the highest
``score / len(ids) ** alpha``. ``no_repeat_ngram=n``: a token that would repeat an n-gram of the generated
ids gets probability 0. ``repetition_penalty=theta``: for tokens already generated, logits are divided by
theta when positive and multiplied by it when negative (for probability models, on log p: p ** theta);
the distribution is then renormalised.

Streaming and cancellation: `on_step(step_index, ids_per_document)` is called once per decoding step,
after that step's tokens are chosen (beam search: the current best ids of each document, final ids for
documents already done; sampling: each document's list of sequences so far, finished first). `cancel`
(`zoo_desktop.cancel.CancelToken`) is checked before the encoder and before every model step, so a
cancellation takes effect within one step (raises `zoo_desktop.errors.Cancelled`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol, TypeVar, Union

import numpy as np

from zoo_desktop.cancel import CancelToken

__all__ = [
    "NUMPY_GLOBAL",
    "Hypothesis",
    "StepModel",
    "beam_search",
    "greedy",
    "log_probas",
    "probas",
    "sample",
    "softmax",
    "take_rows",
]

State = TypeVar("State")
OutputKind = Literal["logits", "probas"]
NUMPY_GLOBAL: Final = "numpy-global"
SeedLike = Union[int, np.random.Generator, None, str]
OnStep = Callable[[int, list], None]


class StepModel(Protocol[State]):
    """What a model runner implements; see the module docstring."""

    output_kind: OutputKind

    def start(self, batch_inputs: Sequence[Any]) -> tuple[State, np.ndarray]: ...

    def step(self, state: State, token_ids: np.ndarray, beam_index: np.ndarray) -> tuple[State, np.ndarray]: ...


@dataclass(frozen=True)
class Hypothesis:
    """A decoded sequence: generated ids (no start token; the end token included when it ended)."""

    ids: np.ndarray
    score: float  # running sum of log(p + 1e-12), as bert4keras ranks beams
    finished: bool  # the last id is the end id

    @property
    def tokens(self) -> np.ndarray:
        """The ids without the final end token."""
        return self.ids[:-1] if self.finished else self.ids


def take_rows(tree: Any, index: np.ndarray) -> Any:
    """Gather rows (axis 0) of every numpy array in a nested dict/list/tuple; other leaves are kept."""
    if isinstance(tree, np.ndarray):
        return tree[index]
    if isinstance(tree, dict):
        return {k: take_rows(v, index) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(take_rows(v, index) for v in tree)
    return tree


# ----------------------------------------------------------------------------------------------------------
# Score conversion, exactly as bert4keras's `AutoRegressiveDecoder.wraps` and `snippets.softmax`


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """bert4keras's numpy softmax (same operations, same dtype)."""
    x = x - x.max(axis=axis, keepdims=True)
    x = np.exp(x)
    return x / x.sum(axis=axis, keepdims=True)


def probas(out: np.ndarray, kind: OutputKind = "logits", temperature: float = 1) -> np.ndarray:
    """Probabilities from model output, with temperature, as `wraps(..., rtype='probas')` returns them."""
    if kind == "logits":
        return softmax(out / temperature)
    if kind != "probas":
        raise ValueError(f"output_kind must be 'logits' or 'probas', not {kind!r}")
    if temperature != 1:
        p = np.power(out, 1.0 / temperature)
        return p / p.sum(axis=-1, keepdims=True)
    return out


def log_probas(out: np.ndarray, kind: OutputKind = "logits", temperature: float = 1) -> np.ndarray:
    """`np.log(p + 1e-12)`: what `wraps(..., rtype='logits')` gives beam search."""
    return np.log(probas(out, kind, temperature) + 1e-12)


def _output_kind(model: Any) -> OutputKind:
    kind = getattr(model, "output_kind", "logits")
    if kind not in ("logits", "probas"):
        raise ValueError(f"{type(model).__name__}.output_kind must be 'logits' or 'probas', not {kind!r}")
    return kind


# ----------------------------------------------------------------------------------------------------------
# Extras (only applied when enabled)


@dataclass(frozen=True)
class _Extras:
    no_repeat_ngram: int = 0
    repetition_penalty: float = 1.0
    suppress_end_id: int | None = None  # set while generated length < min_len (suppress_early_end)

    @property
    def active(self) -> bool:
        return self.no_repeat_ngram > 0 or self.repetition_penalty != 1.0 or self.suppress_end_id is not None


def _banned_tokens(history: np.ndarray, n: int) -> list[int]:
    """Tokens that would complete an n-gram already present in `history` (1-D)."""
    t = len(history)
    if n <= 0 or t < n - 1:
        return []
    if n == 1:
        return sorted(set(history.tolist()))
    h = history.tolist()
    prefix = h[t - n + 1 :]
    return sorted({h[i + n - 1] for i in range(t - n + 1) if h[i : i + n - 1] == prefix})


def _adjusted_logits(out: np.ndarray, kind: OutputKind, histories: np.ndarray, extras: _Extras) -> tuple[np.ndarray, np.ndarray]:
    """Logits with the extras applied, and the mask of banned tokens. `histories` [rows, t] generated ids."""
    if kind == "probas":
        with np.errstate(divide="ignore"):
            z = np.log(out)
    else:
        z = np.array(out, copy=True)
    banned = np.zeros(z.shape, dtype=bool)
    rows = z.shape[0]
    if extras.repetition_penalty != 1.0 and histories.shape[1]:
        theta = extras.repetition_penalty
        for r in range(rows):
            seen = np.unique(histories[r])
            v = z[r, seen]
            z[r, seen] = np.where(v > 0, v / theta, v * theta)
    if extras.no_repeat_ngram > 0:
        for r in range(rows):
            ban = _banned_tokens(histories[r], extras.no_repeat_ngram)
            if ban:
                banned[r, ban] = True
    if extras.suppress_end_id is not None:
        banned[:, extras.suppress_end_id] = True
    # never ban a whole row (a distribution must remain)
    full = banned.all(axis=1)
    banned[full] = False
    z[banned] = -np.inf
    return z, banned


def _step_log_probas(out, kind, temperature, histories, extras):
    if not extras.active:
        return log_probas(out, kind, temperature)
    z, banned = _adjusted_logits(out, kind, histories, extras)
    logp = log_probas(z, "logits", temperature)
    logp[banned] = -np.inf
    return logp


def _step_probas(out, kind, temperature, histories, extras):
    if not extras.active:
        p = probas(out, kind, temperature)
    else:
        z, _ = _adjusted_logits(out, kind, histories, extras)
        p = probas(z, "logits", temperature)
    return p / p.sum(axis=1, keepdims=True)  # bert4keras: "确保归一化"


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.raise_if_cancelled()


def _rows_of(out: Any, expected: int) -> np.ndarray:
    out = np.asarray(out)
    if out.ndim != 2 or out.shape[0] != expected:
        raise ValueError(f"the model returned scores of shape {out.shape}; expected [{expected}, vocab]")
    return out


def _validate_lengths(max_len: int, min_len: int, min_ends: int) -> None:
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    if min_len < 0:
        raise ValueError("min_len must not be negative")
    if min_ends < 1:
        raise ValueError("min_ends must be at least 1")


# ----------------------------------------------------------------------------------------------------------
# Beam search


@dataclass
class _Beams:
    doc: int
    width: int
    ids: np.ndarray  # [k, t] int64, generated ids
    scores: np.ndarray  # [k] float64
    pool: list[tuple[np.ndarray, float]] = field(default_factory=list)  # finished (length_penalty only)


# `_top_k` (and `_StepScores`, which must take the same branches) partitions only the candidates when the
# matrix has more than this many entries and the candidates are under this share of them.
_PARTITION_MIN_SIZE = 4096
_CANDIDATE_SHARE = 4


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Flat indices of the `k` largest scores of [rows, V]: bert4keras's ``scores.argpartition(-k, axis=None)[-k:]``
    run on the entries that can be among them. With at least k rows, every row's maximum is a candidate, so the
    k largest are all >= the smallest row maximum; partitioning only those (a few hundred of rows x V) is what
    makes the step's search cheap. The same set of beams comes out; only candidates tied at the k-th place, and
    the order of the k, may differ from a partition of the whole matrix (the order changes nothing else)."""
    if scores.shape[0] >= k and scores.size > _PARTITION_MIN_SIZE:
        candidates = np.flatnonzero(scores >= scores.max(axis=1).min())
        if len(candidates) * _CANDIDATE_SHARE < scores.size:
            return candidates[scores.ravel()[candidates].argpartition(-k)[-k:]]
    return scores.argpartition(-k, axis=None)[-k:]


class _StepScores:
    """One step's beam scores, ``beam score + log(softmax(out / T) + 1e-12)``, computed only where they can matter.

    The full matrix costs a division, an addition and a logarithm over rows x V (most of a batched step's
    numpy time at V = 50,000), yet a document's k best continuations are all >= the smallest of its rows'
    best scores (see `_top_k`), which only a few entries per row reach. The shift, exp and sum are done
    over everything (the sum is the normaliser); the log only for the entries whose logit can reach that
    threshold, with a margin far above float32 rounding; then they are filtered with the exact scores and
    partitioned exactly as `_top_k` partitions them. Same ufuncs on the same values (numpy's float32 exp and
    log give the same bits wherever an element sits: checked in the tests), so the same beams and scores as
    the full matrix, bit for bit. Documents where the shortcut cannot be proven safe use the full matrix.
    """

    MARGIN = 1e-3  # in log space; float32 rounding of exp/divide/log is ~1e-6 here
    FLOOR = -18.0  # below log(1e-8), the +1e-12 moves a score by more than the margin

    def __init__(self, out: np.ndarray, temperature: float) -> None:
        x = out / temperature if temperature != 1 else out
        self.shifted = x - x.max(axis=-1, keepdims=True)  # as `softmax` computes it
        self.exp = np.exp(self.shifted)
        self.sums = self.exp.sum(axis=-1, keepdims=True)
        self._full: np.ndarray | None = None

    @property
    def vocab(self) -> int:
        return self.exp.shape[1]

    def full(self) -> np.ndarray:
        if self._full is None:
            self._full = np.log(self.exp / self.sums + 1e-12)
        return self._full

    def best(self, lo: int, hi: int, beam_scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Flat indices into the [hi - lo, V] scores of rows lo:hi and their scores: `_top_k` of the full matrix."""
        rows, vocab = hi - lo, self.vocab
        if rows >= k and rows * vocab > _PARTITION_MIN_SIZE:
            sums = self.sums[lo:hi]
            top = np.log(np.exp(np.zeros((rows, 1), np.float32)) / sums + 1e-12)  # each row's max: exp(0) / sum
            threshold = (beam_scores.reshape((-1, 1)) + top).min()
            reach = threshold - beam_scores
            if reach.min() > self.FLOOR:
                cut = (reach + np.log(sums[:, 0].astype(np.float64)) - self.MARGIN).astype(np.float32)
                flat = np.flatnonzero(self.shifted[lo:hi] >= cut.reshape((-1, 1)))
                r, c = np.divmod(flat, vocab)
                scores = beam_scores[r] + np.log(self.exp[lo + r, c] / sums[r, 0] + 1e-12)
                keep = scores >= threshold
                candidates, values = flat[keep], scores[keep]
                if len(candidates) * _CANDIDATE_SHARE < rows * vocab:
                    part = values.argpartition(-k)[-k:]
                    return candidates[part], values[part]
        scores = beam_scores.reshape((-1, 1)) + self.full()[lo:hi]
        indices = _top_k(scores, k)
        return indices, np.take_along_axis(scores, indices, axis=None)


def _normalised(score: float, length: int, alpha: float) -> float:
    return score / max(length, 1) ** alpha


def _pick(candidates: list[tuple[np.ndarray, float]], alpha: float) -> tuple[np.ndarray, float]:
    values = [_normalised(s, len(ids), alpha) for ids, s in candidates]
    return candidates[int(np.argmax(values))]


def beam_search(
    model: StepModel,
    batch_inputs: Sequence[Any],
    *,
    beam_size: int,
    end_id: int,
    max_len: int,
    min_len: int = 1,
    min_ends: int = 1,
    temperature: float = 1,
    length_penalty: float | None = None,
    no_repeat_ngram: int = 0,
    repetition_penalty: float = 1.0,
    suppress_early_end: bool = False,
    on_step: OnStep | None = None,
    cancel: CancelToken | None = None,
) -> list[Hypothesis]:
    """bert4keras `beam_search(inputs, topk=beam_size)` for every document of `batch_inputs` at once.

    Returns one `Hypothesis` per document, in input order. See the module docstring for the semantics.
    """
    if beam_size < 1:
        raise ValueError("beam_size must be at least 1")
    _validate_lengths(max_len, min_len, min_ends)
    if repetition_penalty <= 0:
        raise ValueError("repetition_penalty must be positive")
    kind = _output_kind(model)
    n_docs = len(batch_inputs)
    if n_docs == 0:
        return []
    _check(cancel)
    state, out = model.start(batch_inputs)
    results: list[Hypothesis | None] = [None] * n_docs
    active = [_Beams(d, beam_size, np.empty((1, 0), dtype=np.int64), np.zeros(1)) for d in range(n_docs)]
    alpha = length_penalty

    for step in range(max_len):
        n_rows = sum(b.ids.shape[0] for b in active)
        out = _rows_of(out, n_rows)
        extras = _Extras(
            no_repeat_ngram,
            repetition_penalty,
            end_id if suppress_early_end and step + 1 < min_len else None,
        )
        histories = np.concatenate([b.ids for b in active], 0) if extras.active else None
        if extras.active or kind != "logits":
            step_scores = None
            logp_all = _step_log_probas(out, kind, temperature, histories, extras)
            vocab = logp_all.shape[1]
        else:
            step_scores = _StepScores(out, temperature)
            vocab = step_scores.vocab
        if step == 0 and beam_size > vocab:
            raise ValueError(f"beam_size {beam_size} exceeds the vocabulary ({vocab})")
        last = step == max_len - 1
        offset = 0
        parents: list[np.ndarray] = []
        tokens: list[np.ndarray] = []
        still: list[_Beams] = []
        for b in active:
            rows = b.ids.shape[0]
            k = min(b.width, rows * vocab)
            if step_scores is not None:
                indices, new_scores = step_scores.best(offset, offset + rows, b.scores, k)
            else:
                scores = b.scores.reshape((-1, 1)) + logp_all[offset : offset + rows]
                indices = _top_k(scores, k)
                new_scores = np.take_along_axis(scores, indices, axis=None)
            parent = indices // vocab
            token = indices % vocab
            ids = np.concatenate([b.ids[parent], token.reshape((-1, 1))], 1)
            if extras.active and not np.isfinite(new_scores).all() and np.isfinite(new_scores).any():
                keep = np.isfinite(new_scores)  # banned continuations are not beams (the width stays)
                parent, token, ids, new_scores = parent[keep], token[keep], ids[keep], new_scores[keep]
            is_end = ids[:, -1] == end_id
            end_counts = (ids == end_id).sum(1)
            done = False
            if ids.shape[1] >= min_len:
                best = new_scores.argmax()
                if is_end[best] and end_counts[best] >= min_ends:
                    if alpha is None:
                        results[b.doc] = Hypothesis(ids[best], float(new_scores[best]), True)
                    else:
                        finished = is_end & (end_counts >= min_ends)
                        b.pool.extend((ids[i], float(new_scores[i])) for i in np.flatnonzero(finished))
                        best_ids, best_score = _pick(b.pool, alpha)
                        results[b.doc] = Hypothesis(best_ids, best_score, True)
                    done = True
                else:
                    flag = ~is_end | (end_counts < min_ends)
                    if not flag.all():
                        if alpha is not None:
                            b.pool.extend((ids[i], float(new_scores[i])) for i in np.flatnonzero(~flag))
                        parent, token, ids, new_scores = parent[flag], token[flag], ids[flag], new_scores[flag]
                        b.width = int(flag.sum())  # bert4keras: topk = flag.sum()
            if not done:
                if last:
                    if alpha is None:
                        best = new_scores.argmax()
                        results[b.doc] = Hypothesis(ids[best], float(new_scores[best]), bool(ids[best, -1] == end_id))
                    else:
                        cands = b.pool + [(ids[i], float(new_scores[i])) for i in range(len(ids))]
                        best_ids, best_score = _pick(cands, alpha)
                        results[b.doc] = Hypothesis(best_ids, best_score, bool(best_ids[-1] == end_id))
                else:
                    b.ids, b.scores = ids, new_scores
                    parents.append(offset + parent)
                    tokens.append(token)
                    still.append(b)
            offset += rows
        active = still

        if on_step is not None:
            current: list[np.ndarray] = []
            by_doc = {b.doc: b for b in active}
            for d in range(n_docs):
                if d in by_doc:
                    b = by_doc[d]
                    current.append(b.ids[b.scores.argmax()])
                else:
                    current.append(results[d].ids)  # type: ignore[union-attr]
            on_step(step, current)
        if not active:
            break
        _check(cancel)
        state, out = model.step(
            state,
            np.concatenate(tokens).astype(np.int64, copy=False),
            np.concatenate(parents).astype(np.int64, copy=False),
        )
    return results  # type: ignore[return-value]


def greedy(
    model: StepModel,
    batch_inputs: Sequence[Any],
    *,
    end_id: int,
    max_len: int,
    min_len: int = 1,
    **kwargs: Any,
) -> list[Hypothesis]:
    """bert4keras `beam_search(inputs, topk=1)` (what T5 PEGASUS's finetune.py uses)."""
    return beam_search(model, batch_inputs, beam_size=1, end_id=end_id, max_len=max_len, min_len=min_len, **kwargs)


# ----------------------------------------------------------------------------------------------------------
# Sampling


def _draw(p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Inverse-CDF draws, one per row, as `Generator.choice(len(row), p=row)` computes them."""
    cdf = np.cumsum(p.astype(np.float64), axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(p.shape[0])
    idx = (cdf <= u[:, None]).sum(axis=1)
    return np.minimum(idx, p.shape[1] - 1)


def _legacy_draw(p: np.ndarray) -> np.ndarray:
    sample_func = lambda q: np.random.choice(len(q), p=q)  # noqa: E731  (bert4keras, verbatim)
    return np.apply_along_axis(sample_func, 1, p)


def sample(
    model: StepModel,
    batch_inputs: Sequence[Any],
    *,
    n: int,
    end_id: int,
    max_len: int,
    min_len: int = 1,
    min_ends: int = 1,
    top_k: int | None = None,
    top_p: float | None = None,
    temperature: float = 1,
    seed: SeedLike = None,
    no_repeat_ngram: int = 0,
    repetition_penalty: float = 1.0,
    suppress_early_end: bool = False,
    on_step: OnStep | None = None,
    cancel: CancelToken | None = None,
) -> list[list[np.ndarray]]:
    """bert4keras `random_sample(inputs, n, topk, topp, temperature=...)` for every document at once.

    Returns, per document, its `n` sampled id sequences (no start token) in bert4keras's order: finished
    ones in the order they finished, then those cut at `max_len`. `seed`: see the module docstring.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    _validate_lengths(max_len, min_len, min_ends)
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be at least 1")
    if repetition_penalty <= 0:
        raise ValueError("repetition_penalty must be positive")
    kind = _output_kind(model)
    n_docs = len(batch_inputs)
    if n_docs == 0:
        return []
    legacy = isinstance(seed, str)
    if legacy and seed != NUMPY_GLOBAL:
        raise ValueError(f"seed must be an int, a numpy Generator, None or {NUMPY_GLOBAL!r}")
    if legacy:
        rngs: list[np.random.Generator | None] = [None] * n_docs
    elif isinstance(seed, np.random.Generator):
        rngs = [seed] * n_docs
    elif seed is None:
        rngs = [np.random.default_rng() for _ in range(n_docs)]
    else:
        rngs = [np.random.default_rng(seed) for _ in range(n_docs)]

    _check(cancel)
    state, out = model.start(batch_inputs)
    results: list[list[np.ndarray]] = [[] for _ in range(n_docs)]
    live_docs = list(range(n_docs))  # document of each live group, in row order
    live_ids = [np.empty((1, 0), dtype=np.int64) for _ in range(n_docs)]  # per live document

    for step in range(max_len):
        n_rows = sum(ids.shape[0] for ids in live_ids)
        out = _rows_of(out, n_rows)
        extras = _Extras(
            no_repeat_ngram,
            repetition_penalty,
            end_id if suppress_early_end and step + 1 < min_len else None,
        )
        histories = np.concatenate(live_ids, 0) if extras.active else None
        p = _step_probas(out, kind, temperature, histories, extras)
        counts = [ids.shape[0] for ids in live_ids]
        if step == 0:  # each document's single row becomes n rows
            p = np.repeat(p, n, axis=0)
            parent = np.repeat(np.arange(n_docs), n)
            live_ids = [np.repeat(ids, n, axis=0) for ids in live_ids]
            counts = [n] * n_docs
        else:
            parent = np.arange(n_rows)
        vocab = p.shape[1]
        k_indices = p_indices = None
        if top_k is not None:
            k = min(top_k, vocab)
            k_indices = p.argpartition(-k, axis=1)[:, -k:]
            p = np.take_along_axis(p, k_indices, axis=1)
            p /= p.sum(axis=1, keepdims=True)
        if top_p is not None:
            p_indices = p.argsort(axis=1)[:, ::-1]
            p = np.take_along_axis(p, p_indices, axis=1)
            cumsum = np.cumsum(p, axis=1)
            flag = np.roll(cumsum >= top_p, 1, axis=1)
            flag[:, 0] = False
            p[flag] = 0
            p /= p.sum(axis=1, keepdims=True)
        if legacy:
            picked = _legacy_draw(p)
        else:
            picked = np.empty(p.shape[0], dtype=np.int64)
            offset = 0
            for d, c in zip(live_docs, counts):
                picked[offset : offset + c] = _draw(p[offset : offset + c], rngs[d])
                offset += c
        picked = picked.reshape((-1, 1))
        if p_indices is not None:
            picked = np.take_along_axis(p_indices, picked, axis=1)
        if k_indices is not None:
            picked = np.take_along_axis(k_indices, picked, axis=1)
        picked = picked.reshape(-1).astype(np.int64, copy=False)

        last = step == max_len - 1
        offset = 0
        next_docs, next_ids, parents, tokens = [], [], [], []
        for d, c, ids in zip(live_docs, counts, live_ids):
            tok = picked[offset : offset + c]
            par = parent[offset : offset + c]
            ids = np.concatenate([ids, tok.reshape((-1, 1))], 1)
            if ids.shape[1] >= min_len:
                is_end = ids[:, -1] == end_id
                end_counts = (ids == end_id).sum(1)
                flag = is_end & (end_counts >= min_ends)
                if flag.any():
                    results[d].extend(ids[flag])
                    keep = ~flag
                    ids, tok, par = ids[keep], tok[keep], par[keep]
            if len(ids):
                if last:
                    results[d].extend(ids)
                else:
                    next_docs.append(d)
                    next_ids.append(ids)
                    parents.append(par)
                    tokens.append(tok)
            offset += c
        live_docs, live_ids = next_docs, next_ids

        if on_step is not None:
            snapshot = [list(r) for r in results]
            for d, ids in zip(live_docs, live_ids):
                snapshot[d].extend(ids)
            on_step(step, snapshot)
        if not live_docs:
            break
        _check(cancel)
        state, out = model.step(state, np.concatenate(tokens), np.concatenate(parents).astype(np.int64, copy=False))
    return results
