"""bert4keras's `lowercase_and_normalize`: `lower()`, NFD, drop category Mn (no NFKC).

`normalize` is the fast path. `normalize_with_map` returns the same string plus, for every character of it, the
index of the character of the original text it came from (for offsets). It follows the whole-text operations
exactly (Python's final-sigma rule in `lower()`, canonical reordering of combining marks across characters)
so the normalised text is always identical to bert4keras's; only the map is derived per character.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence

from zoo_desktop.tokenizer.charclass import tables

_nfd = unicodedata.normalize


def normalize(text: str) -> str:
    """Exactly `bert4keras.snippets.lowercase_and_normalize(text)`."""
    text = text.lower()
    if text.isascii():
        return text
    text = _nfd("NFD", text)
    return tables().mn_re.sub("", text)


def _canonical_order(chars: list[str], src: list[int]) -> tuple[list[str], list[int]]:
    """Stable-sort each run of non-starters by combining class (the NFD reordering), carrying `src` along."""
    combining = unicodedata.combining
    out_c: list[str] = []
    out_s: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        if combining(chars[i]) == 0:
            out_c.append(chars[i])
            out_s.append(src[i])
            i += 1
            continue
        j = i
        while j < n and combining(chars[j]) != 0:
            j += 1
        run = sorted(range(i, j), key=lambda k: combining(chars[k]))
        out_c.extend(chars[k] for k in run)
        out_s.extend(src[k] for k in run)
        i = j
    return out_c, out_s


def normalize_with_map(text: str, do_lower_case: bool = True) -> tuple[str, Sequence[int]]:
    """(normalised text, original index of each of its characters)."""
    if not do_lower_case:
        return text, range(len(text))
    lowered = text.lower()
    if len(lowered) == len(text):
        lmap: Sequence[int] = range(len(text))
    else:  # U+0130 lowers to two characters
        lmap = [i for i, ch in enumerate(text) for _ in range(len(ch.lower()))]
        if len(lmap) != len(lowered):  # pragma: no cover - defensive
            lmap = [min(i * len(text) // max(len(lowered), 1), len(text) - 1) for i in range(len(lowered))]
    if lowered.isascii():
        return lowered, lmap
    nfd = _nfd("NFD", lowered)
    if nfd == lowered:
        chars_map: Sequence[int] = lmap
    else:
        chars: list[str] = []
        src: list[int] = []
        for k, ch in enumerate(lowered):
            d = _nfd("NFD", ch)
            chars.extend(d)
            src.extend([lmap[k]] * len(d))
        if "".join(chars) != nfd:
            chars, src = _canonical_order(chars, src)
            if "".join(chars) != nfd:  # pragma: no cover - defensive: offsets approximate, text still exact
                src = [lmap[min(i * len(lowered) // max(len(nfd), 1), len(lowered) - 1)] for i in range(len(nfd))]
        chars_map = src
    t = tables()
    if t.mn_re.search(nfd) is None:
        return nfd, chars_map
    mn = t.mn_codes
    keep = [i for i, ch in enumerate(nfd) if ord(ch) not in mn]
    return "".join(nfd[i] for i in keep), [chars_map[i] for i in keep]
