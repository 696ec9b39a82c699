"""Generation speed of the inference engine against its peers, at the real T5 PEGASUS dimensions.

    .venv/bin/python benchmarks/bench_generation.py [--dims small,base] [--runs 7] [--b4k-runs 3]
        [--beams 1,3] [--peers-python /tmp/peers/bin/python] [--work DIR] [--json OUT]

For each dims (T5 PEGASUS small / base, `random_checkpoint.real_config`): write a random-weight release
(`write_release`), convert it (`export.t5.build_t5_graphs`), and, in the peer venv, a random-init Hugging Face
`MT5ForConditionalGeneration` of the same dimensions (untied LM head, gated-gelu) and its CTranslate2 float32
conversion (benchmarks/peers/make_mt5.py). Artefacts are kept under --work and reused.

Task: batch 1, 256 source tokens, exactly 32 generated tokens, beam 1 and beam 3, 2 threads everywhere.
"Exactly 32" is forced in every contender: the engine and bert4keras get an end id that cannot occur (-1),
Hugging Face gets min_new_tokens = max_new_tokens = 32, CTranslate2 min/max_decoding_length = 32; each
worker checks that 32 tokens came out.

Contenders, each a long-lived worker process (so that they never share a thread pool, and loading is not
timed), driven over JSON lines:
  engine      the shipped engine: `engine.device.create_session(threads=2)` sessions for t5_encoder.onnx /
              t5_decoder_step.onnx (intra-op spinning off unless ZOO_ORT_SPINNING=1 is set),
              `engine.seq2seq.T5StepModel`, `engine.decoding.beam_search`
              (the encoder, 32 decoder steps and the search, all timed).
  bert4keras  T5 PEGASUS finetune.py's AutoTitle decoder on the same checkpoint (encoder.predict, then
              AutoRegressiveDecoder.beam_search re-running `last_token(t5.decoder).predict` on the whole
              prefix each step); TF intra/inter-op threads 2/1 set before anything runs.
  hf          transformers' PyTorch `generate` with cache (peer venv; torch.set_num_threads(2)).
  ct2         CTranslate2 float32 Translator, intra_threads=2 (peer venv).
  engine-fast (with --fast, or in --contenders) `zoo_desktop.engine.fast_t5.FastT5StepModel` on the same
              graphs; variants `+nospin`, `+spin`, `+noprepack`, `+share` use own sessions (make_engine_model).
  engine+int8 / engine+fp16   the shipped engine on the graphs reduced exactly as `zoo models convert
              --precision int8|fp16` reduces them (`convert_child.reduce_graph`, made once under --work);
              NOT token-identical to bert4keras (reported separately, never as the float32 result).
  engine+gpu  the shipped engine on the GPU (CUDA; caches kept on the device, `engine.tensors`); with +fp16
              the fp16 graphs. The worker fails (and is skipped) where the session does not land on a GPU.
Rounds alternate the contenders (the order rotates each round), with a short pause between calls; after one
untimed warm-up call per contender and beam, `--runs` timed calls each (bert4keras: `--b4k-runs`). Reported:
medians (wall ms, and process CPU ms), ratios peer / engine, PASS/FAIL against the targets of the issue
(bert4keras >= 15x, Hugging Face >= 3x, CTranslate2 >= 1x), and the load average around each block.
A peer whose venv or packages are missing is skipped with the reason printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIMS = {"small": "t5-pegasus-small", "base": "t5-pegasus-base"}
SOURCE_LEN = 256
NEW_TOKENS = 32
IMPOSSIBLE_END = -1
TARGETS = {"bert4keras": 15.0, "hf": 3.0, "ct2": 1.0}  # peer ms / engine ms must reach this
LABELS = {"engine": "engine", "engine-fast": "engine-fast", "bert4keras": "bert4keras", "hf": "HF torch", "ct2": "CTranslate2"}
DEFAULT_PEERS_PYTHON = "/tmp/peers/bin/python"
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "zoo-bench-generation"


# ----------------------------------------------------------------------------------------------------------
# artefacts

def source_ids(vocab_size: int, seed: int = 0) -> list[int]:
    """256 ids as the tokenizer would give them: [CLS] 254 ordinary tokens [SEP] (Google BERT layout ids)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return [101] + rng.integers(104, vocab_size, SOURCE_LEN - 2).tolist() + [102]


