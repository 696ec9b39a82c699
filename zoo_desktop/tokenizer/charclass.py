"""Character classes of bert4keras's basic tokenizer, as compiled regular expressions.

bert4keras decides per character, in this order (`Tokenizer._tokenize`):

1. punctuation (ASCII 33-47, 58-64, 91-96, 123-126, or Unicode category P*) or a CJK ideograph: a word of its own;
2. space (' ', '\\t', '\\n', '\\r' or category Zs): a separator;
3. U+0000, U+FFFD, category Cc or Cf: deleted (so it joins its neighbours into one word);
4. anything else: part of a word.

The result is then cut with `str.split()`, so the other characters for which `str.isspace()` is true and that
survive steps 1-3 (U+2028, U+2029) separate words too. With `do_lower_case`, category Mn is deleted before all that.

The tables come from the running Python's `unicodedata`, exactly as bert4keras sees it, built once per process on
first use (about 0.3 s) and never at import time.

Regex note: `re` checks the BMP part of a character class through a bitmap but scans every non-BMP range one by
one, so each class is split into a bitmap part and a guarded non-BMP part to keep CJK and Latin text fast.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from typing import Iterable
from itertools import compress

CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)

_ASCII_PUNCT = set(range(33, 48)) | set(range(58, 65)) | set(range(91, 97)) | set(range(123, 127))
_NON_BMP = "\\U00010000-\\U0010ffff"


def is_cjk_code(code: int) -> bool:
    """bert4keras `_is_cjk_character`."""
    for lo, hi in CJK_RANGES:
        if lo <= code <= hi:
            return True
    return False


def is_punctuation_char(ch: str) -> bool:
    """bert4keras `_is_punctuation`."""
    code = ord(ch)
    return code in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted codes as (first, last) runs."""
    # a plain loop: list(zip(...)) over ~100k codes was one GIL-holding C call that froze the app's GUI thread
    runs: list[tuple[int, int]] = []
    first = last = -2
    for code in codes:
        if code != last + 1:
            if last >= 0:
                runs.append((first, last))
            first = code
        last = code
    if last >= 0:
        runs.append((first, last))
    return runs


def _esc(code: int) -> str:
    return f"\\U{code:08x}"


def _class_body(ranges: list[tuple[int, int]]) -> str:
    return "".join(_esc(a) if a == b else f"{_esc(a)}-{_esc(b)}" for a, b in ranges)


class CodeSet:
    """A set of code points as regex class bodies, split into the BMP part and the rest."""

    def __init__(self, codes: Iterable[int]) -> None:
        ordered = sorted(codes)
        self.bmp = _class_body(_ranges([c for c in ordered if c < 0x10000]))
        self.astral = _class_body(_ranges([c for c in ordered if c >= 0x10000]))


def positive(cs: CodeSet) -> str:
    """A regex matching one character of the set, fast for BMP text."""
    parts = []
    if cs.bmp:
        parts.append(f"[{cs.bmp}]")
    if cs.astral:
        parts.append(f"(?=[{_NON_BMP}])[{cs.astral}]")
    if not parts:
        return "(?!)"
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def negative(cs: CodeSet) -> str:
    """A regex matching one character NOT in the set, fast for BMP text."""
    first = f"[^{cs.bmp}{_NON_BMP}]"
    second = f"(?![{cs.astral}])[{_NON_BMP}]" if cs.astral else f"[{_NON_BMP}]"
    return f"(?:{first}|{second})"


def bmp_only(cs: CodeSet) -> str:
    """One character class of the set's BMP members (valid only for text without non-BMP characters)."""
    return f"[{cs.bmp}]" if cs.bmp else "(?!)"


def bmp_only_negative(cs: CodeSet) -> str:
    return f"[^{cs.bmp}]"


