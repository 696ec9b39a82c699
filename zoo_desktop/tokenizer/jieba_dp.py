"""jieba's `HMM=False` route for many blocks at once, in numpy (the batch path).

Same dictionary walk and the same float64 arithmetic as `JiebaSegmenter.cut_block` (and so as jieba): for every
position, every dictionary word starting there is a candidate with the weight `log(freq) - log(total)`
(-inf for a prefix-only entry, `log(1) - log(total)` for a character jieba has no entry for); the score of a
position is the best `weight + score[end]`, ties going to the longer word, and -inf falls back to the single
character. numpy adds float64 exactly as Python does, so the route is identical; only the order in which
positions are visited changes (all blocks in lockstep, from their ends).

The dictionary becomes sorted integer keys per word length: a word of length L is
`rank of its first L-1 characters among the (L-1)-character entries * 65536 + code of its last character`
(jieba's FREQ holds every prefix of every word, so the rank always exists). Lookups are `searchsorted` on
sorted query keys, which is what makes this fast. Blocks are runs of jieba's han pattern, all in the BMP;
entries with other characters can never match and are left out.

numpy is imported only when this module is.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

import numpy as np

_NEG = float("-inf")
_BMP = 0x10000


@dataclass
class Level:
    keys: np.ndarray  # sorted int64
    weights: np.ndarray  # float64, aligned with keys
    words: list[str]  # aligned with keys


class JiebaArrays:
    """The dictionary of one jieba instance as arrays (vocabulary-independent; build once, about 1 s)."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        logtotal = log(total)
        self.fallback = log(1) - logtotal
        by_len: dict[int, list[tuple[str, float]]] = {}
        for word, f in freq.items():
            if word and ord(word[-1]) < _BMP:
                by_len.setdefault(len(word), []).append((word, log(f) - logtotal if f else _NEG))
        self.w1 = np.full(_BMP, self.fallback)  # a character without an entry: jieba's fallback weight
        self.r1 = np.full(_BMP, -1, np.int64)
        rank: dict[str, int] = {}
        for i, (word, w) in enumerate(sorted(by_len.get(1, []))):
            self.w1[ord(word)] = w
            self.r1[ord(word)] = i
            rank[word] = i
        self.level1_words = [w for w, _ in sorted(by_len.get(1, []))]
        self.levels: dict[int, Level] = {}
        length = 2
        while by_len.get(length) and rank:
            items = [(rank[w[:-1]] * _BMP + ord(w[-1]), w, wt) for w, wt in by_len[length] if w[:-1] in rank]
            items.sort()
            level = Level(
                np.fromiter((k for k, _, _ in items), np.int64, len(items)),
                np.fromiter((wt for _, _, wt in items), np.float64, len(items)),
                [w for _, w, _ in items],
            )
            self.levels[length] = level
            rank = {w: i for i, w in enumerate(level.words)}
            length += 1


