"""bert4keras's truncation rule (`snippets.truncate_sequences` with index -2), in closed form.

Each sequence is `[CLS] ... [SEP]`. While the total length exceeds `maxlen`, the longest sequence (the first on
ties) loses the token just before its last one. So a sequence cut to length L keeps its first L-1 tokens and its
last token; at length 1 only [SEP] remains. `encode` with a second text allows `maxlen + 1` in total, because
the second sequence then loses its first token ([CLS], or [SEP] if that is all that is left).
bert4keras fails (IndexError) when it would have to shorten a sequence of length 1; here that is a
`TokenizerError`.
"""

from __future__ import annotations

from typing import TypeVar

from zoo_desktop.tokenizer.wordpiece import TokenizerError

T = TypeVar("T")


def truncated_length(maxlen: int, length: int) -> int:
    if length <= maxlen:
        return length
    if maxlen < 1:
        raise TokenizerError(f"maxlen {maxlen} is too small")
    return maxlen


def truncated_pair(maxlen: int, la: int, lb: int) -> tuple[int, int]:
    """Final lengths of two sequences under a shared limit (maxlen already includes the +1 for pairs)."""
    excess = la + lb - maxlen
    if excess <= 0:
        return la, lb
    if la >= lb:
        d = la - lb
        if excess <= d:
            return la - excess, lb
        la, excess = lb, excess - d
    else:
        d = lb - la
        if excess <= d:
            return la, lb - excess
        lb, excess = la, excess - d
    # equal lengths from here: the first sequence goes first on every tie
    la -= (excess + 1) // 2
    lb -= excess // 2
    if la < 1 or lb < 1:
        raise TokenizerError(f"maxlen {maxlen - 1} is too small for a pair of texts")
    return la, lb


def cut(seq: list[T], length: int) -> list[T]:
    """Keep the first length-1 items and the last one."""
    if length >= len(seq):
        return seq
    return seq[: length - 1] + seq[-1:]
