"""The engine says which device it runs on, and why not the GPU when it is not (no silent fallback)."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from zoo_desktop.engine import device
from zoo_desktop.engine.device import DeviceRequest, classify_cuda_failure, create_session


@pytest.fixture
def tiny_graph(tmp_path):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 2])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "tiny", [x], [y])
    path = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return str(path)


def test_cpu_build_reports_missing_provider(tiny_graph):
    session, report = create_session(tiny_graph, DeviceRequest.parse("auto"), available=["CPUExecutionProvider"])
    assert report.device == "cpu" and not report.on_gpu
    assert "no GPU provider" in report.fallback_reason and "onnxruntime-gpu" in report.fallback_reason
    assert session.run(None, {"x": np.array([[-1.0, 2.0]], np.float32)})[0].tolist() == [[0.0, 2.0]]


def test_cpu_chosen_in_settings(tiny_graph):
    _, report = create_session(tiny_graph, DeviceRequest.parse("cpu"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert report.device == "cpu" and report.fallback_reason == "CPU chosen in the settings"


def test_cuda_provider_listed_but_no_gpu(tiny_graph, monkeypatch):
    monkeypatch.setattr(device, "_gpu_present", lambda: False)
    _, report = create_session(tiny_graph, DeviceRequest.parse("gpu"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert report.device == "cpu" and "no NVIDIA GPU" in report.fallback_reason


def test_cuda_provider_that_fails_to_start_is_explained(tiny_graph, monkeypatch):
    """Simulate onnxruntime-gpu without its CUDA libraries: session creation with CUDA raises."""
    import onnxruntime as ort

    real = ort.InferenceSession

    def fake(path, options=None, providers=None):
        if providers and any("CUDA" in (p[0] if isinstance(p, tuple) else p) for p in providers):
            raise RuntimeError("Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file")
        return real(path, options, providers=providers)

    monkeypatch.setattr(ort, "InferenceSession", fake)
    monkeypatch.setattr(device, "_gpu_present", lambda: True)
    session, report = create_session(tiny_graph, DeviceRequest.parse("auto"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert report.device == "cpu"
    assert report.fallback_reason.startswith("CUDA libraries not found")
    assert session.get_providers() == ["CPUExecutionProvider"]


def test_silently_dropped_gpu_provider_is_still_reported(tiny_graph, monkeypatch):
    """The CPU wheel ignores a CUDA provider it lacks; the report must still say the GPU is not used."""
    monkeypatch.setattr(device, "_gpu_present", lambda: True)
    _, report = create_session(tiny_graph, DeviceRequest.parse("gpu"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert report.device == "cpu" and report.fallback_reason


@pytest.mark.parametrize("message, reason", [
    ("CUDA failure 2: out of memory", "out of GPU memory"),
    ("cudaErrorNoDevice: no CUDA-capable device is detected", "no CUDA-capable GPU found"),
])
def test_failure_classification(message, reason):
    assert classify_cuda_failure(message) == reason


def test_device_request_parsing():
    assert DeviceRequest.parse("gpu:1") == DeviceRequest("gpu", 1)
    assert DeviceRequest.parse(None) == DeviceRequest("auto")
    with pytest.raises(ValueError):
        DeviceRequest.parse("tpu")


def _spinning(session) -> str:
    return session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning")


def test_intra_op_threads_do_not_spin_by_default(tiny_graph, monkeypatch):
    """Spinning threads halve the speed on a loaded machine (docs/benchmarks.md): off unless asked for."""
    monkeypatch.delenv(device.SPINNING_ENV, raising=False)
    session, _ = create_session(tiny_graph, DeviceRequest.parse("cpu"), threads=2)
    assert _spinning(session) == "0"
    assert session.run(None, {"x": np.array([[-1.0, 2.0]], np.float32)})[0].tolist() == [[0.0, 2.0]]
    session, _ = create_session(tiny_graph, DeviceRequest.parse("cpu"), spinning=True)
    assert _spinning(session) == "1"
    monkeypatch.setenv(device.SPINNING_ENV, "1")
    session, _ = create_session(tiny_graph, DeviceRequest.parse("cpu"))
    assert _spinning(session) == "1"
    session, _ = create_session(tiny_graph, DeviceRequest.parse("cpu"), spinning=False)
    assert _spinning(session) == "0"


@pytest.mark.parametrize(
    "setting, available, expected",
    [
        ("auto", ["CPUExecutionProvider"], ("cpu", "no GPU provider")),
        ("cpu", ["CUDAExecutionProvider", "CPUExecutionProvider"], ("cpu", "CPU chosen in the settings")),
        ("auto", ["DmlExecutionProvider", "CPUExecutionProvider"], ("dml", None)),
    ],
)
def test_planned_device_says_why_not_the_gpu(setting, available, expected):
    from zoo_desktop.engine.device import DeviceRequest, planned_device

    device, reason = planned_device(DeviceRequest.parse(setting), available)
    assert device == expected[0]
    assert (reason is None) if expected[1] is None else reason.startswith(expected[1])


def test_cuda_sessions_are_float32_exact_and_load_the_pip_cuda_libraries(tiny_graph, monkeypatch):
    """The CUDA provider is asked for float32 (no TF32) and the CUDA/cuDNN wheels are preloaded before it starts."""
    import onnxruntime as ort

    monkeypatch.setattr(device, "_gpu_present", lambda: True)
    providers, reason = device.plan_providers(DeviceRequest.parse("gpu:1"), ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert reason is None and providers[0] == ("CUDAExecutionProvider", {"device_id": 1, "use_tf32": "0"})
    calls = []
    monkeypatch.setattr(ort, "preload_dlls", lambda *a, **k: calls.append(1), raising=False)
    device.preload_cuda_libraries.cache_clear()
    try:
        create_session(tiny_graph, DeviceRequest.parse("auto"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
        create_session(tiny_graph, DeviceRequest.parse("auto"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
        create_session(tiny_graph, DeviceRequest.parse("cpu"), available=["CUDAExecutionProvider", "CPUExecutionProvider"])
    finally:
        device.preload_cuda_libraries.cache_clear()
    assert calls == [1]  # once per process, and only when a GPU provider is planned
