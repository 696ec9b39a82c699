"""Cluster: documents/s of the same `zoo batch` job in this process, on `--cluster local`, and on a two-node
loopback Ray cluster, all on this machine's cores; Ray's overhead per job, per batch and per document; and,
on paper, the throughput of N nodes.

    nice -n 15 .venv/bin/python benchmarks/bench_cluster.py [--docs 128] [--max-len 16] [--work DIR] [--json OUT]

Model: a random-weight T5 PEGASUS small (bench_generation.prepare_release), imported and converted into a
store under --work (its ZOO_HOME), so the cluster job ships a real converted model to its nodes.
Corpus: the first --docs CSL abstracts (../shared/data/csl/ts_dev.tsv) as .txt files; skipped with a message
when absent. Summaries of --max-len tokens, greedy (an end id rarely comes from random weights: every document
costs about max-len decoder steps).

Every T5 run decodes --batch-size 8 (the cluster's batch), so the in-process job also finishes documents group by
group rather than all at the end. Each configuration is a fresh `zoo batch --json --restart` process (its output discarded); the times of its
item events give: start (process start to the first finished document: imports, Ray start or connection, model
shipping, actor start and model load, first batch), steady rate (documents after the first batch over the time
they took), and the wall time. Configurations:
  here-2t     in process, --threads 2 (the default job on this machine)
  here-1t     in process, --threads 1 (one actor's worth of CPU)
  local       --cluster local (2 CPUs: one actor of 1 thread, one CPU left to Ray)
  two-node    ray.cluster_utils.Cluster on 127.0.0.1: head 1 CPU + node 2 CPUs (3 logical CPUs on these 2
              cores): 2 actors of 1 thread, one on each node
  extractive  the same pairs with the built-in extractive summarizer on the same documents (almost no compute):
              what remains of a cluster batch is Ray's own cost per batch.
Also timed alone: exporting the model package (what shipping costs the driver) and its size.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
CSL = ROOT.parent / "shared" / "data" / "csl" / "ts_dev.tsv"
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "zoo-bench-cluster"
MODEL_ID = "t5-small-random"
BATCH = 8  # documents per actor call (ClusterBatchJob's default for these tasks)


def write_docs(folder: Path, n: int) -> int:
    abstracts = [line.split("\t")[0] for line in CSL.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, text in enumerate(abstracts):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return len(abstracts)


def prepare_store(work: Path) -> Path:
    """ZOO_HOME under `work` with the random T5 PEGASUS small imported and converted (kept for later runs)."""
    from bench_generation import prepare_release

    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.store import ModelStore

    home = work / "home"
    store = ModelStore(ZooPaths(home))
    if not store.is_installed(MODEL_ID):
        from zoo_desktop.convert.converter import convert_model
        from zoo_desktop.store.importer import Importer, ImportRequest

        info = prepare_release("small", work / "release")
        Importer(store).run(ImportRequest(info["release"], MODEL_ID))
        convert_model(store, MODEL_ID)
    return home


def time_export(home: Path) -> dict:
    from zoo_desktop.paths import ZooPaths
    from zoo_desktop.store.package import export_package
    from zoo_desktop.store.store import ModelStore

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        package = export_package(ModelStore(ZooPaths(home)), MODEL_ID, Path(tmp) / "m.zoomodel")
        data = package.read_bytes()
        seconds = time.perf_counter() - t0
    return {"export_s": round(seconds, 2), "package_mb": round(len(data) / 1e6, 1)}


def run_job(name: str, home: Path, docs: Path, out: Path, args: list[str], env: dict[str, str]) -> dict:
    cmd = [sys.executable, "-m", "zoo_desktop.cli.main", "batch", str(docs), "-o", str(out), "--json", "--restart", *args]
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, env={**os.environ, **env, "ZOO_HOME": str(home)}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    times = []
    for line in child.stdout:
        if line.startswith("{") and '"event": "item"' in line:
            times.append(time.perf_counter() - t0)
    rc = child.wait()
    wall = time.perf_counter() - t0
    if rc != 0:
        raise SystemExit(f"{name}: exit {rc}\n{child.stderr.read()[-3000:]}")
    n = len(times)
    later = [t for t in times if t > times[min(n - 1, BATCH - 1)]]  # after the first batch came back
    steady = (len(later) / (times[-1] - times[min(n - 1, BATCH - 1)])) if len(later) > 1 else None
    row = {"name": name, "docs": n, "wall_s": round(wall, 2), "first_s": round(times[0], 2), "last_s": round(times[-1], 2),
           "docs_per_s": round(n / wall, 3), "steady_docs_per_s": round(steady, 3) if steady else None}
    print(json.dumps(row), flush=True)
    return row


def two_node_cluster(base: Path):
    """A head (1 CPU) and a node (2 CPUs) on 127.0.0.1 with token authentication; (cluster, env for zoo)."""
    token = base / "token"
    token.write_text(secrets.token_hex(32))
    env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token), "RAY_USAGE_STATS_ENABLED": "0",
           "ZOO_HOME": str(base / "node-home")}
    os.environ.update(env)  # the nodes' processes inherit it (an empty ZOO_HOME of their own)
    from ray.cluster_utils import Cluster

    from zoo_desktop.cluster.session import refresh_auth_config

    refresh_auth_config()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False, "node_ip_address": "127.0.0.1"})
    cluster.add_node(num_cpus=2, node_ip_address="127.0.0.1")
    cluster.wait_for_nodes()
    return cluster, {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=128)
    ap.add_argument("--max-len", type=int, default=16)
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--skip-two-node", action="store_true")
    args = ap.parse_args()
    if not CSL.is_file():
        print(f"skipped: the CSL abstracts ({CSL}) are not here")
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    home = prepare_store(args.work)
    docs = args.work / "docs"
    n = write_docs(docs, args.docs)
    out = args.work / "out.jsonl"
    t5 = ["-m", MODEL_ID, "--max-len", str(args.max_len), "--batch-size", str(BATCH)]  # the same batches everywhere
    ext = ["-m", "extractive"]
    results = {"docs": n, "max_len": args.max_len, "cpus": os.cpu_count(), "batch": BATCH, **time_export(home)}
    rows = [
        run_job("t5 here-2t", home, docs, out, [*t5, "--threads", "2"], {}),
        run_job("t5 here-1t", home, docs, out, [*t5, "--threads", "1"], {}),
        run_job("t5 local", home, docs, out, [*t5, "--cluster", "local"], {}),
        run_job("extractive here-1t", home, docs, out, [*ext, "--threads", "1"], {}),
        run_job("extractive local", home, docs, out, [*ext, "--cluster", "local"], {}),
    ]
    if not args.skip_two_node:
        with tempfile.TemporaryDirectory(prefix="zoo-bench-ray-") as base:
            cluster, env = two_node_cluster(Path(base))
            try:
                address = ["--cluster", cluster.address]
                rows.append(run_job("t5 two-node", home, docs, out, [*t5, *address], env))
                rows.append(run_job("extractive two-node", home, docs, out, [*ext, *address], env))
            finally:
                cluster.shutdown()
    results["runs"] = rows
    results["loadavg_before"] = [round(x, 2) for x in load_before]
    results["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    by = {r["name"]: r for r in rows}
    # Ray's costs, from the pairs: start-up (first document) and per batch (extractive: the work is ~0)
    here_e, local_e = by["extractive here-1t"], by["extractive local"]
    derived = {
        "startup_s_local": round(local_e["first_s"] - here_e["first_s"], 2),
        "startup_s_local_t5": round(by["t5 local"]["first_s"] - by["t5 here-1t"]["first_s"], 2),
    }
    if local_e["steady_docs_per_s"] and here_e["steady_docs_per_s"]:
        per_doc = 1 / local_e["steady_docs_per_s"] - 1 / here_e["steady_docs_per_s"]
        derived["ray_s_per_doc"] = round(per_doc, 4)
        derived["ray_s_per_batch"] = round(per_doc * BATCH, 3)
    if by["t5 local"]["steady_docs_per_s"]:
        derived["actor_docs_per_s"] = by["t5 local"]["steady_docs_per_s"]
    results["derived"] = derived
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
