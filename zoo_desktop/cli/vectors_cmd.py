"""`zoo embed`, `zoo similar`, `zoo search`, `zoo paraphrase`: SimBERT sentence vectors and paraphrases."""

from __future__ import annotations

import argparse
from pathlib import Path

from zoo_desktop.cli.context import CliContext
from zoo_desktop.cli.tasks_common import (
    InputText,
    add_input_args,
    add_model_args,
    exit_code,
    fail_if_nothing,
    input_names,
    make_engine,
    progress_bar,
    read_lines,
    report_failures,
    stdin_is_terminal,
)
from zoo_desktop.errors import UsageError

SIMBERT = "SimBERT model id (default: the largest converted SimBERT)"


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("embed", help="SimBERT sentence vectors (unit length), one per line of text")
    add_input_args(p, "text files, one sentence per line")
    add_model_args(p, model_help=SIMBERT)
    p.add_argument("-o", "--output", type=Path, metavar="FILE.npy", help="also save the vectors as a numpy matrix [N, dim]")
    p.add_argument("--max-len", type=int, default=512, metavar="N", help="input tokens per sentence (default 512)")
    p.add_argument("--batch-size", type=int, default=32, metavar="N", help="sentences per model call (default 32)")
    p.set_defaults(handler=cmd_embed)

    p = sub.add_parser("similar", help="cosine similarity of sentence pairs (SimBERT)")
    add_input_args(p, "files of sentence pairs, one pair per line separated by a tab")
    add_model_args(p, model_help=SIMBERT)
    p.add_argument("--max-len", type=int, default=512, metavar="N", help="input tokens per sentence (default 512)")
    p.set_defaults(handler=cmd_similar)

    p = sub.add_parser("search", help="the corpus sentences most similar to each query (SimBERT, exact cosine)")
    add_input_args(p, "files of queries, one per line")
    add_model_args(p, model_help=SIMBERT)
    p.add_argument("--corpus", required=True, type=Path, metavar="PATH",
                   help="a file of sentences (one per line) or a folder of documents; its index is kept under ZOO_HOME/cache")
    p.add_argument("--unit", default="auto", choices=("auto", "line", "sentence", "document"),
                   help="what one corpus entry is (default: lines of a file, sentences of a folder's documents)")
    p.add_argument("-k", "--top", dest="k", type=int, default=10, metavar="K", help="results per query (default 10)")
    p.add_argument("--max-len", type=int, default=512, metavar="N", help="input tokens per sentence (default 512)")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("paraphrase", help="paraphrases of each sentence (SimBERT's gen_synonyms)")
    add_input_args(p, "files of sentences, one per line")
    add_model_args(p, model_help=SIMBERT)
    p.add_argument("-n", "--samples", dest="n", type=int, default=100, metavar="N", help="candidates sampled (default 100)")
    p.add_argument("-k", "--keep", dest="k", type=int, default=20, metavar="K", help="paraphrases kept, best first (default 20)")
    p.add_argument("--top-k", type=int, default=5, metavar="K", help="sampling: the K most likely tokens (default 5)")
    p.add_argument("--top-p", type=float, default=None, metavar="P", help="sampling: nucleus probability")
    p.add_argument("--max-len", type=int, default=32, metavar="N", help="paraphrase length in tokens (default 32)")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="random seed (reproducible output)")
    p.set_defaults(handler=cmd_paraphrase)


def _positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise UsageError(f"{name} must be at least 1")


def cmd_embed(args: argparse.Namespace, ctx: CliContext) -> int:
    import numpy as np

    from zoo_desktop.tasks.embed import open_encoder

    _positive("--max-len", args.max_len)
    _positive("--batch-size", args.batch_size)
    items, failures = read_lines(args)
    fail_if_nothing(items, failures)
    engine = make_engine(args, ctx)
    try:
        encoder = open_encoder(engine, args.model_id, max_len=args.max_len, batch_size=args.batch_size)
        report_failures(ctx, failures)
        bar, on_event = progress_bar(ctx, "embed")
        try:
            vectors = encoder.encode([i.text for i in items], progress=on_event)
        finally:
            bar.close()
        if args.output is not None:
            out = args.output if args.output.suffix == ".npy" else args.output.with_name(args.output.name + ".npy")
            out.parent.mkdir(parents=True, exist_ok=True)
            np.save(out, vectors)
            ctx.warn(f"saved {len(vectors)} vectors of dimension {encoder.dim} to {out}")
        for item, v in zip(items, vectors):
            if ctx.json_output:
                ctx.emit({"model": encoder.model_id, "input": item.name, "text": item.text, "vector": [round(float(x), 7) for x in v]})
            elif args.output is None:
                ctx.say(item.text + "\t" + " ".join(f"{x:.6f}" for x in v))
        return exit_code(len(items), len(failures))
    finally:
        engine.close()


