"""The engine on an NVIDIA GPU (CUDA): skipped where onnxruntime has no CUDA provider or no GPU is present.
benchmarks/gpu_check.sh installs the CUDA build and runs these on a GPU machine."""

from __future__ import annotations

import numpy as np
import pytest

from zoo_desktop.engine import decoding
from zoo_desktop.engine.batching import BatchLimits, decode_in_batches

pytestmark = [pytest.mark.tf, pytest.mark.gpu]

TEXTS = ["今天天气很好，我们去公园散步。", "中文自然语言处理的预训练模型可以在桌面上运行。" * 3, "摘要",
         "机器学习方法在医学图像分析中的应用研究：以肺结节检测为例，比较了多种模型的效果。" * 2]


def _cuda_ready() -> str | None:
    import onnxruntime as ort

    from zoo_desktop.engine import device

    if "CUDAExecutionProvider" not in ort.get_available_providers():
        return "onnxruntime has no CUDA provider (the CPU build is installed; ZOO_GPU=1 python3 dev.py installs the CUDA one)"
    if not device._gpu_present():
        return "no NVIDIA GPU on this machine"
    return None


@pytest.fixture(scope="module")
def engines(request, tmp_path_factory):
    why = _cuda_ready()
    if why:
        pytest.skip(why)
    releases = request.getfixturevalue("releases")  # only now: it loads TensorFlow
    from zoo_desktop.engine.runtime import Engine
    from zoo_test_support import converted_store

    home = tmp_path_factory.mktemp("gpu-home")
    store = converted_store(releases, home, "t5", "t5")
    converted_store(releases, home, "simbert", "sb")
    gpu, cpu = Engine(store, device="gpu", threads=2), Engine(store, device="cpu", threads=2)
    yield gpu, cpu
    gpu.close()
    cpu.close()


def _model(engine, arch):
    from zoo_desktop.engine.seq2seq import T5StepModel, UniLMStepModel

    if arch == "t5":
        runtime = engine.runtime("t5")
        return T5StepModel(runtime), [runtime.tokenizer.encode(t, maxlen=256)[0] for t in TEXTS]
    runtime = engine.runtime("sb")
    return UniLMStepModel(runtime), [runtime.tokenizer.encode(t, maxlen=256) for t in TEXTS]


@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_gpu_float32_gives_the_cpu_ids_and_keeps_caches_on_the_device(engines, arch):
    gpu, cpu = engines
    model, inputs = _model(gpu, arch)
    assert model.runtime.device_report.on_gpu, model.runtime.device_report.describe()
    assert not model.tensors.on_host
    reference, _ = _model(cpu, arch)
    for beam in (1, 3):
        got = decoding.beam_search(model, inputs, beam_size=beam, end_id=model.end_id, max_len=16)
        want = decoding.beam_search(reference, inputs, beam_size=beam, end_id=reference.end_id, max_len=16)
        assert [h.ids.tolist() for h in got] == [h.ids.tolist() for h in want]
        assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-3)


@pytest.mark.parametrize("arch", ["t5", "unilm"])
def test_gpu_batched_equals_alone(engines, arch):
    gpu, _ = engines
    model, inputs = _model(gpu, arch)

    def search(batch, _indices=None):
        return decoding.beam_search(model, batch, beam_size=2, end_id=model.end_id, max_len=12)

    alone = [search([x])[0].ids.tolist() for x in inputs]
    lengths = [len(x[0]) if isinstance(x, tuple) else len(x) for x in inputs]
    together = decode_in_batches(inputs, lengths, rows_per_document=2, limits=BatchLimits(4), decode=search,
                                 quantum=model.length_quantum)
    assert [h.ids.tolist() for h in together] == alone
