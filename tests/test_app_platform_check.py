"""Before Qt starts, `zoo-desktop` and `dev.py app` say which system libraries the platform plugin lacks and how to
install them, or that there is no display; the self-test reports the same check."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_app_helpers import language  # noqa: F401
from zoo_desktop.app import platform_check as pc

REPO = Path(__file__).resolve().parents[1]

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f01)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibzoo-unknown.so.3 => not found
\tlibxcb-cursor.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f02)
"""


def _os_release(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "os-release"
    path.write_text(text, encoding="utf-8")
    return path


def _fake_plugins(tmp_path: Path) -> Path:
    folder = tmp_path / "platforms"
    folder.mkdir()
    (folder / "libqxcb.so").write_bytes(b"")
    return folder


def _failing_loader(path: Path) -> str:
    return "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"


@pytest.mark.parametrize(
    ("release", "command"),
    [
        ('ID=ubuntu\nID_LIKE=debian\n', "sudo apt install libxcb-cursor0 libxcb-icccm4"),
        ('ID="fedora"\n', "sudo dnf install xcb-util-cursor xcb-util-wm"),
        ("ID=manjaro\nID_LIKE=arch\n", "sudo pacman -S --needed xcb-util-cursor xcb-util-wm"),
    ],
)
def test_missing_libraries_are_named_with_the_distributions_package_command(tmp_path, release, command):
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(_fake_plugins(tmp_path))}
    result = pc.check(env, system="linux", loader=_failing_loader, ldd_runner=lambda cmd: LDD_OUTPUT,
                      os_release=_os_release(tmp_path, release))
    assert not result.ok and result.status == pc.MISSING_LIBRARIES and result.platform == "xcb"
    assert result.missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libzoo-unknown.so.3"]
    assert result.install_command == command
    text = pc.explain(result)
    assert "zoo-desktop cannot start" in text and "xcb" in text
    for lib in result.missing:  # the unknown one is named as it is
        assert f"    {lib}" in text
    assert f"    {command}" in text
    assert result.to_json()["install_command"] == command
    assert "libzoo-unknown.so.3" in result.summary() and command in result.summary()


def test_unknown_distribution_names_the_libraries_without_a_command(tmp_path):
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(_fake_plugins(tmp_path))}
    # no ldd on this machine: the loader's own message names the first missing library
    result = pc.check(env, system="linux", loader=_failing_loader, ldd_runner=lambda cmd: "",
                      os_release=_os_release(tmp_path, "ID=gentoo\n"))
    assert result.missing == ["libxcb-cursor.so.0"] and result.install_command is None
    assert "Install the packages of your distribution" in pc.explain(result)


def test_a_plugin_that_loads_passes(tmp_path):
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(_fake_plugins(tmp_path))}
    result = pc.check(env, system="linux", loader=lambda path: None)
    assert result.ok and result.status == pc.OK and result.plugin.endswith("libqxcb.so")


def test_wayland_session_passes_when_the_wayland_plugin_loads_though_xcb_would_not(tmp_path):
    folder = _fake_plugins(tmp_path)
    (folder / "libqwayland.so").write_bytes(b"")
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(folder)}
    result = pc.check(env, system="linux", loader=lambda path: None if "wayland" in path.name else "x")
    assert result.status == pc.OK and result.platform == "wayland"


def test_no_display_points_to_the_command_line_and_the_self_test():
    result = pc.check({}, system="linux")
    assert result.status == pc.NO_DISPLAY and not result.ok
    text = pc.explain(result)
    assert "no display" in text and "DISPLAY" in text and "WAYLAND_DISPLAY" in text
    assert "zoo --help" in text and "zoo-desktop --self-test" in text


@pytest.mark.parametrize(
    ("env", "args"),
    [({"QT_QPA_PLATFORM": "offscreen"}, []), ({"QT_QPA_PLATFORM": "minimal"}, []), ({}, ["-platform", "offscreen"])],
)
def test_headless_platforms_and_other_systems_are_not_checked(env, args):
    assert pc.check(env, args, system="linux").status == pc.NOT_CHECKED
    assert pc.check({}, system="win32").status == pc.NOT_CHECKED


