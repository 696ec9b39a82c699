"""bert4keras's basic split of (already normalised) text into words, with and without positions.

See `charclass` for the rules. `words` is the fast path (delete, then one `findall`); `word_spans` gives the same
words with the position of each character in the input, for offsets.
"""

from __future__ import annotations

from zoo_desktop.tokenizer.charclass import tables

# (word, start, end, positions): the word's characters are text[start:end] with deletable characters removed;
# positions is None when nothing was removed, else the index in text of each character of the word.
WordSpan = tuple[str, int, int, "list[int] | None"]


def words(text: str) -> list[str]:
    t = tables()
    return t.word_re.findall(t.delete_re.sub("", text))


def word_spans(text: str, base: int = 0) -> list[WordSpan]:
    t = tables()
    delete_re = t.delete_re
    out: list[WordSpan] = []
    has_delete = delete_re.search(text) is not None
    for m in t.word_re.finditer(text):
        w = m.group()
        start = m.start() + base
        if not has_delete or delete_re.search(w) is None:
            out.append((w, start, start + len(w), None))
            continue
        deleted = t.delete_codes
        positions = [start + k for k, ch in enumerate(w) if ord(ch) not in deleted]
        if not positions:
            continue
        cleaned = "".join(ch for ch in w if ord(ch) not in deleted)
        out.append((cleaned, positions[0], positions[-1] + 1, positions))
    return out
