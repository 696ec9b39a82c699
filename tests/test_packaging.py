"""Packaging: the desktop launcher, the self-test, and (slow) the PyInstaller one-folder build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zoo_desktop.app import launcher

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "zoo-desktop.spec"


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """An environment with an empty HOME and data dir, no ZOO_HOME, Qt offscreen."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOO_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(tmp_path / "xdg-data"), XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
               XDG_CACHE_HOME=str(tmp_path / "xdg-cache"), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return env


# ---- launcher -------------------------------------------------------------------------------------------


def test_install_launcher_writes_desktop_entry_and_icons(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    written = launcher.install(env, refresh=False)
    desktop = tmp_path / "data" / "applications" / "zoo-desktop.desktop"
    assert desktop in written
    text = desktop.read_text(encoding="utf-8")
    assert "[Desktop Entry]" in text and "Icon=zoo-desktop" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" %F") and "zoo_desktop.app.main" in exec_line
    for size in (16, 32, 48, 128, 256, 512):
        assert (tmp_path / "data" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "zoo-desktop.png").is_file()
    assert (tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "zoo-desktop.svg").is_file()
    assert not (tmp_path / "home" / ".local").exists()  # XDG_DATA_HOME is honoured

    removed = launcher.uninstall(env, refresh=False)
    assert set(removed) == set(written)
    assert not desktop.exists()
    assert not list((tmp_path / "data" / "icons").rglob("zoo-desktop.*"))
    assert launcher.uninstall(env, refresh=False) == []  # idempotent


def test_launcher_defaults_to_home_local_share(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": "relative/ignored"}
    assert launcher.data_home(env) == tmp_path / ".local" / "share"
    launcher.install(env, refresh=False)
    assert (tmp_path / ".local" / "share" / "applications" / "zoo-desktop.desktop").is_file()
    launcher.uninstall(env, refresh=False)


def test_exec_quoting_follows_the_desktop_entry_spec():
    assert launcher._quote("/opt/zoo/zoo-desktop") == "/opt/zoo/zoo-desktop"
    assert launcher._quote("/tmp/中文 目录/zoo-desktop") == '"/tmp/中文 目录/zoo-desktop"'
    assert launcher._quote("/a b/50%$x") == '"/a b/50%%\\\\$x"'


def test_launcher_flags_from_the_command_line(tmp_path):
    env = _clean_env(tmp_path)
    cmd = [sys.executable, "-m", "zoo_desktop.app.main"]
    done = subprocess.run([*cmd, "--install-launcher"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "xdg-data" / "applications" / "zoo-desktop.desktop").is_file()
    done = subprocess.run([*cmd, "--uninstall-launcher"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "xdg-data" / "applications" / "zoo-desktop.desktop").exists()


def test_shipped_desktop_file_is_valid():
    text = (ROOT / "resources" / "zoo-desktop.desktop").read_text(encoding="utf-8")
    keys = dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)
    assert text.startswith("[Desktop Entry]\n")
    assert keys["Type"] == "Application" and keys["Icon"] == "zoo-desktop" and keys["Exec"].startswith("zoo-desktop")
    assert (ROOT / "packaging" / "appimage" / "zoo-desktop.desktop").read_text(encoding="utf-8") == text
    assert os.access(ROOT / "packaging" / "appimage" / "AppRun", os.X_OK)


# ---- self-test --------------------------------------------------------------------------------------------

CHECK_NAMES = ("environment", "shipped data", "qt", "window", "tokenizer+jieba", "onnxruntime", "summarizer", "documents", "tensorflow")


def _assert_report(stdout: str) -> None:
    for name in CHECK_NAMES:
        assert any(line.startswith("[  ok]") and f" {name} " in line for line in stdout.splitlines()), (name, stdout)
    assert "all checks passed" in stdout


def test_self_test_from_source(tmp_path):
    env = _clean_env(tmp_path)
    done = subprocess.run([sys.executable, "-m", "zoo_desktop.app.main", "--self-test"], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_report(done.stdout)
    # jieba's cache went to the user's data directory, not the system temp dir
    assert list((tmp_path / "xdg-data" / "ZooDesktop" / "cache" / "jieba").glob("zoo-jieba-*.chunks"))


def test_self_test_reports_a_failure(monkeypatch, capsys):
    from zoo_desktop.app import selftest

    def broken() -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(selftest, "CHECKS", [("environment", selftest._check_environment), ("broken", broken)])
    assert selftest.run() == 1
    out = capsys.readouterr().out
    assert "[FAIL] broken" in out and "boom" in out and "1 check(s) FAILED" in out


# ---- the bundle ------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only the Linux one-folder build is tested")
def test_pyinstaller_bundle_runs_from_a_chinese_path_with_spaces(tmp_path):
    pytest.importorskip("PyInstaller")
    base = tmp_path / "构建 目录 with spaces"
    base.mkdir()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(base / "dist"), "--workpath", str(base / "work"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    build_s = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    dist = base / "dist" / "zoo-desktop"
    # moved after the build: the bundle must not depend on where it was built
    moved = base / "安装 位置" / "zoo-desktop"
    moved.parent.mkdir()
    shutil.move(str(dist), str(moved))
    assert not (moved / "_internal" / "tensorflow").exists() and not (moved / "_internal" / "torch").exists()
    assert (moved / "_internal" / "jieba" / "dict.txt").is_file()
    assert (moved / "_internal" / "zoo_src" / "zoo_desktop" / "convert" / "convert_child.py").is_file()

    env = _clean_env(tmp_path)
    started = time.perf_counter()
    run = subprocess.run([str(moved / "zoo-desktop"), "--self-test"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    cold_s = time.perf_counter() - started
    assert run.returncode == 0, run.stdout + run.stderr
    _assert_report(run.stdout)
    assert "frozen bundle" in run.stdout and str(tmp_path / "xdg-data" / "ZooDesktop") in run.stdout
    assert "zoo_src" in run.stdout  # the converter child's PYTHONPATH is the shipped sources

    version = subprocess.run([str(moved / "zoo"), "--version"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("zoo ")
    catalog = subprocess.run([str(moved / "zoo"), "models", "catalog", "--json"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
    assert catalog.returncode == 0, catalog.stderr

    # the window itself, from the bundle: on screen, no heavy module loaded, every task page builds
    started = time.perf_counter()
    probe = subprocess.Popen([str(moved / "zoo-desktop"), "--startup-probe"], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        line = probe.stdout.readline()
        window_s = time.perf_counter() - started
        probe.wait(timeout=60)
    finally:
        probe.kill()
    assert line, probe.stderr.read()
    report = json.loads(line)
    assert report["exposed"] and report["heavy"] == [], report

    size = sum(p.stat().st_size for p in moved.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle: build {build_s:.0f} s, size {size / 2**20:.0f} MiB, cold --self-test {cold_s:.1f} s, "
          f"window on screen {window_s:.2f} s")
    assert size < 300 * 2**20
