"""Throughput: many documents decoded together, the engine against CTranslate2's and Hugging Face's batch modes.

    .venv/bin/python benchmarks/bench_throughput.py [--dims small,base] [--beams 1,3] [--docs 256]
        [--batch-sizes 1,4,8,16,32,auto] [--alone-docs 32] [--ct2-batch-sizes 1,8,16,32] [--hf-batch-size 16]
        [--b4k-docs 3] [--contenders engine,ct2,hf,bert4keras] [--peers-python /tmp/peers/bin/python]
        [--work DIR] [--json OUT]

Models: random-weight checkpoints at the real T5 PEGASUS small / base dimensions in the release layout (q scaled
by 1/sqrt(d_kv) as T5's initialisation does), converted as `zoo models convert` does; a random-init Hugging Face
MT5 of the same dimensions and its CTranslate2 float32 conversion for the peers (bench_generation.py makes and
caches both under --work).

Corpus: `--docs` documents whose token lengths are those of the first CSL abstracts in
../shared/data/csl/ts_dev.tsv, tokenized as T5 PEGASUS's finetune.py feeds its encoder (maxlen 256; the
Chinese BERT vocabulary stands in for T5 PEGASUS's, which cannot be downloaded here); ids drawn at random.
Exactly 32 output tokens per document (an end id that never comes); 2 threads everywhere.

Each configuration runs in a fresh process over the whole corpus, after one untimed warm-up: documents per
second, the peak memory the run added (VmHWM reset after loading), and for the engine the mean decoder step and
its rows. Configurations:
  engine      batch sizes `--batch-sizes` (documents per batch; `auto` = BatchLimits.automatic, the default of
              every command); batch 1 is timed on `--alone-docs` documents spread over the length range (it
              is slow) one document at a time on all threads (the engine before batching, no lanes), and its
              ids are compared with every batched run's ids for the same documents.
              Variants as in bench_generation.py: `engine+gpu` (CUDA, caches kept on the device),
              `engine+gpu+fp16` (the fp16 graphs `zoo models convert --precision fp16` makes), `engine+int8`.
  ct2         translate_batch with max_batch_size in `--ct2-batch-sizes`, inter_threads=1 intra_threads=2 and
              inter_threads=2 intra_threads=1 (peer venv, see docs/benchmarks.md for how to make it).
  hf          generate on batches of `--hf-batch-size` sorted by length (peer venv).
  bert4keras  finetune.py's AutoTitle decoder, which takes one document at a time, on `--b4k-docs` documents.
Physical limit: this machine's memory bandwidth (a STREAM-like triad on 2 threads) and GEMM peak (onnxruntime
MatMul, 2 threads); per decoder step the bound max(weight bytes / bandwidth, 2 x rows x params / peak) beside
the measured step; and for the whole corpus the ceiling, the documents/s of its arithmetic (`corpus_flops`:
every matrix product of encoder and decoder, unpadded) done at the GEMM peak, with each contender's fraction of it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEW_TOKENS = 32
MAX_SOURCE = 256  # finetune.py's encoder maxlen for CSL
CSL = ROOT.parent / "shared" / "data" / "csl" / "ts_dev.tsv"
VOCAB = ROOT.parent / "shared" / "data" / "bert_chinese_vocab.txt"
DEFAULT_PEERS_PYTHON = "/tmp/peers/bin/python"
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "zoo-bench-generation"
TARGET_CT2 = 1.2  # the engine's automatic setting against CTranslate2's best
TARGET_SELF = 3.0  # the engine's automatic setting against its own batch 1 (small, beam 1)


# ----------------------------------------------------------------------------------------------------------
# corpus and physical limits


def corpus_lengths(n: int) -> list[int]:
    """Token lengths of the first `n` CSL abstracts as finetune.py encodes them ([CLS] ... [SEP], maxlen 256)."""
    if not CSL.is_file() or not VOCAB.is_file():
        raise SystemExit(f"the CSL abstracts ({CSL}) and the BERT vocabulary ({VOCAB}) are needed for the corpus")
    from zoo_desktop.tokenizer import Tokenizer

    tok = Tokenizer.from_vocab_file(VOCAB, do_lower_case=True)
    abstracts = [line.split("\t")[0] for line in CSL.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    return [len(tok.encode(a, maxlen=MAX_SOURCE)[0]) for a in abstracts]


def corpus(n: int, vocab_size: int, seed: int = 0) -> list[list[int]]:
    import numpy as np

    rng = np.random.default_rng(seed)
    return [[101] + rng.integers(104, vocab_size, length - 2).tolist() + [102] for length in corpus_lengths(n)]


def spread(docs: list[list[int]], k: int) -> list[int]:
    """Indices of `k` documents spread evenly over the length order (for the slow batch-1 and bert4keras runs)."""
    order = sorted(range(len(docs)), key=lambda i: (len(docs[i]), i))
    if k >= len(order):
        return sorted(order)
    return sorted(order[round(j * (len(order) - 1) / (k - 1))] for j in range(k)) if k > 1 else [order[len(order) // 2]]


def triad_bandwidth(threads: int = 2, mb: int = 256, reps: int = 5) -> float:
    """Bytes/s of a[:] = b + s * c over arrays far larger than the caches, `threads` threads on disjoint slices
    (numpy releases the GIL in its loops). Counts 3 arrays moved per element, as STREAM's triad does."""
    import threading

    import numpy as np

    n = mb * (1 << 20) // 4
    a, b, c = np.zeros(n, np.float32), np.ones(n, np.float32), np.ones(n, np.float32)
    bounds = [(i * n // threads, (i + 1) * n // threads) for i in range(threads)]

    def part(lo, hi):
        np.multiply(c[lo:hi], np.float32(3.0), out=a[lo:hi])
        np.add(a[lo:hi], b[lo:hi], out=a[lo:hi])

    best = 0.0
    for _ in range(reps):
        ts = [threading.Thread(target=part, args=bd) for bd in bounds]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        dt = time.perf_counter() - t0
        best = max(best, 4 * n * 4 / dt)  # the two-pass triad moves 4 arrays' worth: c->a, a+b->a
    return best


def gemm_peak(threads: int = 2, sizes: tuple[int, ...] = (512, 1024, 2048), reps: int = 10) -> float:
    """FLOP/s of onnxruntime float32 MatMuls [n x n] @ [n x n] on `threads` threads: the best of every size and
    repetition (one size alone swings by 2x on these shared machines: 77 to 228 GFLOP/s seen at 1024 and 512)."""
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    best = 0.0
    for size in sizes:
        w = numpy_helper.from_array(np.random.default_rng(0).standard_normal((size, size)).astype(np.float32), "w")
        graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "gemm",
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, size])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, size])], [w])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        sess = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        x = np.ones((size, size), np.float32)
        sess.run(None, {"x": x})
        for _ in range(reps):
            t0 = time.perf_counter()
            sess.run(None, {"x": x})
            best = max(best, 2 * size**3 / (time.perf_counter() - t0))
    return best