def prepare_release(dims: str, work: Path) -> dict:
    """The random-weight release and its ONNX graphs for `dims` (built once, then reused)."""
    from zoo_desktop.convert import random_checkpoint as rc

    model_id = DIMS[dims]
    config = rc.real_config(model_id)
    folder = work / dims
    marker = folder / "engine-ready.json"
    if marker.is_file():
        info = json.loads(marker.read_text())
        if info.get("config") == config and Path(info["onnx"]).is_dir():
            return info
    if folder.exists():
        shutil.rmtree(folder / "release", ignore_errors=True)
        shutil.rmtree(folder / "onnx", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    release = rc.write_release("t5", folder / "release", config=config, vocab=rc.test_vocab("t5", config["vocab_size"]),
                               name=rc.release_name(model_id), overwrite=True)
    t1 = time.perf_counter()
    from zoo_desktop.export.t5 import build_t5_graphs

    graphs = build_t5_graphs(release / "model.ckpt", json.loads((release / "config.json").read_text()), folder / "onnx")
    t2 = time.perf_counter()
    info = {"model_id": model_id, "config": config, "release": str(release), "onnx": str(folder / "onnx"),
            "graphs": {k: str(v) for k, v in graphs.items()}, "write_s": round(t1 - t0, 1), "convert_s": round(t2 - t1, 1),
            "graph_mb": {k: round(Path(v).stat().st_size / 1e6, 1) for k, v in graphs.items()}}
    marker.write_text(json.dumps(info, indent=1))
    return info


def prepare_mt5(dims: str, work: Path, peers_python: str, config: dict) -> tuple[Path | None, str | None]:
    """The HF MT5 + CTranslate2 conversion at `dims`; (dir, None) or (None, why it is unavailable)."""
    folder = work / dims / "mt5"
    marker = folder / "ready.json"
    if marker.is_file() and json.loads(marker.read_text()).get("config") == config:
        return folder, None
    if not Path(peers_python).exists():
        return None, f"peer python {peers_python} not found (make the peer venv: see docs/benchmarks.md)"
    cmd = [peers_python, str(HERE / "peers" / "make_mt5.py"), "--d-model", str(config["hidden_size"]),
           "--d-kv", str(config["attention_head_size"]), "--d-ff", str(config["intermediate_size"]),
           "--layers", str(config["num_hidden_layers"]), "--heads", str(config["num_attention_heads"]),
           "--vocab", str(config["vocab_size"]), "--out", str(folder)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, "making the MT5 failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["config"] = config
    marker.write_text(json.dumps(info, indent=1))
    return folder, None


# ----------------------------------------------------------------------------------------------------------
# workers (the engine and bert4keras run in this venv; hf and ct2 in the peer venv)

def _say(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class _Vocab:
    """The ids T5StepModel reads from a tokenizer (the release's vocab is in the Google BERT layout)."""

    def __init__(self, vocab_file: Path) -> None:
        tokens = [line.split()[0] if line.split() else "" for line in vocab_file.read_text(encoding="utf-8").splitlines()]
        index = {t: i for i, t in reversed(list(enumerate(tokens)))}
        self.cls_id, self.sep_id, self.pad_id = index["[CLS]"], index["[SEP]"], index["[PAD]"]


class BenchRuntime:
    """The part of `engine.runtime.ModelRuntime` that T5StepModel uses, over a graph folder (no model store):
    sessions come from the engine's own `create_session` (ORT_ENABLE_ALL, intra-op threads, inter-op 1)."""

    def __init__(self, onnx_dir: Path, vocab_file: Path, threads: int = 2, device: str = "cpu") -> None:
        self.onnx_dir = Path(onnx_dir)
        self.threads = threads
        self.device = device
        self.tokenizer = _Vocab(vocab_file)
        self._sessions: dict = {}

    def session(self, name: str, threads: int | None = None):
        key = name if threads is None else f"{name}@{threads}"
        if key not in self._sessions:
            from zoo_desktop.engine.device import DeviceRequest, create_session

            session, report = create_session(str(self.onnx_dir / f"{name}.onnx"), DeviceRequest.parse(self.device),
                                             threads=threads or self.threads)
            if self.device != "cpu" and not report.on_gpu:
                raise SystemExit(f"{name} is not on a GPU: {report.fallback_reason}")
            self._sessions[key] = session
        return self._sessions[key]

    def lanes(self) -> int:
        return 1 if self.device != "cpu" else self.threads


SESSION_FLAGS = {"nospin", "spin", "noprepack", "share"}
PRECISION_FLAGS = {"int8", "fp16"}


def reduced_graphs(info: dict, precision: str) -> Path:
    """The `precision` variant of the graphs, made once beside the fp32 ones as the converter makes it."""
    source = Path(info["onnx"])
    out = source.parent / f"onnx-{precision}"
    marker = out / "ready.json"
    if not marker.is_file():
        from zoo_desktop.convert.convert_child import reduce_graph

        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        t0 = time.perf_counter()
        for name in ("t5_encoder", "t5_decoder_step"):
            reduce_graph(source / f"{name}.onnx", out / f"{name}.onnx", precision)
        marker.write_text(json.dumps({"precision": precision, "seconds": round(time.perf_counter() - t0, 1)}))
    return out


def make_engine_model(kind: str, info: dict, threads: int):
    """The step model of `engine` (shipped: T5StepModel over `create_session` sessions) or of a variant:
    `engine-fast` (fast_t5.FastT5StepModel) and/or flags choosing own sessions (fast_t5.cpu_sessions):
    `+nospin` / `+spin` (session.intra_op.allow_spinning 0 / 1), `+noprepack` (step graph without prepacked
    weights), `+share` (one token-embedding copy for both sessions); e.g. `engine-fast+nospin+share`."""
    base, *flags = kind.split("+")
    unknown = set(flags) - SESSION_FLAGS - PRECISION_FLAGS - {"gpu"}
    if unknown:
        raise SystemExit(f"unknown engine flags {sorted(unknown)}")
    precision = next((f for f in flags if f in PRECISION_FLAGS), None)
    onnx_dir = reduced_graphs(info, precision) if precision else Path(info["onnx"])
    runtime = BenchRuntime(onnx_dir, Path(info["release"]) / "vocab.txt", threads, device="gpu" if "gpu" in flags else "cpu")
    if SESSION_FLAGS & set(flags):
        from zoo_desktop.engine.fast_t5 import cpu_sessions

        spinning = False if "nospin" in flags else True if "spin" in flags else None
        sessions = cpu_sessions(onnx_dir, threads=threads, spinning=spinning,
                                step_prepacking=False if "noprepack" in flags else None, share_embedding="share" in flags)
        runtime._sessions.update({"t5_encoder": sessions[0], "t5_decoder_step": sessions[1]})
    if base == "engine-fast":
        from zoo_desktop.engine.fast_t5 import FastT5StepModel

        return FastT5StepModel(runtime)
    if base == "engine":
        from zoo_desktop.engine.seq2seq import T5StepModel

        return T5StepModel(runtime)
    raise SystemExit(f"unknown engine variant {kind!r}")


def _engine_generate(kind: str, info: dict, threads: int):
    from zoo_desktop.engine import decoding

    model = make_engine_model(kind, info, threads)

    def generate(ids, beam, n):
        hyp = decoding.beam_search(model, [ids], beam_size=beam, end_id=IMPOSSIBLE_END, max_len=n)[0]
        return len(hyp.ids)

    import onnxruntime

    return generate, {"onnxruntime": onnxruntime.__version__}


def _bert4keras_generate(info: dict, threads: int):
    from zoo_desktop.convert.b4k import load_bert4keras, load_tensorflow

    tf = load_tensorflow()
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    bert4keras = load_bert4keras()
    import numpy as np
    from bert4keras.models import build_transformer_model
    from bert4keras.snippets import AutoRegressiveDecoder

    release = Path(info["release"])
    t5 = build_transformer_model(config_path=str(release / "config.json"), checkpoint_path=str(release / "model.ckpt"),
                                 model="mt5.1.1", return_keras_model=False)
    encoder, decoder = t5.encoder, t5.decoder

    class AutoTitle(AutoRegressiveDecoder):  # T5 PEGASUS finetune.py, verbatim but for verbose=0
        @AutoRegressiveDecoder.wraps(default_rtype="probas")
        def predict(self, inputs, output_ids, states):
            c_encoded = inputs[0]
            return self.last_token(decoder).predict([c_encoded, output_ids], verbose=0)

    vocab = _Vocab(release / "vocab.txt")
    autotitle = AutoTitle(start_id=vocab.cls_id, end_id=IMPOSSIBLE_END, maxlen=NEW_TOKENS)

    def generate(ids, beam, n):
        autotitle.maxlen = n
        c_encoded = encoder.predict(np.array([ids]), verbose=0)[0]
        out = autotitle.beam_search([c_encoded], topk=beam)
        return len(out) - 1  # without the start token

    import tensorflow as tfm

    return generate, {"tensorflow": tfm.__version__, "bert4keras": getattr(bert4keras, "__version__", "?")}


def run_worker(kind: str, info_file: Path, threads: int) -> int:
    info = json.loads(Path(info_file).read_text())
    started = time.perf_counter()
    if kind.startswith("engine"):
        generate, versions = _engine_generate(kind, info, threads)
    elif kind == "bert4keras":
        generate, versions = _bert4keras_generate(info, threads)
    else:
        raise SystemExit(f"unknown worker {kind!r}")
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


class Worker:
    def __init__(self, name: str, cmd: list[str], env: dict | None = None, timeout: float = 1800) -> None:
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, cwd=str(ROOT), bufsize=1)
        self.ready = self._read(timeout)
        if not self.ready or not self.ready.get("ready"):
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.close()
            lines = [ln for ln in err.strip().splitlines() if ln.strip()]
            raise RuntimeError(lines[-1] if lines else "worker did not start")

    def _read(self, timeout: float) -> dict | None:
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if line.startswith("{"):
                return json.loads(line)

    def call(self, beam: int, ids: list[int]) -> dict:
        self.proc.stdin.write(json.dumps({"beam": beam, "ids": ids, "new_tokens": NEW_TOKENS}) + "\n")
        self.proc.stdin.flush()
        out = self._read(3600)
        if out is None:
            err = self.proc.stderr.read()
            raise RuntimeError(f"{self.name} died: {err.strip().splitlines()[-1:] or '?'}")
        if out["n"] != NEW_TOKENS:
            raise RuntimeError(f"{self.name} generated {out['n']} tokens, not {NEW_TOKENS}")
        return out

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


# ----------------------------------------------------------------------------------------------------------
# driver

def _env(threads: int) -> dict:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def start_workers(names: list[str], info_file: Path, mt5_dir: Path | None, mt5_why: str | None, peers_python: str,
                  threads: int, peer_env: dict[str, str]) -> tuple[dict[str, Worker], dict[str, str]]:
    workers: dict[str, Worker] = {}
    skipped: dict[str, str] = {}
    for name in names:
        if name in ("hf", "ct2") and mt5_dir is None:
            skipped[name] = mt5_why or "no MT5"
            continue
        if name.startswith("engine") or name == "bert4keras":
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--info", str(info_file), "--threads", str(threads)]
        else:
            cmd = [peers_python, str(HERE / "peers" / "gen_worker.py"), name, str(mt5_dir), "--threads", str(threads)]
        env = _env(threads)
        if name in ("hf", "ct2"):
            env.update(peer_env)
        try:
            print(f"  starting {name} ...", end="", flush=True)
            w = Worker(name, cmd, env=env)
            print(f" ready in {w.ready['load_s']:.1f} s {w.ready.get('versions', {})}", flush=True)
            workers[name] = w
        except Exception as exc:  # noqa: BLE001 - a missing peer is reported and skipped, never fatal
            print(" skipped", flush=True)
            skipped[name] = str(exc)
    return workers, skipped


def bench_dims(dims: str, args) -> list[dict]:
    print(f"\n== T5 PEGASUS {dims} dims ({DIMS[dims]}) ==", flush=True)
    t0 = time.perf_counter()
    info = prepare_release(dims, args.work)
    print(f"  release + graphs ready ({time.perf_counter() - t0:.0f} s; graphs MB {info['graph_mb']})", flush=True)
    info_file = args.work / dims / "engine-ready.json"
    mt5_dir, mt5_why = (None, "not requested")
    if {"hf", "ct2"} & set(args.contenders):
        t0 = time.perf_counter()
        mt5_dir, mt5_why = prepare_mt5(dims, args.work, args.peers_python, info["config"])
        print(f"  MT5 peers: {'ready' if mt5_dir else 'unavailable: ' + str(mt5_why)} ({time.perf_counter() - t0:.0f} s)", flush=True)
    for precision in sorted({f for c in args.contenders if c.startswith("engine") for f in c.split("+")[1:]} & PRECISION_FLAGS):
        t0 = time.perf_counter()
        reduced_graphs(info, precision)  # once, here, not racing in two workers
        print(f"  {precision} graphs ready ({time.perf_counter() - t0:.0f} s)", flush=True)
    workers, skipped = start_workers(args.contenders, info_file, mt5_dir, mt5_why, args.peers_python, args.threads,
                                     dict(kv.split("=", 1) for kv in args.peer_env))
    for name, why in skipped.items():
        print(f"  SKIP {name}: {why}", flush=True)
    rows: list[dict] = []
    ids = source_ids(info["config"]["vocab_size"])
    try:
        if "engine" not in workers:
            raise SystemExit("the engine worker did not start: " + skipped.get("engine", "?"))
        for beam in args.beams:
            load_before = _loadavg()
            order = list(workers)
            for name in order:  # warm-up, untimed
                workers[name].call(beam, ids)
                time.sleep(args.pause)
            samples: dict[str, list[dict]] = {n: [] for n in order}
            for r in range(args.runs):
                rot = order[r % len(order):] + order[: r % len(order)]
                ran = []
                for name in rot:
                    if name == "bert4keras" and len(samples[name]) >= args.b4k_runs:
                        continue
                    samples[name].append(workers[name].call(beam, ids))
                    ran.append(name)
                    time.sleep(args.pause)
                print(f"  beam {beam} round {r + 1}/{args.runs}: " + ", ".join(
                    f"{n} {samples[n][-1]['ms']:.0f}" for n in ran), flush=True)
            row = {"dims": dims, "beam": beam, "load_before": load_before, "load_after": _loadavg(), "contenders": {}}
            for name, got in samples.items():
                ms = [s["ms"] for s in got]
                row["contenders"][name] = {"median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms),
                                           "median_cpu_ms": statistics.median(s["cpu_ms"] for s in got), "n": len(ms),
                                           "all_ms": [round(x, 1) for x in ms]}
            rows.append(row)
    finally:
        for w in workers.values():
            w.close()
    for row in rows:
        row["skipped"] = skipped
    return rows


def print_table(rows: list[dict]) -> None:
    """One line per contender: median wall ms, median process CPU ms, runs, ratio to the engine (and to each
    engine variant), and for the peers PASS/FAIL against the issue's target (peer ms / engine ms)."""
    variants = sorted({n for r in rows for n in r["contenders"] if n.startswith("engine") and n != "engine"})
    reduced = [v for v in variants if PRECISION_FLAGS & set(v.split("+")[1:])]
    exact = [v for v in variants if v not in reduced]
    print("\nmedian wall ms, median process CPU ms; x engine = contender ms / shipped engine ms (peers: must reach the target)")
    head = f"{'dims':<6}{'beam':>5}  {'contender':<26}{'ms':>9}{'cpu ms':>9}{'runs':>5}{'x engine':>10}"
    for v in variants:
        head += f"{'x ' + v:>{max(12, len(v) + 4)}}"
    head += f"{'target':>8}  verdict"
    print(head)
    for row in rows:
        c = row["contenders"]
        eng = c["engine"]["median_ms"]
        for name, v in c.items():
            line = (f"{row['dims']:<6}{row['beam']:>5}  {LABELS.get(name, name):<26}{v['median_ms']:>9.0f}"
                    f"{v['median_cpu_ms']:>9.0f}{v['n']:>5}{v['median_ms'] / eng:>9.2f}x")
            for var in variants:
                w = max(12, len(var) + 4)
                line += f"{v['median_ms'] / c[var]['median_ms']:>{w - 1}.2f}x" if var in c else f"{'-':>{w}}"
            if name in TARGETS:
                ok = v["median_ms"] / eng >= TARGETS[name]
                verdict = "PASS" if ok else "FAIL"
                for label, group in (("variant", exact), ("int8/fp16, not token-identical", reduced)):
                    ratios = [v["median_ms"] / c[x]["median_ms"] for x in group if x in c]
                    if ratios:
                        verdict += f" ({label}: {'PASS' if max(ratios) >= TARGETS[name] else 'FAIL'})"
                line += f"{TARGETS[name]:>7.0f}x  {verdict}"
            print(line)
        skipped = row.get("skipped") or {}
        for name, why in skipped.items():
            print(f"{row['dims']:<6}{row['beam']:>5}  {LABELS.get(name, name):<26}skipped: {why}")
        print(f"{'':<13}load average {row['load_before']} -> {row['load_after']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dims", default="small,base", help="comma list of small, base")
    ap.add_argument("--beams", default="1,3")
    ap.add_argument("--runs", type=int, default=7, help="timed calls per contender and beam (after one warm-up)")
    ap.add_argument("--b4k-runs", type=int, default=3, help="timed calls for bert4keras (slow)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pause", type=float, default=0.2, help="seconds between calls (lets spinning thread pools settle)")
    ap.add_argument("--peers-python", default=DEFAULT_PEERS_PYTHON)
    ap.add_argument("--contenders", default="engine,bert4keras,hf,ct2",
                    help="comma list of engine, bert4keras, hf, ct2 and engine variants (engine-fast, engine+nospin, engine-fast+nospin, ...)")
    ap.add_argument("--peer-env", action="append", default=[], metavar="KEY=VALUE",
                    help="environment for the hf/ct2 workers, e.g. OMP_WAIT_POLICY=PASSIVE (repeatable)")
    ap.add_argument("--fast", action="store_true", help="also time zoo_desktop.engine.fast_t5 (engine-fast)")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where checkpoints and graphs are kept (reused)")
    ap.add_argument("--json", type=Path, help="write all samples here")
    ap.add_argument("--table-from", type=Path, help="print the table of earlier --json files (comma list) and exit")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--info", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return run_worker(args.worker, args.info, args.threads)

    if args.table_from:
        print_table([r for f in str(args.table_from).split(",") for r in json.loads(Path(f).read_text())])
        return 0
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, str(ROOT))
    args.beams = [int(b) for b in args.beams.split(",") if b]
    args.contenders = [c for c in args.contenders.split(",") if c]
    if args.fast and "engine-fast" not in args.contenders:
        args.contenders.insert(1, "engine-fast")
    if args.contenders[0] != "engine":
        args.contenders = ["engine"] + [c for c in args.contenders if c != "engine"]
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"bench_generation: {SOURCE_LEN} tokens in, exactly {NEW_TOKENS} out, batch 1, {args.threads} threads, "
          f"beams {args.beams}, {args.runs} runs (bert4keras {args.b4k_runs}); {os.cpu_count()} CPUs, load {_loadavg()}", flush=True)
    rows: list[dict] = []
    for dims in [d for d in args.dims.split(",") if d]:
        if dims not in DIMS:
            raise SystemExit(f"unknown dims {dims!r}; use {', '.join(DIMS)}")
        rows.extend(bench_dims(dims, args))
        print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
