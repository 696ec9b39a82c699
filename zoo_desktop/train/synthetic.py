"""Small synthetic corpora for tests and demos when no real data is at hand (no TensorFlow).

`sentiment_corpus`: short Chinese "reviews" whose label is decided by the cue characters they hold
(filler characters drawn from the commonest ones, plus 1-3 cues of one class), so a model can learn it in
a few hundred steps. `title_corpus`: (text, title) pairs where the title repeats the text's first words.
Every character is among the 2500 commonest, so every zoo vocab (and the test vocabs) holds it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

CUES = {
    "正面": "好棒赞美爱喜乐优",
    "负面": "差坏烂糟慢贵脏吵",
    "中性": "书房机店车门路水",
}
FILLER = "的是了一有我这在人个还看就到也没以时能来大上用中可要和间都对多为说小得点子过后感么比下生会们自方"


def sentiment_corpus(n: int, *, classes: Sequence[str] = ("负面", "正面"), seed: int = 0,
                     length: tuple[int, int] = (8, 30)) -> list[tuple[str, str]]:
    """`n` (text, label name) pairs, classes balanced in expectation."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        label = classes[int(rng.integers(len(classes)))]
        size = int(rng.integers(length[0], length[1] + 1))
        chars = list(rng.choice(list(FILLER), size))
        for _ in range(int(rng.integers(1, 4))):
            chars.insert(int(rng.integers(len(chars) + 1)), str(rng.choice(list(CUES[label]))))
        rows.append(("".join(chars), label))
    return rows


def title_corpus(n: int, *, seed: int = 0, length: tuple[int, int] = (20, 60)) -> list[tuple[str, str]]:
    """`n` (text, title) pairs: the title is the text's first 4-8 characters."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        size = int(rng.integers(length[0], length[1] + 1))
        text = "".join(rng.choice(list(FILLER + "".join(CUES.values())), size))
        rows.append((text, text[: int(rng.integers(4, 9))]))
    return rows


def write_tsv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        writer.writerows(rows)
    return path
