"""Choose the onnxruntime execution provider, and say plainly why when it is not the GPU.

Silent fallback is a defect: every session reports the device it really runs on and, when it fell
back to the CPU, the reason (no GPU, provider missing, CUDA libraries not found, out of memory).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
DML = "DmlExecutionProvider"
COREML = "CoreMLExecutionProvider"
GPU_PROVIDERS = (CUDA, DML, COREML)

SPINNING_ENV = "ZOO_ORT_SPINNING"
"""Set to 1 to let onnxruntime's intra-op threads spin between kernels again (see `spinning_default`)."""


@dataclass(frozen=True)
class DeviceRequest:
    """What the user asked for: "auto", "cpu", or "gpu" / "gpu:N"."""

    kind: str = "auto"
    index: int = 0

    @classmethod
    def parse(cls, text: str | None) -> "DeviceRequest":
        text = (text or "auto").strip().lower()
        if text in ("auto", "cpu"):
            return cls(text)
        if text.startswith(("gpu", "cuda")):
            _, _, idx = text.partition(":")
            return cls("gpu", int(idx) if idx.isdigit() else 0)
        raise ValueError(f"unknown device {text!r}: use auto, cpu or gpu[:N]")


@dataclass
class DeviceReport:
    requested: str
    device: str  # "cpu" or e.g. "cuda:0"
    providers: list[str]
    fallback_reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def on_gpu(self) -> bool:
        return self.device != "cpu"

    def describe(self) -> str:
        if self.fallback_reason:
            return f"{self.device} (GPU not used: {self.fallback_reason})"
        return self.device

    def to_json(self) -> dict[str, Any]:
        return {"requested": self.requested, "device": self.device, "providers": self.providers, "fallback_reason": self.fallback_reason}


def _gpu_present() -> bool:
    if sys.platform.startswith("linux"):
        return any(os.path.exists(p) for p in ("/dev/nvidia0", "/dev/nvidiactl")) or shutil.which("nvidia-smi") is not None
    return True  # elsewhere the provider itself is the only reliable probe


def classify_cuda_failure(message: str) -> str:
    text = message.lower()
    if "out of memory" in text or "cudaerrormemoryallocation" in text:
        return "out of GPU memory"
    if any(k in text for k in ("libcudart", "libcublas", "libcudnn", "cudnn", "cuda library", ".so", ".dll", "error loading")):
        return ("CUDA libraries not found (install onnxruntime-gpu with its CUDA and cuDNN wheels: "
                "`ZOO_GPU=1 python3 dev.py app`, or `pip install \"onnxruntime-gpu[cuda,cudnn]\"`)")
    if "no cuda-capable device" in text or "cudaerrornodevice" in text:
        return "no CUDA-capable GPU found"
    return f"the CUDA provider failed to start: {message.splitlines()[0][:200]}"


# float32 graphs must give float32 results on the GPU too: onnxruntime's CUDA provider otherwise runs float32
# MatMuls in TF32 on Ampere and newer (10 mantissa bits), which moves scores by ~1e-3.
CUDA_OPTIONS = {"use_tf32": "0"}


@functools.cache
def preload_cuda_libraries() -> str | None:
    """Load the CUDA and cuDNN libraries that onnxruntime-gpu's `cuda`/`cudnn` extras install as wheels
    (onnxruntime >= 1.21: `preload_dlls`), so that no system CUDA is needed. Once per process; returns why it
    failed, or None."""
    import onnxruntime as ort

    if not hasattr(ort, "preload_dlls"):
        return None
    try:
        ort.preload_dlls()
    except Exception as exc:  # the wheels are missing: the provider reports the libraries it lacks
        log.info("onnxruntime.preload_dlls failed: %s", exc)
        return str(exc)
    return None


def plan_providers(request: DeviceRequest, available: list[str]) -> tuple[list[Any], str | None]:
    """Providers to try, and the reason the GPU is not among them (None when it is)."""
    if request.kind == "cpu":
        return [CPU], "CPU chosen in the settings"
    if CUDA in available:
        if not _gpu_present():
            return [CPU], "no NVIDIA GPU found on this machine"
        return [(CUDA, {"device_id": request.index, **CUDA_OPTIONS}), CPU], None
    for provider in (DML, COREML):
        if provider in available:
            return [provider, CPU], None
    return [CPU], "no GPU provider in this onnxruntime build (install the `gpu` extra: onnxruntime-gpu)"


def planned_device(request: DeviceRequest, available: list[str] | None = None) -> tuple[str, str | None]:
    """Where a model would run now ("cpu", "cuda:N", "dml", "coreml") and why not on a GPU (None when it is)."""
    if available is None:
        import onnxruntime as ort

        available = list(ort.get_available_providers())
    providers, reason = plan_providers(request, available)
    first = providers[0][0] if isinstance(providers[0], tuple) else providers[0]
    if first == CUDA:
        return f"cuda:{request.index}", None
    if first in GPU_PROVIDERS:
        return first.removesuffix("ExecutionProvider").lower(), None
    return "cpu", reason


def spinning_default() -> bool:
    """Whether intra-op threads spin: off unless the environment says `ZOO_ORT_SPINNING=1`.

    onnxruntime's intra-op pool busy-waits between kernels by default. That buys a little on an idle machine
    but a desktop app never has the CPU to itself: on a loaded 2-core machine the spinning threads steal the
    cores their peers wait for, and generation ran 2x slower (docs/benchmarks.md, "Inference engine").
    Benchmarks on an idle machine can turn spinning back on with the variable or `create_session(spinning=True)`.
    """
    return os.environ.get(SPINNING_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def session_options(*, threads: int | None = None, spinning: bool | None = None):
    """The engine's onnxruntime SessionOptions: ORT_ENABLE_ALL, `threads` intra-op (inter-op 1), no spinning."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    if spinning is None:
        spinning = spinning_default()
    # CPU threads only: with a GPU provider this governs the (few) CPU kernels and is harmless.
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    return options


def create_session(
    path: str,
    request: DeviceRequest,
    *,
    threads: int | None = None,
    spinning: bool | None = None,
    available: list[str] | None = None,
):
    """An InferenceSession on the best allowed device, plus the report of where it really runs.

    `spinning`: let idle intra-op threads busy-wait (None: `spinning_default()`, i.e. off unless
    ZOO_ORT_SPINNING=1).
    """
    import onnxruntime as ort

    available = list(available if available is not None else ort.get_available_providers())
    providers, reason = plan_providers(request, available)
    if providers[0] != CPU and CUDA in available:
        preload_cuda_libraries()
    options = session_options(threads=threads, spinning=spinning)
    try:
        session = ort.InferenceSession(path, options, providers=providers)
    except Exception as exc:  # the CUDA provider can fail at session creation (libraries, memory)
        if providers[0] == CPU:
            raise
        reason = classify_cuda_failure(str(exc))
        log.warning("falling back to the CPU for %s: %s", path, reason)
        session = ort.InferenceSession(path, options, providers=[CPU])
    actual = session.get_providers()
    if actual and actual[0] in GPU_PROVIDERS:
        device = f"cuda:{request.index}" if actual[0] == CUDA else actual[0].removesuffix("ExecutionProvider").lower()
        reason = None
    else:
        device = "cpu"
        if reason is None:  # we asked for a GPU provider and onnxruntime silently dropped it
            reason = "onnxruntime could not initialise the GPU provider (see the log for its message)"
    if request.kind == "gpu" and device == "cpu":
        log.warning("GPU requested but running on the CPU: %s", reason)
    report = DeviceReport(request.kind, device, list(actual), reason if device == "cpu" else None)
    return session, report
