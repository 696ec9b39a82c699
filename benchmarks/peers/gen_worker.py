"""A generation peer as a long-lived worker process, driven by benchmarks/bench_generation.py.

Runs in the peer venv:  /tmp/peers/bin/python benchmarks/peers/gen_worker.py {hf|ct2} MT5_DIR --threads 2

Protocol (JSON lines): after loading, prints {"ready": true, "load_s": ..., "versions": {...}}. Then for each
line read from stdin, {"beam": B, "ids": [256 source ids], "new_tokens": 32}, it generates exactly
`new_tokens` tokens (batch 1) and prints {"ms": wall ms, "cpu_ms": process CPU ms, "n": tokens generated}.
An empty line or EOF ends it.

hf:  MT5ForConditionalGeneration (PyTorch, float32) `generate(num_beams=B, do_sample=False, use_cache=True,
     min_new_tokens=N, max_new_tokens=N)` under `torch.inference_mode()`, torch.set_num_threads(threads),
     interop threads 1.
ct2: ctranslate2.Translator(float32, intra_threads=threads, inter_threads=1) `translate_batch(beam_size=B,
     min_decoding_length=N, max_decoding_length=N)`; source tokens `t{id}` (see make_mt5.py).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["hf", "ct2"])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    started = time.perf_counter()

    if args.kind == "hf":
        import torch
        import transformers
        from transformers import MT5ForConditionalGeneration

        torch.set_num_threads(args.threads)
        torch.set_num_interop_threads(1)
        model = MT5ForConditionalGeneration.from_pretrained(str(args.model_dir / "hf"), torch_dtype=torch.float32).eval()
        versions = {"torch": torch.__version__, "transformers": transformers.__version__}

        def generate(ids, beam, n):
            with torch.inference_mode():
                x = torch.tensor([ids], dtype=torch.long)
                out = model.generate(input_ids=x, attention_mask=torch.ones_like(x), num_beams=beam, do_sample=False,
                                     use_cache=True, min_new_tokens=n, max_new_tokens=n, num_return_sequences=1)
            return int(out.shape[1]) - 1  # minus the decoder start token
    else:
        import ctranslate2

        translator = ctranslate2.Translator(str(args.model_dir / "ct2"), device="cpu", compute_type="float32",
                                            intra_threads=args.threads, inter_threads=1)
        versions = {"ctranslate2": ctranslate2.__version__}

        def generate(ids, beam, n):
            tokens = [f"t{i}" for i in ids]
            res = translator.translate_batch([tokens], beam_size=beam, min_decoding_length=n, max_decoding_length=n,
                                             num_hypotheses=1)
            return len(res[0].hypotheses[0])

    _say({"ready": True, "load_s": time.perf_counter() - started, "versions": versions})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        req = json.loads(line)
        c0, t0 = time.process_time(), time.perf_counter()
        n = generate(req["ids"], int(req["beam"]), int(req["new_tokens"]))
        t1, c1 = time.perf_counter(), time.process_time()
        _say({"ms": (t1 - t0) * 1000, "cpu_ms": (c1 - c0) * 1000, "n": n})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