def _plugin_with_a_missing_dependency(tmp_path: Path) -> Path:
    """A real shared object named like Qt's xcb plugin, linked against a library that is then deleted."""
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to build the fake plugin")
    build, plugins = tmp_path / "build", tmp_path / "plugins"
    build.mkdir()
    plugins.mkdir()
    (build / "dep.c").write_text("int zoo_dep(void) { return 1; }\n")
    (build / "plugin.c").write_text("int zoo_dep(void);\nint zoo_plugin(void) { return zoo_dep(); }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,-soname,libzoo-missing-test.so.1", "-o",
                    str(build / "libzoo-missing-test.so.1"), str(build / "dep.c")], check=True)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(plugins / "libqxcb.so"), str(build / "plugin.c"),
                    str(build / "libzoo-missing-test.so.1")], check=True)
    shutil.rmtree(build)
    return plugins


def _headful_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(ZOO_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"), LANG="en_US.UTF-8",
               LC_ALL="en_US.UTF-8", **extra)
    return env


def test_zoo_desktop_names_the_library_a_real_plugin_cannot_load_and_exits_1(tmp_path):
    plugins = _plugin_with_a_missing_dependency(tmp_path)
    doc = tmp_path / "notes.txt"
    doc.write_text("x", encoding="utf-8")
    env = _headful_env(tmp_path, DISPLAY=":99", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugins))
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "zoo_desktop.app.main", str(doc)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "zoo-desktop cannot start: Qt's xcb platform plugin needs system libraries" in out.stderr
    assert "    libzoo-missing-test.so.1" in out.stderr
    assert "Could not load the Qt platform plugin" not in out.stderr  # Qt never started
    assert time.monotonic() - t0 < 30


def test_zoo_desktop_without_a_display_says_so_and_exits_1(tmp_path):
    out = subprocess.run([sys.executable, "-m", "zoo_desktop.app.main"], cwd=REPO, env=_headful_env(tmp_path),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "no display found" in out.stderr and "zoo --help" in out.stderr and "--self-test" in out.stderr


def test_dev_py_app_checks_before_launching(tmp_path, monkeypatch, capfd):
    spec = importlib.util.spec_from_file_location("dev_under_test", REPO / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    if not dev._bin(dev.VENV, "python").exists():
        pytest.skip("dev.py's .venv is not set up in this checkout")
    monkeypatch.setattr(dev, "ensure_environment", lambda: None)  # the venv exists; no uv sync in a test
    launched = []
    real_call = subprocess.call
    monkeypatch.setattr(dev.subprocess, "call", lambda cmd, **kw: launched.append(cmd) or real_call(cmd, **kw))
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert dev.main(["app"]) == 1
    assert len(launched) == 1 and "zoo_desktop.app.platform_check" in launched[0]  # the app itself never started
    err = capfd.readouterr().err
    assert "python3 dev.py app: no display found" in err and "python3 dev.py app --self-test" in err


def test_self_test_reports_the_platform_check(monkeypatch):
    from zoo_desktop.app import selftest

    assert "platform" in dict(selftest.CHECKS)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert "offscreen" in dict(selftest.CHECKS)["platform"]()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert "no display" in dict(selftest.CHECKS)["platform"]()  # the self-test is meant to run headless
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(pc, "dlopen_error", lambda path: "libxcb-cursor.so.0: cannot open shared object file")
    monkeypatch.setattr(pc, "ldd_missing", lambda path, runner=None: ["libxcb-cursor.so.0"])
    with pytest.raises(RuntimeError, match="missing libxcb-cursor.so.0"):
        dict(selftest.CHECKS)["platform"]()


def test_the_message_is_in_the_interface_language(language, tmp_path):
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(_fake_plugins(tmp_path))}
    result = pc.check(env, system="linux", loader=_failing_loader, ldd_runner=lambda cmd: LDD_OUTPUT,
                      os_release=_os_release(tmp_path, "ID=debian\n"))
    language.apply("zh_CN")
    text = pc.explain(result)
    assert text.startswith("zoo-desktop 无法启动：Qt 的 xcb 平台插件需要以下系统库")
    assert "用以下命令安装：\n    sudo apt install libxcb-cursor0 libxcb-icccm4" in text
    assert "找不到显示器" in pc.explain(pc.check({}, system="linux"))
