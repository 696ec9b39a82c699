"""A batch-mode generation peer for benchmarks/bench_throughput.py, in the peer venv (torch CPU, transformers 4.x,
ctranslate2):

    /tmp/peers/bin/python benchmarks/peers/throughput_worker.py {ct2|hf} MT5_DIR --docs DOCS.json --beam B
        [--max-batch-size N] [--inter-threads I --intra-threads J] [--threads T]

DOCS.json holds {"docs": [[ids...], ...], "new_tokens": 32}. Loads the model, runs one untimed warm-up on two
documents, then generates exactly `new_tokens` tokens for every document (all of them in one call) and prints
one JSON line: wall seconds, documents/s, peak RSS growth during the run, versions.

ct2: ctranslate2.Translator(float32, inter_threads=I, intra_threads=J) `translate_batch(max_batch_size=N,
     batch_type="examples", beam_size=B, min/max_decoding_length=new_tokens)`: CTranslate2 sorts the inputs by
     length, splits them into batches of N and drops finished rows each step; with inter_threads > 1 it decodes
     batches in parallel (its advice for bulk work).
hf:  MT5ForConditionalGeneration `generate(num_beams=B, min_new_tokens=max_new_tokens=new_tokens, use_cache=True)`
     on batches of N documents sorted by length (right-padded, attention mask), torch.set_num_threads(T).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def _rss() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM (Linux >= 4.0)
    except OSError:
        pass


def _peak() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["hf", "ct2"])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("--beam", type=int, required=True)
    ap.add_argument("--max-batch-size", type=int, default=16)
    ap.add_argument("--inter-threads", type=int, default=1)
    ap.add_argument("--intra-threads", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    spec = json.loads(args.docs.read_text())
    docs, n = spec["docs"], int(spec["new_tokens"])

    if args.kind == "ct2":
        import ctranslate2

        translator = ctranslate2.Translator(str(args.model_dir / "ct2"), device="cpu", compute_type="float32",
                                            inter_threads=args.inter_threads, intra_threads=args.intra_threads)
        versions = {"ctranslate2": ctranslate2.__version__}

        def generate(batch):
            tokens = [[f"t{i}" for i in ids] for ids in batch]
            res = translator.translate_batch(tokens, max_batch_size=args.max_batch_size, batch_type="examples",
                                             beam_size=args.beam, min_decoding_length=n, max_decoding_length=n,
                                             num_hypotheses=1)
            return [len(r.hypotheses[0]) for r in res]
    else:
        import torch
        import transformers
        from transformers import MT5ForConditionalGeneration

        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
        model = MT5ForConditionalGeneration.from_pretrained(str(args.model_dir / "hf"), torch_dtype=torch.float32).eval()
        versions = {"torch": torch.__version__, "transformers": transformers.__version__}

        def generate(batch):
            order = sorted(range(len(batch)), key=lambda i: -len(batch[i]))
            lengths = [0] * len(batch)
            for lo in range(0, len(order), args.max_batch_size):
                part = order[lo : lo + args.max_batch_size]
                width = max(len(batch[i]) for i in part)
                ids = torch.zeros((len(part), width), dtype=torch.long)
                mask = torch.zeros((len(part), width), dtype=torch.long)
                for r, i in enumerate(part):
                    ids[r, : len(batch[i])] = torch.tensor(batch[i])
                    mask[r, : len(batch[i])] = 1
                with torch.inference_mode():
                    out = model.generate(input_ids=ids, attention_mask=mask, num_beams=args.beam, do_sample=False, use_cache=True,
                                         min_new_tokens=n, max_new_tokens=n, num_return_sequences=1)
                for r, i in enumerate(part):
                    lengths[i] = int(out.shape[1]) - 1
            return lengths

    generate(docs[:2])  # warm-up, untimed
    rss0 = _rss()
    _reset_peak()
    t0, c0 = time.perf_counter(), time.process_time()
    lengths = generate(docs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if any(x != n for x in lengths):
        raise SystemExit(f"expected {n} tokens for every document, got {sorted(set(lengths))}")
    print(json.dumps({"seconds": seconds, "cpu_s": cpu, "docs_per_s": len(docs) / seconds, "peak_extra_mb": (_peak() - rss0) / 1e6,
                      "versions": versions}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