@dataclass
class Routes:
    """The route through a batch of blocks laid out as `block\\0block\\0...` (one sentinel slot after each)."""

    codes: np.ndarray  # int64 code per slot (0 at sentinels)
    starts: np.ndarray  # first slot of each block
    ends: np.ndarray  # sentinel slot of each block
    length: np.ndarray  # chosen word length at each slot
    rank: np.ndarray  # rank of the chosen word in its level (-1 for one character)
    on_route: np.ndarray  # bool: the slot starts a word of the segmentation


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(found mask, index) of `query` in sorted `keys`."""
    if len(keys) == 0:
        return np.zeros(len(query), bool), np.zeros(len(query), np.int64)
    if len(query) > 4096:  # sorted queries keep the binary searches in cache
        order = np.argsort(query)
        idx = np.empty_like(order)
        idx[order] = np.searchsorted(keys, query[order])
    else:
        idx = np.searchsorted(keys, query)
    idx[idx >= len(keys)] = 0
    return keys[idx] == query, idx


def routes(arrays: JiebaArrays, blocks: list[str]) -> Routes:
    lens = np.fromiter(map(len, blocks), np.int64, len(blocks))
    text = "\0".join(blocks) + "\0"
    codes = np.frombuffer(text.encode("utf-16-le"), np.uint16).astype(np.int64)
    n = len(codes)
    starts = np.zeros(len(blocks), np.int64)
    if len(blocks) > 1:
        starts[1:] = np.cumsum(lens + 1)[:-1]
    ends = starts + lens
    # distance of each slot from the last character of its block (-1 at sentinels)
    dist = np.repeat(ends, lens + 1) - 1 - np.arange(n)

    # candidates of length >= 2, level by level, as (length, slots, weights, ranks)
    cands: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
    r = arrays.r1[codes]
    alive = np.flatnonzero((r >= 0) & (dist >= 1))
    alive_rank = r[alive]
    length = 2
    while len(alive) and length in arrays.levels:
        level = arrays.levels[length]
        found, idx = _lookup(level.keys, alive_rank * _BMP + codes[alive + length - 1])
        slots, ranks = alive[found], idx[found]
        cands.append((length, slots, level.weights[ranks], ranks))
        longer = dist[slots] >= length
        alive, alive_rank = slots[longer], ranks[longer]
        length += 1

    w1 = arrays.w1[codes]
    score = np.zeros(n)
    chosen_len = np.ones(n, np.int64)
    chosen_rank = np.full(n, -1, np.int64)
    max_dist = int(dist.max()) if n else -1
    order = np.argsort(dist, kind="stable")
    order = order[np.count_nonzero(dist < 0) :]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(dist[dist >= 0], minlength=max_dist + 1))))
    grouped = []
    for length, slots, weights, ranks in cands:
        d = dist[slots]
        o = np.argsort(d, kind="stable")
        slots, weights, ranks, d = slots[o], weights[o], ranks[o], d[o]
        grouped.append((length, slots, weights, ranks, np.searchsorted(d, np.arange(max_dist + 2))))
    fallback = arrays.fallback
    for d in range(max_dist + 1):
        group = order[bounds[d] : bounds[d + 1]]
        score[group] = w1[group] + score[group + 1]
        for length, slots, weights, ranks, gb in grouped:
            if length - 1 > d:
                break
            a, b = gb[d], gb[d + 1]
            if a == b:
                continue
            q = slots[a:b]
            c = weights[a:b] + score[q + length]
            better = c >= score[q]  # ties go to the longer word
            if better.any():
                qb = q[better]
                score[qb] = c[better]
                chosen_len[qb] = length
                chosen_rank[qb] = ranks[a:b][better]
        stuck = group[score[group] == _NEG]
        if len(stuck):
            score[stuck] = fallback + score[stuck + 1]
            chosen_len[stuck] = 1
            chosen_rank[stuck] = -1

    on_route = np.zeros(n, bool)
    cur = starts.copy()
    live = np.flatnonzero(cur < ends)
    while len(live):
        at = cur[live]
        on_route[at] = True
        cur[live] = at + chosen_len[at]
        live = live[cur[live] < ends[live]]
    return Routes(codes, starts, ends, chosen_len, chosen_rank, on_route)


def block_ids(
    routes_: Routes, char_ids: np.ndarray, word_ids: dict[int, np.ndarray]
) -> tuple[list[int], list[int]]:
    """(token ids of all blocks concatenated, number of ids per block), for blocks whose words outside the
    vocabulary split into single characters (no ASCII letters or digits): a word in the vocabulary gives its
    id, any other word the ids of its characters. `char_ids[code]` is a character's id,
    `word_ids[length][rank]` a word's id or -1."""
    length, on_route = routes_.length, routes_.on_route
    values = char_ids[routes_.codes]
    n = len(values)
    keep = routes_.codes != 0
    delta = np.zeros(n + 1, np.int64)
    for L, ids in word_ids.items():
        at = np.flatnonzero(on_route & (length == L))
        if not len(at):
            continue
        vid = ids[routes_.rank[at]]
        whole = vid >= 0
        at, vid = at[whole], vid[whole]
        values[at] = vid
        np.add.at(delta, at + 1, 1)
        np.add.at(delta, at + L, -1)
    keep &= np.cumsum(delta[:n]) == 0
    counts = np.add.reduceat(keep.astype(np.int64), routes_.starts).tolist() if len(routes_.starts) else []
    return values[keep].tolist(), counts


def blocks_with_ascii_alnum(routes_: Routes) -> list[int]:
    """Indexes of the blocks holding an ASCII letter or digit (jieba's `re_eng`)."""
    c = routes_.codes
    alnum = ((c >= 48) & (c <= 57)) | ((c >= 65) & (c <= 90)) | ((c >= 97) & (c <= 122))
    if not len(routes_.starts) or not alnum.any():
        return []
    return np.flatnonzero(np.add.reduceat(alnum.astype(np.int64), routes_.starts)).tolist()


__all__ = ["JiebaArrays", "Routes", "block_ids", "blocks_with_ascii_alnum", "routes"]
