"""Where the step models keep their caches: host numpy arrays, or tensors left on the GPU through IO binding.

The step models (`engine.seq2seq`) do three things with their per-row tensors: run a graph, gather rows by
an index (beams reordering), and read the tensor type. `HostTensors` does them with numpy, which is what the
CPU path always did. `DeviceTensors` keeps every graph output but the logits on the session's device
(onnxruntime IO binding) and gathers rows there with a one-node Gather graph on the same provider, so the
keys/values never make a round trip through host memory between steps; only the logits come back, because
the search runs on the host.

`DeviceTensors` also works with device "cpu" (onnxruntime binds CPU memory the same way): that is how the
tests run this path on machines without a GPU.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

from zoo_desktop.engine.device import CUDA
from zoo_desktop.engine.gather_graph import gather_rows_model

_ORT_TYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(int64)": np.int64}


class HostTensors:
    """numpy arrays in host memory: the CPU path."""

    on_host = True

    def run(self, session, names: Sequence[str], feeds: dict[str, Any], host: Iterable[str] = ()) -> list[Any]:
        return session.run(list(names), feeds)

    def take(self, value: np.ndarray, index: np.ndarray) -> np.ndarray:
        return value[index]

    def dtype(self, value: np.ndarray):
        return value.dtype


class DeviceTensors:
    """onnxruntime OrtValues on one device (e.g. "cuda", 0); numpy feeds are copied in by the binding."""

    on_host = False

    def __init__(self, providers: list[Any], device_type: str, device_id: int = 0) -> None:
        self.providers = providers
        self.device_type = device_type
        self.device_id = device_id
        self._gather: dict[str, Any] = {}  # "tensor(float)/4" -> session

    @classmethod
    def for_session(cls, session, device_type: str | None = None) -> "DeviceTensors":
        """On the device `session` runs on (its first provider), or on `device_type` if given ("cpu" in tests)."""
        providers = session.get_providers()
        options = session.get_provider_options()
        device_id = int(options.get(CUDA, {}).get("device_id", 0)) if providers and providers[0] == CUDA else 0
        if device_type is None:
            device_type = "cuda" if providers and providers[0] == CUDA else "cpu"
        return cls([(p, options.get(p, {})) for p in providers], device_type, device_id)

    def run(self, session, names: Sequence[str], feeds: dict[str, Any], host: Iterable[str] = ()) -> list[Any]:
        """Run with every output left on the device except those named in `host` (numpy arrays)."""
        host = set(host)
        binding = session.io_binding()
        for name, value in feeds.items():
            if isinstance(value, np.ndarray):
                binding.bind_cpu_input(name, np.ascontiguousarray(value))
            else:
                binding.bind_ortvalue_input(name, value)
        for name in names:
            if name in host:
                binding.bind_output(name, "cpu")
            else:
                binding.bind_output(name, self.device_type, self.device_id)
        session.run_with_iobinding(binding)
        return [value.numpy() if name in host else value for name, value in zip(names, binding.get_outputs())]

    def take(self, value, index: np.ndarray):
        """Rows `index` of `value`, gathered on the device."""
        if isinstance(value, np.ndarray):
            return value[index]
        session = self._gather_session(value.data_type(), len(value.shape()))
        return self.run(session, ["rows"], {"data": value, "index": np.asarray(index, dtype=np.int64)})[0]

    def dtype(self, value):
        if isinstance(value, np.ndarray):
            return value.dtype
        return _ORT_TYPES[value.data_type()]

    def _gather_session(self, ort_type: str, rank: int):
        key = f"{ort_type}/{rank}"
        if key not in self._gather:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            model = gather_rows_model(_ORT_TYPES[ort_type], rank)
            self._gather[key] = ort.InferenceSession(model, options, providers=self.providers)
        return self._gather[key]


def tensors_for(*sessions) -> HostTensors | DeviceTensors:
    """Device tensors when every session runs on a CUDA GPU, host arrays otherwise (the CPU, providers that share
    host memory, and a model whose graphs did not all land on the GPU)."""
    if sessions and all((s.get_providers() or [None])[0] == CUDA for s in sessions):
        return DeviceTensors.for_session(sessions[-1])
    return HostTensors()
