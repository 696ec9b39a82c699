"""bert4keras's `Tokenizer.decode`: tokens back to readable text.

1. drop every token that starts with "[" and ends with "]" ([CLS], [SEP], [UNK], [unused1], ...);
2. join: a `##` piece is glued to what precedes it; a single CJK character is glued; a single punctuation
   character is glued and followed by a space; a token after text ending in a CJK character is glued;
   anything else gets a space before it;
3. clean up: runs of spaces become one; "' s " becomes "'s " (also re, m, t, ve, d, ll); a space after CJK
   punctuation or one of `+-/={(<[` is removed; "1. 5" becomes "1.5" (any Unicode digits); strip.

One deliberate difference: bert4keras raises IndexError when a token other than the first follows an empty
text (only possible with an empty-string or bare "##" token, from ids the tokenizer never produces); here
that case counts as "not after CJK".
"""

from __future__ import annotations

import re
from typing import Iterable

from zoo_desktop.tokenizer.charclass import is_cjk_code, is_punctuation_char

CJK_PUNCTUATION = (
    "\uff02\uff03\uff04\uff05\uff06\uff07\uff08\uff09\uff0a\uff0b\uff0c\uff0d\uff0f\uff1a\uff1b\uff1c\uff1d\uff1e"
    "\uff20\uff3b\uff3c\uff3d\uff3e\uff3f\uff40\uff5b\uff5c\uff5d\uff5e\uff5f\uff60\uff62\uff63\uff64\u3000\u3001"
    "\u3003\u3008\u3009\u300a\u300b\u300c\u300d\u300e\u300f\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301a"
    "\u301b\u301c\u301d\u301e\u301f\u3030\u303e\u303f\u2013\u2014\u2018\u2019\u201b\u201c\u201d\u201e\u201f\u2026"
    "\u2027\ufe4f\ufe51\ufe54\u00b7\uff01\uff1f\uff61\u3002"
)

_SPACES = re.compile(" +")
# bert4keras: re.sub("' (re|m|s|t|ve|d|ll) ", "'\\1 ", text) and re.sub("(<one of the punctuation>) ", "\\1", text).
# Their matches never overlap, so removing just the space (no template expansion per match) is the same.
_CONTRACTION = re.compile("(?<=') (?=(?:re|m|s|t|ve|d|ll) )")
_AFTER_PUNCT = re.compile("(?<=[%s]) " % "".join(re.escape(p) for p in CJK_PUNCTUATION + "+-/={(<["))
_DECIMAL = re.compile(r"(\d\.) (\d)")  # these can overlap ("1. 2. 3" -> "1.2. 3"): kept as bert4keras has it


def is_special(token: str) -> bool:
    return bool(token) and token[0] == "[" and token[-1] == "]"


def _is_cjk(ch: str) -> bool:
    return is_cjk_code(ord(ch))


_SKIP, _GLUE, _WORD = 0, 1, 2
_NO_TEXT = -1  # "the text is still empty"


def _classify(token: str) -> tuple[int, str, int, int]:
    """(kind, text to add, then: does the text end in CJK (1/0/unchanged=-2), and after a spaced WORD)."""
    if is_special(token):
        return _SKIP, "", -2, -2
    if token[:2] == "##":
        piece = token[2:]
    elif len(token) == 1 and _is_cjk(token):
        piece = token
    elif len(token) == 1 and is_punctuation_char(token):
        piece = token + " "
    else:  # glued after CJK text, else with a space before it
        tail = int(_is_cjk(token[-1])) if token else -2
        return _WORD, token, tail, tail if token else 0
    return _GLUE, piece, (int(_is_cjk(piece[-1])) if piece else -2), -2


_kinds: dict[str, tuple[int, str, int, int]] = {}


def decode_tokens(tokens: Iterable[str]) -> str:
    kinds = _kinds
    if len(kinds) > 1 << 17:
        kinds.clear()
    parts: list[str] = []
    last = _NO_TEXT  # does the text so far end in a CJK character: 1, 0, or _NO_TEXT
    i = 0
    for token in tokens:
        k = kinds.get(token)
        if k is None:
            k = kinds[token] = _classify(token)
        kind, piece, tail, spaced_tail = k
        if kind == _SKIP:
            continue
        if kind == _GLUE:
            if piece:
                parts.append(piece)
                last = tail
        elif i > 0 and last == 1:
            parts.append(piece)
            if tail != -2:
                last = tail
        else:
            parts.append(" " + piece)
            last = spaced_tail
        i += 1
    text = "".join(parts)
    text = _SPACES.sub(" ", text)
    text = _CONTRACTION.sub("", text)
    text = _AFTER_PUNCT.sub("", text)
    text = _DECIMAL.sub("\\1\\2", text)
    return text.strip()
