"""Tokenizer throughput: zoo_desktop.tokenizer vs bert4keras 0.11.5, on the whole sentiment corpus.

    .venv/bin/python benchmarks/bench_tokenizer.py [--data ../shared/data] [--repeat 3]

Encodes every line of sentiment/{train,valid,test}.tsv (21105 texts) in three setups: the BERT vocab without and
with jieba pre-tokenization, and a 50000-token word vocab (the BERT vocab plus jieba's most frequent dictionary
words, like T5 PEGASUS's) with jieba. bert4keras runs `encode(text)` per line; ours runs `encode(text)` per line
and `encode_batch(lines)` once. Every pass starts with cold caches (`clear_caches()`, which also empties the
process-wide jieba block cache); one-off loading (bert4keras import, jieba's dictionary, our character tables and
the numpy tables of the batch path) happens before the clock starts. Each pass checks that the ids agree.
Prints lines per CPU-second (process time, so that other load on the machine counts less) and the speed-ups
(best of --repeat passes, interleaved).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def read_sentiment(data: Path) -> list[str]:
    lines: list[str] = []
    for name in ("train", "valid", "test"):
        with open(data / "sentiment" / f"{name}.tsv", encoding="utf-8") as f:
            for line in f:
                lines.append(line.rstrip("\n").split("\t")[0])
    return lines


def build_word_vocab(bert_vocab: Path, out: Path, size: int = 50000) -> Path:
    """BERT vocab, then jieba dictionary words (most frequent first) not already present, up to `size`."""
    import jieba

    tokens = [line.rstrip("\n") for line in open(bert_vocab, encoding="utf-8")]
    seen = set(tokens)
    entries = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            word, freq = line.split(" ")[:2]
            entries.append((-int(freq), i, word))
    for _, _, word in sorted(entries):
        if len(tokens) >= size:
            break
        if word not in seen:
            seen.add(word)
            tokens.append(word)
    out.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return out


def timed(fn: Callable[[str], Any], lines: list[str]) -> tuple[float, list[Any]]:
    gc.collect()
    t0 = time.process_time()
    results = [fn(line) for line in lines]
    return time.process_time() - t0, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / "sentiment").is_dir():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2

    import tempfile

    from zoo_desktop.convert.b4k import load_bert4keras
    from zoo_desktop.tokenizer import Tokenizer

    load_bert4keras()
    import jieba
    from bert4keras.tokenizers import Tokenizer as B4KTokenizer

    jieba.setLogLevel(60)
    lines = read_sentiment(args.data)
    chars = sum(map(len, lines))
    bert_vocab = args.data / "bert_chinese_vocab.txt"
    tmp = Path(tempfile.mkdtemp())
    word_vocab = build_word_vocab(bert_vocab, tmp / "word_vocab.txt")
    print(f"corpus: {len(lines)} lines, {chars} characters; python {sys.version.split()[0]}")

    def jieba_cut(s: str) -> Any:
        return jieba.cut(s, HMM=False)

    setups = [
        ("BERT vocab, no pre-tokenization", bert_vocab, None),
        ("BERT vocab, jieba", bert_vocab, "jieba"),
        ("50000-word vocab, jieba", word_vocab, "jieba"),
    ]
    # one-off loading outside the clock
    jieba.initialize()
    rows = []
    for label, vocab, pre in setups:
        best_b = best_z = best_batch = float("inf")
        ours = Tokenizer.from_vocab_file(vocab, pre_tokenize=pre, cache_dir=tmp / "jieba")
        ours.encode_batch(["预热 warm-up 预热"] * 64)
        for _ in range(args.repeat):
            b4k = B4KTokenizer(str(vocab), do_lower_case=True, pre_tokenize=jieba_cut if pre else None)
            tb, rb = timed(b4k.encode, lines)
            ours.clear_caches()
            tz, rz = timed(ours.encode, lines)
            ours.clear_caches()
            gc.collect()
            t0 = time.process_time()
            rbatch = ours.encode_batch(lines)
            tbatch = time.process_time() - t0
            if rb != rz or rb != rbatch:
                bad = sum(1 for x, y, z in zip(rb, rz, rbatch) if not x == y == z)
                print(f"MISMATCH in {label}: {bad} lines differ", file=sys.stderr)
                return 1
            best_b, best_z, best_batch = min(best_b, tb), min(best_z, tz), min(best_batch, tbatch)
        n = len(lines)
        rows.append((label, n / best_b, n / best_z, n / best_batch))
        print(
            f"{label:32s} bert4keras {n / best_b:7.0f} lines/s | ours encode {n / best_z:7.0f} lines/s"
            f" ({best_b / best_z:4.1f}x) | ours encode_batch {n / best_batch:7.0f} lines/s"
            f" ({best_b / best_batch:4.1f}x)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
