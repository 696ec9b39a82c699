"""The one-node Gather graph written without `onnx`, and the choice between host and device tensors."""

from __future__ import annotations

import numpy as np
import pytest

from zoo_desktop.engine.gather_graph import gather_rows_model
from zoo_desktop.engine.tensors import DeviceTensors, HostTensors, tensors_for


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int64])
def test_gather_graph_is_a_valid_onnx_model_that_gathers_rows(dtype):
    import onnxruntime as ort

    model = gather_rows_model(dtype, 4)
    onnx = pytest.importorskip("onnx")  # only the convert extra has it; onnxruntime below needs nothing more
    onnx.checker.check_model(onnx.load_from_string(model), full_check=True)
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    data = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).astype(dtype)
    index = np.array([1, 1, 0], dtype=np.int64)
    (rows,) = session.run(None, {"data": data, "index": index})
    assert rows.dtype == dtype and np.array_equal(rows, data[index])


def _session(dtype=np.float32):
    import onnxruntime as ort

    return ort.InferenceSession(gather_rows_model(dtype, 2), providers=["CPUExecutionProvider"])


def test_cpu_sessions_use_host_arrays():
    assert isinstance(tensors_for(_session()), HostTensors)


def test_device_tensors_keep_outputs_as_ortvalues_and_gather_them():
    import onnxruntime as ort

    tensors = DeviceTensors.for_session(_session(), device_type="cpu")
    data = np.arange(12, dtype=np.float32).reshape(4, 3)
    (kept,) = tensors.run(_session(), ["rows"], {"data": data, "index": np.array([2, 3])})
    assert isinstance(kept, ort.OrtValue) and tensors.dtype(kept) == np.float32
    (host,) = tensors.run(_session(), ["rows"], {"data": data, "index": np.array([2, 3])}, host=("rows",))
    assert isinstance(host, np.ndarray) and np.array_equal(host, data[[2, 3]])
    again = tensors.take(kept, np.array([1, 1, 0]))
    assert np.array_equal(again.numpy(), data[[3, 3, 2]])
    half = tensors.run(_session(np.float16), ["rows"], {"data": data.astype(np.float16), "index": np.array([0])})[0]
    assert tensors.dtype(half) == np.float16 and tensors.take(half, np.array([0, 0])).numpy().dtype == np.float16


class _PlacedSession:
    """What `tensors_for` reads of a session: where onnxruntime placed it (a CUDA session cannot be made here)."""

    def __init__(self, providers: list[str], options: dict) -> None:
        self._providers, self._options = providers, options

    def get_providers(self):
        return self._providers

    def get_provider_options(self):
        return self._options


def test_device_tensors_only_when_every_graph_runs_on_cuda():
    on_gpu = _PlacedSession(["CUDAExecutionProvider", "CPUExecutionProvider"], {"CUDAExecutionProvider": {"device_id": "1"}, "CPUExecutionProvider": {}})
    fell_back = _PlacedSession(["CPUExecutionProvider"], {"CPUExecutionProvider": {}})
    chosen = tensors_for(on_gpu, on_gpu)
    assert isinstance(chosen, DeviceTensors) and (chosen.device_type, chosen.device_id) == ("cuda", 1)
    assert isinstance(tensors_for(on_gpu, fell_back), HostTensors)  # the encoder ran out of GPU memory, say
    assert isinstance(tensors_for(_PlacedSession(["DmlExecutionProvider", "CPUExecutionProvider"], {})), HostTensors)
