"""Time from starting `zoo-desktop` to its window being on screen, from the sources and from the bundle.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--bundle dist/zoo-desktop/zoo-desktop]

Each run is a fresh process with an empty ZOO_HOME and settings (`--startup-probe` prints a line when the
window is exposed and quits); prints the median and the range, and which heavy modules were loaded (none
should be). Uses the offscreen Qt platform unless QT_QPA_PLATFORM is set, so it also runs headless.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_start(command: list[str], home: Path) -> tuple[float, dict]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(ZOO_HOME=str(home / "zoo"), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        seconds = time.perf_counter() - started
        proc.wait(timeout=60)
    finally:
        proc.kill()
    if not line:
        raise RuntimeError(f"{command[0]} printed nothing: {proc.stderr.read()[-2000:]}")
    return seconds, json.loads(line)


def measure(name: str, command: list[str], runs: int) -> None:
    times, heavy = [], set()
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="zoo-bench-start-") as tmp:
            seconds, report = time_start(command, Path(tmp))
            times.append(seconds)
            heavy.update(report["heavy"])
    print(f"{name:<8} median {statistics.median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f}, "
          f"{runs} runs)  heavy modules loaded: {', '.join(sorted(heavy)) or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "zoo-desktop" / "zoo-desktop")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    measure("sources", [sys.executable, "-c", "import sys; from zoo_desktop.app.main import main; sys.exit(main(['--startup-probe']))"], args.runs)
    if args.bundle.is_file():
        measure("bundle", [str(args.bundle.resolve()), "--startup-probe"], args.runs)
    else:
        print(f"bundle   not built ({args.bundle}; `make package` builds it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