def step_params(config: dict) -> int:
    """Weights a decoder step multiplies by (mt5.1.1 as bert4keras builds it): self-attention q/k/v/o, cross
    q/o (cross k/v are computed once by the encoder), the gated FFN, the untied LM head. Not the embedding
    table, of which a step reads one row."""
    h, a, d, i, v = (config["hidden_size"], config["num_attention_heads"], config["attention_head_size"],
                     config["intermediate_size"], config["vocab_size"])
    per_layer = 4 * h * a * d + 2 * h * a * d + 3 * h * i
    return config["num_hidden_layers"] * per_layer + h * v


def corpus_flops(config: dict, lengths: list[int], beam: int, new_tokens: int = NEW_TOKENS) -> float:
    """FLOPs (2 per multiply-add) of every matrix product the corpus needs, at the documents' own lengths (no
    padding): the encoder's layers and the decoder's cross keys/values per source token, encoder attention,
    and per output token and beam row a decoder step (`step_params`) plus its self- and cross-attention.
    RMSNorm, GELU, softmax and the search are left out: the ceiling is generous."""
    h, a, d, i, n = (config["hidden_size"], config["num_attention_heads"], config["attention_head_size"],
                     config["intermediate_size"], config["num_hidden_layers"])
    ad = a * d
    per_token = 2 * (n * (4 * h * ad + 3 * h * i) + n * 2 * h * ad)
    step = 2 * step_params(config)
    total = 0.0
    for s in lengths:
        encoder = s * per_token + n * 4 * s * s * ad
        decoder = sum(step + n * 4 * ad * (t + 1 + s) for t in range(new_tokens))
        total += encoder + beam * decoder
    return total


