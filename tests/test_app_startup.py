"""`zoo-desktop` starts to a visible window fast, without TensorFlow or onnxruntime; `--version` works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = "import sys; from zoo_desktop.app.main import main; sys.exit(main(['--startup-probe']))"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        ZOO_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the user's QSettings land here, not in ~/.config
        LANG="en_US.UTF-8",
        LC_ALL="en_US.UTF-8",
    )
    return env


def test_time_to_visible_window_without_heavy_imports(tmp_path):
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=REPO, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline()
        seconds = time.perf_counter() - t0
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert line, proc.stderr.read()
    report = json.loads(line)
    print(f"\ntime to visible window: {seconds:.3f} s (from starting the process to the window exposed on screen)")
    assert report["visible"] and report["exposed"]
    assert report["title"].startswith("Zoo Desktop")
    assert "tensorflow" not in report["heavy"] and "onnxruntime" not in report["heavy"], report
    assert report["heavy"] == [], report  # jieba and numpy wait for the first summary too
    assert seconds < 5.0
    assert (tmp_path / "home" / "logs" / "zoo-desktop.log").is_file()


def test_version_does_not_start_qt(tmp_path):
    from zoo_desktop import __version__

    out = subprocess.run(
        [sys.executable, "-c", "import sys; from zoo_desktop.app.main import main; main(['--version'])"],
        cwd=REPO, env=_env(tmp_path), capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"zoo-desktop {__version__}"