@dataclass(frozen=True)
class CharTables:
    run_re: re.Pattern[str]
    """Two groups: a run of punctuation/CJK characters (each one a word), or one word of other characters.
    Apply to text from which the deletable characters are already gone."""
    run_bmp_re: re.Pattern[str]
    """`run_re` for text without non-BMP characters (single classes, much faster)."""
    delete_bmp_re: re.Pattern[str]
    astral_re: re.Pattern[str]
    """Any character outside the BMP."""
    mn_or_delete_bmp_re: re.Pattern[str]
    word_re: re.Pattern[str]
    """One match per word of the basic split: a punctuation/CJK character, or a run of other non-separators
    (deletable characters included; remove them with `delete_re`)."""
    delete_re: re.Pattern[str]
    """Characters bert4keras deletes: U+0000, U+FFFD, Cc and Cf (but not the spaces among them)."""
    mn_re: re.Pattern[str]
    """Category Mn (removed by `do_lower_case` after NFD)."""
    mn_or_delete_re: re.Pattern[str]
    """Both of the above in one pass."""
    delete_codes: frozenset[int]
    mn_codes: frozenset[int]
    isolate_codes: frozenset[int]
    separator_codes: frozenset[int]


_lock = threading.Lock()


_SLICE = 1 << 15


def _all_characters() -> str:
    """Every code point, surrogates included, as one string.

    Built in slices of _SLICE code points: one array and one decode over all 1.1M would each hold the GIL
    for tens of milliseconds (and far longer on a loaded machine), freezing the app's GUI thread."""
    encoding = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
    parts = []
    for start in range(0, 0x110000, _SLICE):
        codes = array("I", range(start, min(start + _SLICE, 0x110000)))
        if codes.itemsize != 4:  # pragma: no cover
            return "".join(map(chr, range(0x110000)))
        parts.append(codes.tobytes().decode(encoding, "surrogatepass"))
    return "".join(parts)


def _spaces(everything: str) -> set[int]:
    """Code points that `str.split()` splits on, found slice by slice (one regex scan over 1.1M characters
    is a single GIL-holding C call)."""
    found: set[int] = set()
    for start in range(0, len(everything), _SLICE):
        found.update(start + m.start() for m in re.finditer(r"\s", everything[start:start + _SLICE]))
    return found


@functools.cache
def _build() -> CharTables:
    # Vectorised over all code points (C-level map/compress), about 0.3 s.
    n = 0x110000
    everything = _all_characters()
    # In slices: one C-level map over all 1.1M code points would hold the GIL for ~0.2 s and freeze the GUI
    # thread of the app while a worker builds its first tokenizer.
    cats: list[str] = []
    for start in range(0, n, _SLICE):
        cats.extend(map(unicodedata.category, everything[start:start + _SLICE]))
    wanted = frozenset({"Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Zs", "Cc", "Cf", "Mn"})
    by_cat: dict[str, set[int]] = {}
    for code in compress(range(n), map(wanted.__contains__, cats)):
        by_cat.setdefault(cats[code], set()).add(code)

    def where(names: set[str]) -> set[int]:
        return set().union(*(by_cat.get(name, set()) for name in names))

    punct = where({"Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps"}) | _ASCII_PUNCT
    cjk = {c for lo, hi in CJK_RANGES for c in range(lo, hi + 1)}
    isolate = punct | cjk
    space = (where({"Zs"}) | {ord(c) for c in " \n\r\t"}) - isolate
    delete = (where({"Cc", "Cf"}) | {0, 0xFFFD}) - isolate - space
    # kept by bert4keras's loop, then split on by str.split() (U+2028, U+2029)
    other_space = _spaces(everything) - isolate - space - delete
    separator = space | other_space
    mn = where({"Mn"})
    iso, iso_sep = CodeSet(isolate), CodeSet(isolate | separator)
    dele, mns, mn_dele = CodeSet(delete), CodeSet(mn), CodeSet(mn | delete)
    return CharTables(
        run_re=re.compile(f"((?:{positive(iso)})+)|({negative(iso_sep)}+)"),
        run_bmp_re=re.compile(f"({bmp_only(iso)}+)|({bmp_only_negative(iso_sep)}+)"),
        delete_bmp_re=re.compile(bmp_only(dele)),
        astral_re=re.compile(f"[{_NON_BMP}]"),
        mn_or_delete_bmp_re=re.compile(bmp_only(mn_dele)),
        word_re=re.compile(f"{positive(iso)}|{negative(iso_sep)}+"),
        delete_re=re.compile(positive(dele)),
        mn_re=re.compile(positive(mns)),
        mn_or_delete_re=re.compile(positive(mn_dele)),
        delete_codes=frozenset(delete),
        mn_codes=frozenset(mn),
        isolate_codes=frozenset(isolate),
        separator_codes=frozenset(separator),
    )


def tables() -> CharTables:
    """The process-wide tables, built on first call."""
    with _lock:
        return _build()