# ----------------------------------------------------------------------------------------------------------
# workers


def _rss(field: str = "VmRSS:") -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


class _Timed:
    """An onnxruntime session whose `run` calls are timed (and, for the step, their rows counted)."""

    def __init__(self, session) -> None:
        import threading

        self._lock = threading.Lock()
        self._session = session
        self.seconds = 0.0
        self.calls = 0
        self.rows = 0

    def run(self, names, feeds, *args):
        t0 = time.perf_counter()
        out = self._session.run(names, feeds, *args)
        with self._lock:  # lanes run concurrently: the sum is session time over all lanes
            self.seconds += time.perf_counter() - t0
            self.calls += 1
            self.rows += int(feeds["input_ids"].shape[0])
        return out

    def __getattr__(self, name):
        return getattr(self._session, name)


def run_engine(info: dict, docs_file: Path, beam: int, batch: str, threads: int, kind: str = "engine", no_lanes: bool = False) -> dict:
    import bench_generation as bg

    from zoo_desktop.engine import decoding
    from zoo_desktop.engine.batching import BatchLimits, decode_in_batches

    spec = json.loads(docs_file.read_text())
    docs = spec["docs"]
    model = bg.make_engine_model(kind, info, threads)
    # as T5Generator.generate does: more documents than one batch -> `lanes` batches at once, each on one core,
    # over single-threaded sessions (with --no-lanes: one batch at a time on all the threads)
    lanes = 1 if no_lanes else model.runtime.lanes()
    footprint = model.footprint()
    max_documents = None if batch == "auto" else int(batch)
    limits = BatchLimits.automatic(footprint, beam, NEW_TOKENS, max_documents=max_documents, lanes=lanes)
    if lanes > 1 and len(docs) > limits.max_documents:
        from zoo_desktop.engine.seq2seq import T5StepModel

        model = T5StepModel(model.runtime, threads=1)
    else:
        lanes = 1
        limits = BatchLimits.automatic(footprint, beam, NEW_TOKENS, max_documents=max_documents)
    if model.tensors.on_host:  # on a GPU the sessions run through IO binding: only the total is timed
        model.encoder, model.decoder = _Timed(model.encoder), _Timed(model.decoder)

    def search(group, _indices):
        return decoding.beam_search(model, group, beam_size=beam, end_id=bg.IMPOSSIBLE_END, max_len=NEW_TOKENS)

    decode_in_batches(docs[:4], [len(d) for d in docs[:4]], rows_per_document=beam, limits=BatchLimits(2), decode=search,
                      quantum=model.length_quantum, lanes=lanes)  # warm-up
    timed = [s for s in (model.encoder, model.decoder) if isinstance(s, _Timed)]
    for t in timed:
        t.seconds, t.calls, t.rows = 0.0, 0, 0
    rss0 = _rss()
    _reset_peak()
    t0, c0 = time.perf_counter(), time.process_time()
    hyps = decode_in_batches(docs, [len(d) for d in docs], rows_per_document=beam, limits=limits, decode=search,
                             quantum=model.length_quantum, lanes=lanes)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if any(len(h.ids) != NEW_TOKENS for h in hyps):
        raise SystemExit("not every document got exactly 32 tokens")
    out = {
        "seconds": seconds, "cpu_s": cpu, "docs_per_s": len(docs) / seconds,
        "peak_extra_mb": (_rss("VmHWM:") - rss0) / 1e6,
        "promised_mb": lanes * limits.promised_bytes(footprint, beam, NEW_TOKENS) / 1e6,
        "limits": {"max_documents": limits.max_documents, "token_budget": limits.token_budget, "lanes": lanes},
        "device": model.runtime.session("t5_decoder_step").get_providers()[0],
        "ids": {str(i): h.ids.tolist() for i, h in zip(spec["index"], hyps)},
    }
    if timed:
        dec = model.decoder
        out.update({"encoder_s": model.encoder.seconds, "decoder_s": dec.seconds,
                    "step_ms": 1000 * dec.seconds / max(dec.calls, 1), "rows_per_step": dec.rows / max(dec.calls, 1)})
    return out


