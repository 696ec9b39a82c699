"""`zoo tokenize`: a model's tokenizer on the command line (the same ids as bert4keras).

    zoo tokenize -m ID [--json] [--maxlen N] [TEXT | -]
    zoo tokenize --vocab PATH [--jieba [--user-dict PATH]] [--json] [--maxlen N] [TEXT | -]

Each input line (TEXT split at newlines, or standard input read as UTF-8 when TEXT is "-" or missing) gives one
output line: the tokens separated by spaces, or with --json one object with `tokens`, `ids` and `offsets`
(character offsets into the line; [0, 0] for [CLS] and [SEP]).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Iterator

from zoo_desktop.cli.context import CliContext
from zoo_desktop.errors import UsageError


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "tokenize",
        help="tokenize text as a model does (bert4keras-compatible ids)",
        description="Tokenize text as a model's tokenizer does: one output line per input line.",
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("-m", "--model", metavar="ID", help="an installed model")
    source.add_argument("--vocab", type=Path, metavar="PATH", help="a vocab.txt instead of a model")
    p.add_argument("--jieba", action="store_true", help="with --vocab: jieba pre-tokenization (WoBERT, T5 PEGASUS)")
    p.add_argument("--user-dict", type=Path, metavar="PATH", help="a jieba user dictionary (jieba tokenizers only)")
    p.add_argument("--maxlen", type=int, metavar="N", help="truncate to N tokens, [CLS] and [SEP] included")
    p.add_argument("--json", action="store_true", help="one JSON object per line: tokens, ids, offsets")
    p.add_argument("text", nargs="?", default="-", metavar="TEXT | -", help='the text, or "-" for standard input')
    p.set_defaults(handler=run)


def _tokenizer(args: argparse.Namespace, ctx: CliContext):  # type: ignore[no-untyped-def]
    from zoo_desktop.tokenizer import Tokenizer

    cache_dir = ctx.paths.cache / "jieba"
    if args.model is not None:
        if args.jieba:
            raise UsageError("--jieba goes with --vocab; a model's family decides its pre-tokenization")
        from zoo_desktop.store.store import ModelStore

        model = ModelStore(ctx.paths).get(args.model)
        vocab_path, family = Path(model.vocab_path), model.family
        jieba = family in ("wobert", "t5")
    else:
        vocab_path, jieba = args.vocab, args.jieba
    if args.user_dict is not None and not jieba:
        raise UsageError("--user-dict needs a jieba tokenizer (a WoBERT or T5 PEGASUS model, or --jieba)")
    if not Path(vocab_path).is_file():
        raise UsageError(f"no vocabulary file at {vocab_path}")
    if args.user_dict is not None and not args.user_dict.is_file():
        raise UsageError(f"no user dictionary at {args.user_dict}")
    return Tokenizer.from_vocab_file(
        vocab_path,
        pre_tokenize="jieba" if jieba else None,
        user_dict=args.user_dict,
        cache_dir=cache_dir,
    )


def _lines(text: str) -> Iterator[str]:
    if text != "-":
        yield from text.split("\n")
        return
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # already text (an embedding application's stdin)
        for line in sys.stdin:
            yield line[:-1] if line.endswith("\n") else line
        return
    # UTF-8 whatever the console's code page; a leading BOM (Windows pipes) is not part of the text
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig")
    try:
        for line in reader:
            yield line[:-1] if line.endswith("\n") else line
    except UnicodeDecodeError as exc:
        raise UsageError(f"standard input is not UTF-8: {exc}") from None
    finally:
        reader.detach()  # leave sys.stdin usable


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.maxlen is not None and args.maxlen < 2:
        raise UsageError("--maxlen must be at least 2")
    tokenizer = _tokenizer(args, ctx)
    for line in _lines(args.text):
        enc = tokenizer.encode_with_offsets(line, maxlen=args.maxlen)
        if args.json:
            ctx.emit({"tokens": enc.tokens, "ids": enc.ids, "offsets": [list(o) for o in enc.offsets]})
        else:
            ctx.say(" ".join(enc.tokens))
    return 0
