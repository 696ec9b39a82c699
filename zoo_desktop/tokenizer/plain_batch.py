"""The basic tokenizer (no pre-tokenization) over many texts at once, in numpy (the batch path).

The texts are joined with U+2029 (a separator for bert4keras and unchanged by lower-casing and NFD; batches
whose texts contain it take the per-text path) and normalised in one go, which gives exactly the per-text
results: lower-casing's only context rule (final sigma) and NFD's reordering both stop at a separator. Then
every punctuation/CJK character maps to its id through a table, and each run of other characters is a word
for the (cached) WordPiece. numpy is imported only when this module is.
"""

from __future__ import annotations

import threading
from itertools import chain
from typing import Callable

import numpy as np

from zoo_desktop.tokenizer.charclass import CharTables

LINE_SEP = "\u2029"
_KEEP, _ISOLATE, _SEPARATOR = 0, 1, 2

_lock = threading.Lock()
_class_table: np.ndarray | None = None


def class_table(tables: CharTables) -> np.ndarray:
    global _class_table
    with _lock:
        if _class_table is None:
            t = np.zeros(0x110000, np.uint8)
            t[np.fromiter(tables.isolate_codes, np.int64)] = _ISOLATE
            t[np.fromiter(tables.separator_codes, np.int64)] = _SEPARATOR
            _class_table = t
        return _class_table


def char_id_table(tables: CharTables, token_id: Callable[[str], int | None]) -> np.ndarray:
    """id of every punctuation/CJK character (its own, or [UNK]'s; -1 where neither exists)."""
    t = np.zeros(0x110000, np.int32)
    codes = np.fromiter(tables.isolate_codes, np.int64)
    ids = [token_id(chr(c)) for c in codes.tolist()]
    t[codes] = np.array([-1 if i is None else i for i in ids], np.int32)
    return t


def batch_ids(
    prepared: str, classes: np.ndarray, char_ids: np.ndarray, word_ids: Callable[[str], tuple[int, ...]]
) -> list[list[int]]:
    """Ids (without [CLS]/[SEP]) of each text in `prepared`: normalised texts with deletable characters
    removed, joined by LINE_SEP."""
    codes = np.frombuffer(prepared.encode("utf-32-le", "surrogatepass"), np.uint32)
    cls = classes[codes]
    keep = cls == _KEEP
    # runs of KEEP characters are words
    edge = np.diff(np.concatenate(([False], keep, [False])).astype(np.int8))
    w_start = np.flatnonzero(edge == 1)
    w_end = np.flatnonzero(edge == -1)
    word_tuples = list(map(word_ids, map(prepared.__getitem__, map(slice, w_start.tolist(), w_end.tolist()))))
    w_len = np.fromiter(map(len, word_tuples), np.int64, len(word_tuples))
    iso = cls == _ISOLATE
    count = iso.astype(np.int64)
    count[w_start] = w_len
    offset = np.cumsum(count) - count
    values = np.empty(int(count.sum()), np.int64)
    values[offset[iso]] = char_ids[codes[iso]]
    if len(word_tuples):
        flat = np.fromiter(chain.from_iterable(word_tuples), np.int64, int(w_len.sum()))
        first = np.repeat(offset[w_start], w_len)
        within = np.arange(len(flat)) - np.repeat(np.cumsum(w_len) - w_len, w_len)
        values[first + within] = flat
    if len(values) and values.min() < 0:
        from zoo_desktop.tokenizer.wordpiece import TokenizerError

        raise TokenizerError("a character is not in the vocabulary, which has no [UNK]")
    seps = np.flatnonzero(codes == ord(LINE_SEP))
    bounds = [0, *offset[seps].tolist(), len(values)]
    flat_list = values.tolist()
    return [flat_list[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