def run_bert4keras(info: dict, docs_file: Path, beam: int, threads: int) -> dict:
    import bench_generation as bg

    generate, versions = bg._bert4keras_generate(info, threads)
    docs = json.loads(docs_file.read_text())["docs"]
    generate(docs[0][:16], beam, 2)  # warm-up
    t0 = time.perf_counter()
    for d in docs:
        if generate(d, beam, NEW_TOKENS) != NEW_TOKENS:
            raise SystemExit("bert4keras did not give 32 tokens")
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs_per_s": len(docs) / seconds, "versions": versions}


# ----------------------------------------------------------------------------------------------------------
# driver


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _run(cmd: list[str], env: dict | None = None) -> dict:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(ROOT))
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        err = [ln for ln in (proc.stderr or "").strip().splitlines() if ln.strip()]
        raise RuntimeError(err[-1] if err else f"exit {proc.returncode}")
    return json.loads(lines[-1])


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE), env.get("PYTHONPATH", "")])
    return env


def _write_docs(path: Path, docs: list[list[int]], index: list[int]) -> Path:
    path.write_text(json.dumps({"docs": [docs[i] for i in index], "index": index, "new_tokens": NEW_TOKENS}))
    return path


def bench(dims: str, args) -> list[dict]:
    import bench_generation as bg

    print(f"\n== T5 PEGASUS {dims} dims ==", flush=True)
    info = bg.prepare_release(dims, args.work)
    config = info["config"]
    mt5_dir, mt5_why = (None, "not asked for")
    if {"ct2", "hf"} & set(args.contenders):
        mt5_dir, mt5_why = bg.prepare_mt5(dims, args.work, args.peers_python, config)
    docs = corpus(args.docs, config["vocab_size"])
    folder = args.work / dims / "throughput"
    folder.mkdir(parents=True, exist_ok=True)
    info_file = folder / "info.json"
    info_file.write_text(json.dumps(info))
    all_docs = _write_docs(folder / "docs.json", docs, list(range(len(docs))))
    alone = spread(docs, args.alone_docs)
    alone_docs = _write_docs(folder / "alone.json", docs, alone)
    b4k_docs = _write_docs(folder / "b4k.json", docs, spread(docs, args.b4k_docs))
    lengths = [len(d) for d in docs]
    print(f"  corpus: {len(docs)} documents, tokens min {min(lengths)} median {statistics.median(lengths):.0f} "
          f"mean {statistics.mean(lengths):.0f} max {max(lengths)}; batch 1 on {len(alone)} of them", flush=True)
    params = step_params(config)
    rows: list[dict] = []
    env = _env()
    me = [sys.executable, str(Path(__file__).resolve())]
    for beam in args.beams:
        configs: list[tuple[str, str, list[str], dict]] = []
        for engine in [c for c in args.contenders if c.startswith("engine")]:
            for b in args.batch_sizes:
                docs_file = alone_docs if b == "1" else all_docs
                # batch 1 is the engine before batching: one document at a time on all threads (no lanes)
                configs.append((engine, f"batch {b}", me + ["--worker", engine, "--info", str(info_file), "--docs-file", str(docs_file),
                                                         "--beam", str(beam), "--batch", b, "--threads", str(args.threads)]
                                + (["--no-lanes"] if b == "1" else []), env))
        if mt5_dir is not None:
            peer = [args.peers_python, str(HERE / "peers" / "throughput_worker.py")]
            if "ct2" in args.contenders:
                layouts = {"1x2": (1, args.threads), "2x1": (args.threads, 1)}
                for n in args.ct2_batch_sizes:
                    for inter, intra in (layouts[k] for k in args.ct2_layouts):
                        configs.append(("ct2", f"max_batch {n}, {inter}x{intra}", peer + ["ct2", str(mt5_dir), "--docs", str(all_docs),
                                        "--beam", str(beam), "--max-batch-size", str(n), "--inter-threads", str(inter),
                                        "--intra-threads", str(intra)], env))
            if "hf" in args.contenders:
                configs.append(("hf", f"batch {args.hf_batch_size}", peer + ["hf", str(mt5_dir), "--docs", str(all_docs), "--beam", str(beam),
                                "--max-batch-size", str(args.hf_batch_size), "--threads", str(args.threads)], env))
        else:
            for c in ("ct2", "hf"):
                if c in args.contenders:
                    rows.append({"dims": dims, "beam": beam, "contender": c, "setting": "-", "skipped": mt5_why})
        if "bert4keras" in args.contenders:
            configs.append(("bert4keras", f"one at a time, {args.b4k_docs} docs", me + ["--worker", "bert4keras", "--info", str(info_file),
                            "--docs-file", str(b4k_docs), "--beam", str(beam), "--threads", str(args.threads)], env))
        for contender, setting, cmd, cmd_env in configs:
            load = _loadavg()
            print(f"  beam {beam} {contender:10s} {setting:24s} ...", end="", flush=True)
            try:
                out = _run(cmd, cmd_env)
            except Exception as exc:  # noqa: BLE001 - a failing contender is reported, not fatal
                print(f" failed: {exc}", flush=True)
                rows.append({"dims": dims, "beam": beam, "contender": contender, "setting": setting, "skipped": str(exc)})
                continue
            row = {"dims": dims, "beam": beam, "contender": contender, "setting": setting, "load": load,
                   "corpus_flops": corpus_flops(config, [len(d) for d in docs], beam), "corpus_docs": len(docs), **out}
            if "step_ms" in out:
                rows_per_step = out["rows_per_step"]
                row["bound_ms"] = 1000 * max(params * 4 / args.bandwidth, 2 * rows_per_step * params / args.peak)
            print(f" {out['docs_per_s']:.2f} docs/s ({out['seconds']:.1f} s, +{out.get('peak_extra_mb', 0):.0f} MB"
                  + (f", step {out['step_ms']:.1f} ms x {out['rows_per_step']:.1f} rows, bound {row['bound_ms']:.1f} ms" if "step_ms" in out else "")
                  + f"; load {load})", flush=True)
            rows.append(row)
        # exactness: every batched run gives the batch-1 ids for the documents both ran
        for engine in {r["contender"] for r in rows if r["contender"].startswith("engine")}:
            engine_rows = [r for r in rows if r["dims"] == dims and r["beam"] == beam and r["contender"] == engine and "ids" in r]
            ref = next((r["ids"] for r in engine_rows if r["setting"] == "batch 1"), None)
            for r in engine_rows:
                if ref is not None:
                    r["identical_to_alone"] = all(r["ids"][k] == v for k, v in ref.items())
                r["ids_sha"] = hashlib.sha256(json.dumps(r["ids"], sort_keys=True).encode()).hexdigest()[:12]
    return rows


