"""`zoo doctor`: one report of versions, model store, device, converter and Qt platform, as text and JSON."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest

from zoo_desktop import __version__, doctor
from zoo_desktop.cli.main import main as zoo
from zoo_desktop.engine import device as device_module
from zoo_desktop.paths import ZooPaths


def install_fake_models(home: Path, states: dict[str, str]) -> None:
    """Manifests only: enough for the store to list the models with their states."""
    for model_id, state in states.items():
        folder = ZooPaths(home).models / model_id
        folder.mkdir(parents=True)
        manifest = {"id": model_id, "family": "bert", "architecture": "bert", "state": state}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_doctor_text_names_every_part(zoo_home, capsys):
    install_fake_models(zoo_home, {"a": "converted", "b": "imported", "c": "converted"})
    assert zoo(["doctor"]) == 0
    out = capsys.readouterr().out
    lines = {line[:16].strip(): line[16:] for line in out.splitlines()[1:]}
    assert out.splitlines()[0] == "Zoo Desktop diagnostics"
    assert lines["zoo-desktop"] == __version__
    assert lines["python"].startswith(platform.python_version())
    for key in ("os", "onnxruntime", "numpy", "PySide6", "providers", "converter", "qt platform", "log file"):
        assert lines[key] and not lines[key].startswith("error"), key
    assert lines["data"] == str(zoo_home)
    assert lines["model store"].startswith(str(ZooPaths(zoo_home).models)) and "GB free" in lines["model store"]
    assert lines["models"] == "3 installed (2 converted, 1 imported)"
    assert lines["device"].startswith("cpu (GPU not used: ") and lines["device"].endswith("; setting auto")
    assert lines["qt platform"] == "not checked: the offscreen platform needs no display"  # tests run offscreen


def test_doctor_json_fields(zoo_home, capsys):
    import numpy
    import onnxruntime

    install_fake_models(zoo_home, {"m": "verified"})
    assert zoo(["doctor", "--json", "--device", "cpu"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"versions", "install", "store", "device", "converter", "qt_platform", "log_file"}
    assert report["versions"]["zoo-desktop"] == __version__
    assert report["versions"]["onnxruntime"] == onnxruntime.__version__
    assert report["versions"]["numpy"] == numpy.__version__
    assert report["versions"]["PySide6"].startswith("6.")
    assert report["install"]["kind"] == "source"
    store = report["store"]
    assert store["home"] == str(zoo_home) and store["installed"] == 1 and store["by_state"] == {"verified": 1}
    assert isinstance(store["free_bytes"], int) and store["free_bytes"] > 0
    assert report["device"] == {"requested": "cpu", "providers": onnxruntime.get_available_providers(),
                                "device": "cpu", "reason": "CPU chosen in the settings"}
    assert report["converter"]["kind"] in ("current", "private", "missing", "broken")
    assert report["qt_platform"]["status"] == "not-checked"
    assert report["log_file"] == str(ZooPaths(zoo_home).log_file)


def test_doctor_gives_the_engines_reason_when_the_gpu_is_not_used(zoo_home, monkeypatch):
    import onnxruntime

    monkeypatch.setattr(onnxruntime, "get_available_providers", lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    monkeypatch.setattr(device_module, "_gpu_present", lambda: False)
    report = doctor.collect(ZooPaths(zoo_home))
    assert report["device"]["device"] == "cpu" and report["device"]["reason"] == "no NVIDIA GPU found on this machine"
    monkeypatch.setattr(device_module, "_gpu_present", lambda: True)
    assert doctor.collect(ZooPaths(zoo_home), device="gpu:1")["device"]["device"] == "cuda:1"
    assert "device          cuda:1; setting gpu:1" in doctor.report_text(ZooPaths(zoo_home), device="gpu:1")


def test_doctor_reports_a_broken_part_and_goes_on(zoo_home, monkeypatch, capsys):
    def broken(requested):
        raise ImportError("libonnxruntime.so: cannot open shared object file")

    monkeypatch.setattr(doctor, "_device", broken)
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert zoo(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "device          error: ImportError: libonnxruntime.so: cannot open shared object file" in out
    assert "qt platform     no display" in out and "converter       " in out
    assert zoo(["doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["device"] == {"error": "ImportError: libonnxruntime.so: cannot open shared object file"}


def test_doctor_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        zoo(["--help"])
    assert "doctor" in capsys.readouterr().out
