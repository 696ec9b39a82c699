"""`zoo summarize`: summaries of documents (T5 PEGASUS, or the built-in extractive summarizer)."""

from __future__ import annotations

import argparse

from zoo_desktop.cli.context import CliContext
from zoo_desktop.cli.tasks_common import (
    InputFailure,
    add_input_args,
    add_model_args,
    exit_code,
    fail_if_nothing,
    make_engine,
    progress_bar,
    read_documents,
    report_failures,
)

EXTRACTIVE_NOTE = "extractive summary: sentences picked from the text by the built-in summarizer, not written by a model"


def add_summarize_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("generation (T5 PEGASUS)")
    g.add_argument("--beam", type=int, default=1, metavar="N", help="beam size (default 1, as T5 PEGASUS's finetune.py)")
    g.add_argument("--max-len", type=int, default=32, metavar="N", help="summary length in output tokens (default 32)")
    g.add_argument("--sample", action="store_true", help="sample instead of beam search")
    g.add_argument("--top-k", type=int, default=None, metavar="K", help="sampling: keep the K most likely tokens")
    g.add_argument("--top-p", type=float, default=None, metavar="P", help="sampling: keep the smallest set of tokens reaching probability P")
    g.add_argument("--temperature", type=float, default=1.0, metavar="T", help="sampling/beam temperature (default 1)")
    g.add_argument("--seed", type=int, default=None, metavar="S", help="sampling: random seed (reproducible output)")
    g.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents (and chunks) decoded together (default: automatic, from the model's size and free memory); "
                   "any value gives the same summaries")
    g.add_argument("--max-input", type=int, default=512, metavar="N",
                   help="model input tokens per chunk (default 512); longer documents are summarized chunk by chunk, then the chunk summaries")
    e = p.add_argument_group("extractive")
    e.add_argument("--max-chars", type=int, default=120, metavar="N", help="extractive summary length in characters (default 120)")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "summarize",
        help="summarize documents (.txt/.md in any common Chinese encoding, .docx, .pdf, .html)",
        description="Summarize documents with the largest converted T5 PEGASUS model, or, when none is converted "
        "(or with -m extractive), with the built-in extractive summarizer.",
    )
    add_input_args(p, "documents to summarize")
    add_model_args(p, model_help="T5 PEGASUS model id, or 'extractive' / 'lead' (default: the largest converted T5 PEGASUS, else extractive)")
    add_summarize_options(p)
    p.set_defaults(handler=cmd_summarize)


def decode_options(args: argparse.Namespace):
    from zoo_desktop.tasks.summarize import DecodeOptions

    sampling_only = [f for f, v in (("--top-k", args.top_k), ("--top-p", args.top_p), ("--seed", args.seed)) if v is not None]
    if sampling_only and not args.sample:
        from zoo_desktop.errors import UsageError

        raise UsageError(f"{', '.join(sampling_only)} only apply with --sample")
    return DecodeOptions(
        beam_size=args.beam,
        sample=args.sample,
        top_k=args.top_k,
        top_p=args.top_p,
        temperature=args.temperature,
        seed=args.seed,
        max_len=args.max_len,
    )


def batch_size(args: argparse.Namespace) -> int | None:
    if args.batch_size is not None and args.batch_size < 1:
        from zoo_desktop.errors import UsageError

        raise UsageError("--batch-size must be at least 1")
    return args.batch_size


def request_options(args: argparse.Namespace) -> dict:
    """SummaryRequest keyword arguments from the command line (without the text)."""
    return {"model_id": args.model_id, "decode": decode_options(args), "max_input": args.max_input, "max_chars": args.max_chars}


def cmd_summarize(args: argparse.Namespace, ctx: CliContext) -> int:
    from zoo_desktop.tasks.summarize import SummaryRequest, Summarizer

    options = request_options(args)
    docs, failures = read_documents(args)
    fail_if_nothing(docs, failures)
    engine = make_engine(args, ctx)
    summarizer = Summarizer(engine)
    model_id = summarizer.resolve(args.model_id)  # fail early on a wrong -m, before reading the model per document
    options["model_id"] = model_id
    report_failures(ctx, failures)
    size = batch_size(args)
    done = 0
    try:
        if len(docs) == 1:
            doc = docs[0]
            bar, on_event = progress_bar(ctx, f"summarize {doc.name}"[:40])

            def on_partial(partial) -> None:
                where = "final" if partial.final else f"chunk {partial.chunk + 1}/{partial.chunks}"
                bar.update(None, f"{where}: {partial.text[-40:]}")

            try:
                results = [summarizer.summarize(SummaryRequest(doc.text, **options), on_partial=on_partial, progress=on_event)]
            finally:
                bar.close()
        else:  # decoded together (engine.batching): the same summaries, far fewer passes over the weights
            bar, on_event = progress_bar(ctx, f"summarize {len(docs)} documents")
            try:
                results = summarizer.summarize_many([SummaryRequest(d.text, **options) for d in docs], batch_size=size, progress=on_event)
            finally:
                bar.close()
        for doc, result in zip(docs, results):
            if isinstance(result, Exception):
                failures.append(InputFailure(doc.name, str(result)))
                report_failures(ctx, failures[-1:])
                continue
            done += 1
            _print_result(args, ctx, doc.name, result, several=len(docs) + len(failures) > 1)
    finally:
        engine.close()
    return exit_code(done, len(failures))


def _print_result(args: argparse.Namespace, ctx: CliContext, name: str, result, *, several: bool) -> None:
    if ctx.json_output:
        ctx.emit({"input": name, **result.to_json()})
        return
    if several:
        ctx.say(f"==> {name} <==")
    ctx.say(result.text)
    if result.method == "extractive":
        why = "" if args.model_id else "; no T5 PEGASUS model is converted (see `zoo models catalog`)"
        ctx.warn(f"[{EXTRACTIVE_NOTE if result.model_id != 'lead' else 'lead summary: the first sentences of the text'}{why}]")
    elif result.chunks:
        ctx.warn(f"[{result.model_id}: {len(result.chunks)} chunks in {result.levels} level(s), then a final pass"
                 + ("; the last pass saw a truncated input" if result.truncated else "") + "]")