def print_table(rows: list[dict], bandwidth: float, peak: float) -> None:
    print(f"\nbandwidth {bandwidth / 1e9:.1f} GB/s (triad, 2 threads), GEMM peak {peak / 1e9:.0f} GFLOP/s (onnxruntime, 2 threads)")
    print("| dims | beam | contender | setting | docs/s | vs CT2 best | step ms (rows) | bound ms | peak +MB (promised) | = alone |")
    print("|---|---|---|---|---:|---:|---|---:|---|---|")
    for (dims, beam) in sorted({(r["dims"], r["beam"]) for r in rows}, key=lambda k: (k[0] != "small", k[1])):
        group = [r for r in rows if r["dims"] == dims and r["beam"] == beam]
        ct2 = [r["docs_per_s"] for r in group if r["contender"] == "ct2" and "docs_per_s" in r]
        best = max(ct2) if ct2 else None
        for r in group:
            if "docs_per_s" not in r:
                print(f"| {dims} | {beam} | {r['contender']} | {r['setting']} | skipped: {r.get('skipped')} | | | | | |")
                continue
            vs = f"{r['docs_per_s'] / best:.2f}x" if best else "-"
            step = f"{r['step_ms']:.1f} ({r['rows_per_step']:.1f})" if "step_ms" in r else ""
            bound = f"{r['bound_ms']:.1f}" if "bound_ms" in r else ""
            mem = f"{r.get('peak_extra_mb', 0):.0f}" + (f" ({r['promised_mb']:.0f})" if "promised_mb" in r else "")
            same = {True: "yes", False: "NO"}.get(r.get("identical_to_alone"), "")
            print(f"| {dims} | {beam} | {r['contender']} | {r['setting']} | {r['docs_per_s']:.2f} | {vs} | {step} | {bound} | {mem} | {same} |")
    print()
    for (dims, beam) in sorted({(r["dims"], r["beam"]) for r in rows}, key=lambda k: (k[0] != "small", k[1])):
        group = [r for r in rows if r["dims"] == dims and r["beam"] == beam and "docs_per_s" in r]
        auto = next((r for r in group if r["contender"] == "engine" and r["setting"] == "batch auto"), None)
        one = next((r for r in group if r["contender"] == "engine" and r["setting"] == "batch 1"), None)
        ct2 = max((r for r in group if r["contender"] == "ct2"), key=lambda r: r["docs_per_s"], default=None)
        if auto and ct2:
            ratio = auto["docs_per_s"] / ct2["docs_per_s"]
            print(f"{dims} beam {beam}: engine auto / CTranslate2 best ({ct2['setting']}) = {ratio:.2f}x "
                  f"[{'PASS' if ratio >= TARGET_CT2 else 'FAIL'} >= {TARGET_CT2}x]")
        if auto and one:
            ratio = auto["docs_per_s"] / one["docs_per_s"]
            target = " [" + ("PASS" if ratio >= TARGET_SELF else "FAIL") + f" >= {TARGET_SELF}x]" if (dims, beam) == ("small", 1) else ""
            print(f"{dims} beam {beam}: engine auto / engine batch 1 = {ratio:.2f}x{target}")
        if auto and "corpus_flops" in auto:
            ceiling = peak * auto["corpus_docs"] / auto["corpus_flops"]
            line = f"{dims} beam {beam}: ceiling {ceiling:.2f} docs/s (the corpus's matrix products at the GEMM peak); engine auto {auto['docs_per_s'] / ceiling:.0%}"
            if ct2:
                line += (f", CTranslate2 best {ct2['docs_per_s'] / ceiling:.0%}; {TARGET_CT2}x CTranslate2 would be "
                         f"{TARGET_CT2 * ct2['docs_per_s'] / ceiling:.0%} of the ceiling")
            print(line)
        if auto and "promised_mb" in auto:
            ok = auto["peak_extra_mb"] <= auto["promised_mb"]
            print(f"{dims} beam {beam}: automatic batch memory {auto['peak_extra_mb']:.0f} MB of {auto['promised_mb']:.0f} MB promised "
                  f"[{'PASS' if ok else 'FAIL'}]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", default="small,base")
    ap.add_argument("--beams", default="1,3")
    ap.add_argument("--docs", type=int, default=256)
    ap.add_argument("--batch-sizes", default="1,4,8,16,32,auto")
    ap.add_argument("--alone-docs", type=int, default=32, help="documents the batch-1 engine run times (spread over the lengths)")
    ap.add_argument("--ct2-batch-sizes", default="1,8,16,32")
    ap.add_argument("--ct2-layouts", default="1x2,2x1", help="CTranslate2 inter x intra threads: 1x2 (one batch on both), 2x1 (two batches, one core each)")
    ap.add_argument("--hf-batch-size", type=int, default=16)
    ap.add_argument("--b4k-docs", type=int, default=3)
    ap.add_argument("--contenders", default="engine,ct2,hf,bert4keras")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--peers-python", default=DEFAULT_PEERS_PYTHON)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--table-from", type=Path, help="print the table of an earlier --json file and exit")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--info", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--docs-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--beam", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-lanes", action="store_true", help="engine: one batch at a time on all threads (the engine before lanes)")
    ap.add_argument("--batch", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    if args.worker:
        info = json.loads(args.info.read_text())
        out = run_engine(info, args.docs_file, args.beam, args.batch, args.threads, args.worker, args.no_lanes) if args.worker.startswith("engine") \
            else run_bert4keras(info, args.docs_file, args.beam, args.threads)
        print(json.dumps(out))
        return 0
    if args.table_from:
        data = json.loads(args.table_from.read_text())
        print_table(data["rows"], data["bandwidth"], data["peak"])
        return 0
    args.beams = [int(b) for b in args.beams.split(",") if b]
    args.batch_sizes = [b for b in args.batch_sizes.split(",") if b]
    args.ct2_batch_sizes = [int(b) for b in args.ct2_batch_sizes.split(",") if b]
    args.ct2_layouts = [k for k in args.ct2_layouts.split(",") if k]
    args.contenders = [c for c in args.contenders.split(",") if c]
    args.work.mkdir(parents=True, exist_ok=True)
    args.bandwidth, args.peak = triad_bandwidth(args.threads), gemm_peak(args.threads)
    print(f"bench_throughput: {args.docs} CSL-length documents, exactly {NEW_TOKENS} tokens out, {args.threads} threads, "
          f"beams {args.beams}; {os.cpu_count()} CPUs, load {_loadavg()}; bandwidth {args.bandwidth / 1e9:.1f} GB/s, "
          f"GEMM {args.peak / 1e9:.0f} GFLOP/s", flush=True)
    rows: list[dict] = []
    for dims in [d for d in args.dims.split(",") if d]:
        rows.extend(bench(dims, args))
        print_table(rows, args.bandwidth, args.peak)
    again = gemm_peak(args.threads)  # the probe is sensitive to what else runs: the best of both is the limit
    if again > args.peak:
        print(f"GEMM peak measured again after the run: {again / 1e9:.0f} GFLOP/s (was {args.peak / 1e9:.0f}); the table with it:")
        args.peak = again
        for row in rows:
            if "bound_ms" in row:
                params = step_params(json.loads((args.work / row["dims"] / "throughput" / "info.json").read_text())["config"])
                row["bound_ms"] = 1000 * max(params * 4 / args.bandwidth, 2 * row["rows_per_step"] * params / args.peak)
        print_table(rows, args.bandwidth, args.peak)
    if args.json:
        args.json.write_text(json.dumps({"rows": [{k: v for k, v in r.items() if k != "ids"} for r in rows],
                                         "bandwidth": args.bandwidth, "peak": args.peak}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