def _pairs(args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], list]:
    """(name, a, b) for each pair: --text A --text B (the first compared with each other one), or tab-separated lines."""
    pairs: list[tuple[str, str, str]] = []
    texts = list(args.texts)
    if texts:
        if len(texts) < 2:
            raise UsageError("give at least two --text values (the first is compared with each of the others)")
        pairs.extend((f"--text {i}", texts[0], t) for i, t in enumerate(texts[1:], 2))
    if args.inputs or not texts:
        line_args = argparse.Namespace(inputs=input_names(args) if not texts else args.inputs, texts=[])
        lines, failures = read_lines(line_args)
    else:
        lines, failures = [], []
    for item in lines:
        parts = item.text.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise UsageError(f"{item.name}: expected two sentences separated by a tab")
        pairs.append((item.name, parts[0].strip(), parts[1].strip()))
    return pairs, failures


def cmd_similar(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.embed import open_encoder

    _positive("--max-len", args.max_len)
    pairs, failures = _pairs(args)
    fail_if_nothing(pairs, failures)
    engine = make_engine(args, ctx)
    try:
        encoder = open_encoder(engine, args.model_id, max_len=args.max_len)
        report_failures(ctx, failures)
        bar, on_event = progress_bar(ctx, "similar")
        try:
            scores = encoder.pairwise([(a, b) for _, a, b in pairs], progress=on_event)
        finally:
            bar.close()
        for (name, a, b), score in zip(pairs, scores):
            if ctx.json_output:
                ctx.emit({"model": encoder.model_id, "input": name, "a": a, "b": b, "score": score})
            else:
                ctx.say(f"{score:.4f}\t{a}\t{b}")
        return exit_code(len(pairs), len(failures))
    finally:
        engine.close()


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.embed import open_encoder
    from zoo_desktop.tasks.search_index import open_index

    _positive("-k", args.k)
    _positive("--max-len", args.max_len)
    build_only = not args.inputs and not args.texts and stdin_is_terminal()
    queries: list[InputText] = []
    failures: list = []
    if not build_only:
        queries, failures = read_lines(args)
        fail_if_nothing(queries, failures)
    engine = make_engine(args, ctx)
    try:
        encoder = open_encoder(engine, args.model_id, max_len=args.max_len)
        bar, on_event = progress_bar(ctx, "index")
        try:
            index, stats = open_index(encoder, args.corpus, cache_dir=ctx.paths.cache, unit=args.unit, progress=on_event)
        finally:
            bar.close()
        for source, reason in stats.skipped:
            ctx.warn(f"skipped {source}: {reason}")
        summary = (f"index of {args.corpus}: {stats.entries} entries, {stats.unique} distinct; "
                   f"embedded {stats.embedded}, reused {stats.reused}, dropped {stats.removed}")
        if build_only:
            if ctx.json_output:
                ctx.emit({"model": encoder.model_id, "corpus": str(args.corpus), "index": str(index.path), **stats.to_json()})
            else:
                ctx.say(summary)
            return 0
        ctx.warn(summary)
        report_failures(ctx, failures)
        results = index.search([q.text for q in queries], args.k)
        for q, hits in zip(queries, results):
            if ctx.json_output:
                ctx.emit({"model": encoder.model_id, "input": q.name, "query": q.text, "hits": [h.to_json() for h in hits]})
                continue
            ctx.say(f"query: {q.text}")
            for h in hits:
                e = h.entry
                where = f"{e.source}:{e.line}" if e.line is not None else f"{e.source}@{e.start}"
                ctx.say(f"  {h.rank:>3}. {h.score:.4f}  {e.text}  ({where})")
        return exit_code(len(queries), len(failures))
    finally:
        engine.close()


def cmd_paraphrase(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.paraphrase import ParaphraseRequest, open_paraphraser

    for name in ("n", "k", "top_k", "max_len"):
        _positive("--" + name.replace("_", "-"), getattr(args, name))
    items, failures = read_lines(args)
    fail_if_nothing(items, failures)
    engine = make_engine(args, ctx)
    try:
        paraphraser = open_paraphraser(engine, args.model_id)
        report_failures(ctx, failures)
        for item in items:
            request = ParaphraseRequest(item.text, n=args.n, k=args.k, top_k=args.top_k, top_p=args.top_p, max_len=args.max_len, seed=args.seed)
            result = paraphraser.paraphrase(request)
            if ctx.json_output:
                ctx.emit({"input": item.name, **result.to_json()})
                continue
            ctx.say(item.text)
            for text, score in result.paraphrases:
                ctx.say(f"  {score:.4f}  {text}")
        return exit_code(len(items), len(failures))
    finally:
        engine.close()
