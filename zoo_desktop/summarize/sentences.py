"""Chinese (and mixed Chinese/English) sentence splitting with character spans.

A sentence ends at a run of terminators — 。！？；… (``……`` included), the full-width ．｡,
ASCII ``!`` ``?`` (``!?``, ``?!``, ``!!!``) — or at a line break. Closing quotes and brackets
right after the terminators (”’」』）】》〉 and ASCII ``) ] } " '``) stay with the sentence they close.

ASCII ``.`` and ``;`` are also terminators, since much Chinese text (CSL's abstracts, for one)
is typed with half-width punctuation, but only where they plainly end a sentence: ``.`` not inside a
number (``0.05``, ``2.5倍``), not in a list marker at the start of a sentence (``1. 引言``), and
only when followed by the end of the text, whitespace, a CJK character or an opening quote;
``;`` likewise only before whitespace, the end, or a CJK character.

Each `Sentence` carries ``start``/``end`` offsets into the original text such that
``text[start:end] == sentence.text``; whitespace around sentences is not part of them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "sentence_texts"]

# Always end a sentence (may repeat: "？！", "……", "!!!").
_STRONG = frozenset("。！？；…!?｡．")
# Half-width terminators that depend on context.
_WEAK = frozenset(".;")
_CLOSERS = frozenset("”’」』）】》〉〕｝］")
# ASCII closers are ambiguous ('"' opens as well as closes): they stay with the sentence only
# when that sentence has an unmatched opener.
_ASCII_CLOSERS = {")": "(", "]": "[", "}": "{", '"': '"', "'": "'"}
_OPENERS = frozenset("“‘「『（【《〈〔｛［([{\"'")
_NEWLINES = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of the first character in the source text
    end: int  # offset one past the last character

    def __len__(self) -> int:
        return self.end - self.start


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FFFF
        or 0xF900 <= o <= 0xFAFF
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
    )


def _weak_terminates(text: str, i: int, seg_start: int) -> bool:
    """Whether the ASCII '.' or ';' at text[i] ends a sentence."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else ""
    if ch == ".":
        if nxt == ".":  # part of "..." — decided at the last dot of the run
            return True
        if prev.isdigit() and nxt.isdigit():  # 0.05
            return False
        # "1. 引言" / "2.概述": a list marker at the start of the sentence.
        j = i - 1
        while j >= seg_start and text[j].isdigit():
            j -= 1
        if j < i - 1 and (j < seg_start or text[j].isspace()) and i - 1 - j <= 3:
            return False
    if nxt == "" or nxt.isspace() or nxt in _NEWLINES:
        return True
    if _is_cjk(nxt) or nxt in _OPENERS:
        return True
    return False


def _unmatched(text: str, start: int, end: int, closer: str) -> bool:
    """Whether text[start:end] leaves an ASCII `closer`'s opener open."""
    opener = _ASCII_CLOSERS[closer]
    segment = text[start:end]
    if opener == closer:
        return segment.count(closer) % 2 == 1
    return segment.count(opener) > segment.count(closer)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences; every non-blank character belongs to exactly one sentence."""
    sentences: list[Sentence] = []
    n = len(text)
    seg_start = 0
    i = 0

    def emit(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Sentence(text[start:end], start, end))

    while i < n:
        ch = text[i]
        if ch in _NEWLINES:
            emit(seg_start, i)
            i += 1
            seg_start = i
            continue
        if ch in _STRONG or (ch in _WEAK and _weak_terminates(text, i, seg_start)):
            j = i + 1
            # Absorb further terminators and closing quotes/brackets: 。”  ？！」  ……）  ."
            while j < n:
                c = text[j]
                if c in _STRONG or c in _CLOSERS or (c in _ASCII_CLOSERS and _unmatched(text, seg_start, j, c)):
                    j += 1
                elif c in _WEAK and (c == "." or _weak_terminates(text, j, seg_start)):
                    j += 1
                else:
                    break
            emit(seg_start, j)
            seg_start = j
            i = j
            continue
        i += 1
    emit(seg_start, n)
    return sentences


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]
