"""The built-in extractive summarizer against the lead baseline on CSL title generation.

Each CSL abstract is summarized into a "title" of the same length budget for both methods (by
default the mean title length of the rows evaluated, in characters), and scored against the
paper's real title with T5 PEGASUS's metrics (character ROUGE-1/2/L F and smoothed BLEU, in %).

    .venv/bin/python benchmarks/eval_extractive.py                 # all 1000 rows of ts_dev
    .venv/bin/python benchmarks/eval_extractive.py --rows 0:200    # the rows the test uses

The data is ../shared/data/csl/ts_dev.tsv (abstract<TAB>title) next to the project; it is not part
of the project.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zoo_desktop.evaluation import evaluate_generation  # noqa: E402
from zoo_desktop.summarize import lead_baseline, split_sentences, summarize_extractive  # noqa: E402
from zoo_desktop.summarize.extractive import _clauses, fit_to_length  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "csl" / "ts_dev.tsv"


def load_rows(path: Path) -> list[tuple[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                abstract, title = line.split("\t")
                rows.append((abstract, title))
    return rows


def lead_clean(abstract: str, budget: int) -> str:
    """Ablation: the extractive summarizer's clause clean-up (labels, opening filler) applied to the
    first clause, without any ranking — shows what the graph ranking adds on its own."""
    sentences = split_sentences(abstract)
    clauses = _clauses(abstract, sentences)
    if not clauses:
        return fit_to_length(abstract, budget)
    first, end = clauses[0], clauses[0].end
    for nxt in clauses[1:]:
        if nxt.sentence != first.sentence or nxt.end - first.start > budget:
            break
        end = nxt.end
    return fit_to_length(abstract[first.start : end], budget)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="abstract<TAB>title file")
    parser.add_argument("--rows", default=":", help="python slice of rows to use, e.g. 0:200 (default: all)")
    parser.add_argument("--max-chars", type=int, default=None, help="length budget (default: mean title length)")
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2
    start, _, stop = args.rows.partition(":")
    rows = load_rows(args.data)[slice(int(start) if start else None, int(stop) if stop else None)]
    titles = [t for _, t in rows]
    budget = args.max_chars or round(sum(len(t) for t in titles) / len(titles))
    print(f"{args.data.name}: {len(rows)} rows (rows {args.rows}), budget {budget} characters for every method")
    print(f"{'method':12s} {'ROUGE-1':>8s} {'ROUGE-2':>8s} {'ROUGE-L':>8s} {'BLEU':>8s} {'seconds':>8s}")
    for name, summarize in (
        ("lead", lambda a: lead_baseline(a, max_chars=budget).text),
        ("lead+clean", lambda a: lead_clean(a, budget)),
        ("extractive", lambda a: summarize_extractive(a, max_chars=budget).text),
    ):
        t0 = time.perf_counter()
        predictions = [summarize(a) for a, _ in rows]
        elapsed = time.perf_counter() - t0
        s = evaluate_generation(predictions, titles)
        print(f"{name:12s} {s.rouge_1:8.2f} {s.rouge_2:8.2f} {s.rouge_l:8.2f} {s.bleu:8.2f} {elapsed:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
