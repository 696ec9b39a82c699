"""Resident memory with T5 PEGASUS base loaded, memory over 1000 summaries, and time to the first streamed token.

    .venv/bin/python benchmarks/bench_memory.py [--dims base] [--summaries 1000] [--every 100] [--ttft-runs 7]
        [--model engine|engine-fast+nospin+share|...] [--threads 2] [--work DIR] [--json OUT]

Uses the random-weight release and graphs of benchmarks/bench_generation.py (same --work folder; built
there if missing). The measurement runs in a fresh child process that imports only numpy, onnxruntime and
the engine (no TensorFlow), and reports:

1. RSS (VmRSS of /proc/self/status) of the bare interpreter, after the engine's two sessions are created
   (`engine.device.create_session(threads=2)`), and after one summary (256 ids in, beam 1, 32 tokens),
   against the float32 weight bytes of the checkpoint (every variable, 4 bytes a value). Target: RSS with the
   model loaded <= 1.5x the weight bytes. Also VmHWM (the peak).
2. `--summaries` consecutive short summaries (source 24..120 ids, varying; beam 1 and 3 alternating; 12
   tokens each, end id unreachable), RSS sampled every `--every` summaries; growth = last sample - first.
3. Time to the first streamed token for a 512-id document: from the call of `decoding.beam_search` to its
   first `on_step` callback (encoder over 512 ids + the first decoder step + the first search step), beam 1
   and beam 3, median of `--ttft-runs`; tokenization is not included (ids are given).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = 1.5


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return 0


def rss() -> int:
    return _status("VmRSS")


def weight_bytes(release: Path) -> int:
    from zoo_desktop.checkpoint.tf_index import CheckpointReader

    total = 0
    for shape in CheckpointReader(release / "model.ckpt").shapes().values():
        n = 1
        for d in shape:
            n *= int(d)
        total += n * 4
    return total


def measure(info: dict, args) -> dict:
    out: dict = {"rss_interpreter": rss()}
    import numpy as np
    import onnxruntime

    sys.path.insert(0, str(HERE))
    from bench_generation import make_engine_model, source_ids

    from zoo_desktop.engine import decoding

    out["rss_imports"] = rss()
    release = Path(info["release"])
    out["weight_bytes"] = weight_bytes(release)
    out["graph_bytes"] = sum(Path(p).stat().st_size for p in info["graphs"].values())
    t0 = time.perf_counter()
    model = make_engine_model(args.model, info, args.threads)
    out["load_s"] = time.perf_counter() - t0
    out["rss_loaded"] = rss()
    vocab = info["config"]["vocab_size"]
    ids = source_ids(vocab)
    hyp = decoding.beam_search(model, [ids], beam_size=1, end_id=-1, max_len=32)[0]
    assert len(hyp.ids) == 32
    out["rss_after_one_summary"] = rss()
    out["vmhwm_after_one_summary"] = _status("VmHWM")

    # time to the first streamed token, 512 ids
    rng = np.random.default_rng(5)
    doc = [101] + rng.integers(104, vocab, 510).tolist() + [102]
    ttft: dict[int, list[float]] = {1: [], 3: []}
    for r in range(args.ttft_runs + 1):
        for beam in (1, 3):
            first: list[float] = []
            started = time.perf_counter()

            def on_step(step, best, started=started, first=first):
                if not first:
                    first.append(time.perf_counter() - started)

            decoding.beam_search(model, [doc], beam_size=beam, end_id=-1, max_len=2, on_step=on_step)
            if r:  # the first round warms the 512-token shapes
                ttft[beam].append(first[0] * 1000)
    out["ttft_ms"] = {str(b): statistics.median(v) for b, v in ttft.items()}
    out["ttft_all_ms"] = {str(b): [round(x, 1) for x in v] for b, v in ttft.items()}
    out["rss_after_ttft"] = rss()

    # soak: consecutive short summaries
    samples = [(0, rss())]
    t0 = time.perf_counter()
    for i in range(1, args.summaries + 1):
        n = 24 + (i * 37) % 97
        src = [101] + rng.integers(104, vocab, n - 2).tolist() + [102]
        decoding.beam_search(model, [src], beam_size=1 if i % 2 else 3, end_id=-1, max_len=12)
        if i % args.every == 0:
            samples.append((i, rss()))
            print(json.dumps({"progress": i, "rss": samples[-1][1], "s": round(time.perf_counter() - t0, 1)}), file=sys.stderr, flush=True)
    out["soak_s"] = time.perf_counter() - t0
    out["soak_rss"] = samples
    out["vmhwm_end"] = _status("VmHWM")
    out["onnxruntime"] = onnxruntime.__version__
    return out


def mb(x: float) -> str:
    return f"{x / 1e6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", default="base", choices=["small", "base"])
    ap.add_argument("--summaries", type=int, default=1000)
    ap.add_argument("--every", type=int, default=100)
    ap.add_argument("--ttft-runs", type=int, default=7)
    ap.add_argument("--model", default="engine", help="engine (shipped) or a variant of bench_generation.make_engine_model, "
                    "e.g. engine-fast+nospin+share")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work", type=Path, default=None, help="bench_generation.py's --work folder")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.child:
        result = measure(json.loads(args.child.read_text()), args)
        print(json.dumps(result), flush=True)
        return 0

    sys.path.insert(0, str(HERE))
    import bench_generation as bg

    work = args.work or bg.DEFAULT_WORK
    info = bg.prepare_release(args.dims, work)
    info_file = work / args.dims / "engine-ready.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(info_file), "--dims", args.dims,
           "--summaries", str(args.summaries), "--every", str(args.every), "--ttft-runs", str(args.ttft_runs),
           "--model", args.model, "--threads", str(args.threads)]
    load_before = bg._loadavg()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
    if proc.returncode != 0:
        raise SystemExit(f"the measuring child failed ({proc.returncode})")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    r.update(dims=args.dims, model=args.model, load_before=load_before, load_after=bg._loadavg())
    w = r["weight_bytes"]
    ratio = r["rss_after_one_summary"] / w
    print(f"T5 PEGASUS {args.dims} dims, {args.model}, onnxruntime {r['onnxruntime']}, {args.threads} threads; "
          f"load {load_before} -> {r['load_after']}")
    print(f"  float32 weights {mb(w)} (graphs on disk {mb(r['graph_bytes'])})")
    print(f"  RSS: interpreter {mb(r['rss_interpreter'])}, + numpy/onnxruntime/engine imports {mb(r['rss_imports'])}, "
          f"sessions created {mb(r['rss_loaded'])} (load {r['load_s']:.1f} s), after one summary {mb(r['rss_after_one_summary'])} "
          f"(peak so far {mb(r['vmhwm_after_one_summary'])})")
    print(f"  RSS / weights = {ratio:.2f}x (target <= {TARGET}: {'PASS' if ratio <= TARGET else 'FAIL'}); "
          f"model's own share (RSS after one summary - imports) / weights = {(r['rss_after_one_summary'] - r['rss_imports']) / w:.2f}x")
    print(f"  time to first streamed token, 512-id document: beam 1 {r['ttft_ms']['1']:.0f} ms, beam 3 {r['ttft_ms']['3']:.0f} ms "
          f"(median of {args.ttft_runs}; all {r['ttft_all_ms']})")
    soak = r["soak_rss"]
    if len(soak) > 1:
        first = soak[1][1] if len(soak) > 2 else soak[0][1]
        growth = soak[-1][1] - first
        print(f"  {args.summaries} short summaries in {r['soak_s']:.0f} s; RSS every {args.every}: "
              + ", ".join(f"{i}:{v / 1e6:.0f}" for i, v in soak) + " MB")
        print(f"  growth from summary {soak[1][0] if len(soak) > 2 else 0} to {soak[-1][0]}: {growth / 1e6:+.1f} MB "
              f"({'no growth' if abs(growth) < 0.01 * r['rss_after_one_summary'] else 'GROWTH'}: threshold 1% of RSS); peak {mb(r['vmhwm_end'])}")
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
