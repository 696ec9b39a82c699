#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: install the CUDA engine from pip alone, run the GPU tests, and run the throughput
# benchmark with CUDA fp32 and fp16 beside the CPU engine; prints the table (docs/benchmarks.md, "Throughput").
#
#   bash benchmarks/gpu_check.sh [--dims small,base] [--docs 256] [--quick]
#
# Needs: Python 3.11, an NVIDIA driver (nvidia-smi), and the package registry (or a wheel folder given as
# PIP_FIND_LINKS / UV_FIND_LINKS for an offline machine). No system CUDA: onnxruntime-gpu's `cuda` and `cudnn`
# extras bring the CUDA runtime and cuDNN as wheels, loaded by onnxruntime.preload_dlls().
# --quick: small dims, 64 documents, batch sizes 1,8,auto (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

dims="small,base"; docs=256; batches="1,4,8,16,32,auto"; alone=32
while [ $# -gt 0 ]; do
  case "$1" in
    --dims) dims="$2"; shift 2 ;;
    --docs) docs="$2"; shift 2 ;;
    --quick) dims="small"; docs=64; batches="1,8,auto"; alone=8; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "== GPU"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || { echo "no NVIDIA driver (nvidia-smi failed)" >&2; exit 1; }

echo "== environment: the project's venv with onnxruntime's CUDA build (ZOO_GPU=1)"
ZOO_GPU=1 python3 -c "import runpy; runpy.run_path('dev.py', run_name='setup')['ensure_environment']()"
PY=.venv/bin/python
$PY - <<'PY'
import onnxruntime as ort
from zoo_desktop.engine.device import DeviceRequest, planned_device, preload_cuda_libraries
print("onnxruntime", ort.__version__, ort.get_device(), ort.get_available_providers())
print("preload_dlls:", preload_cuda_libraries() or "ok")
device, why = planned_device(DeviceRequest.parse("auto"))
print("planned device:", device, "" if why is None else f"(GPU not used: {why})")
if not device.startswith("cuda"):
    raise SystemExit("the CUDA provider is not usable here; see the reason above")
PY

echo "== GPU tests"
$PY -m pytest -q -m "gpu" -p no:cacheprovider tests/test_engine_gpu.py tests/test_engine_tensors.py tests/test_engine_device.py

echo "== throughput: CPU engine, CUDA fp32, CUDA fp16, CTranslate2 where its peer venv exists"
contenders="engine,engine+gpu,engine+gpu+fp16"
[ -x /tmp/peers/bin/python ] && contenders="$contenders,ct2"
$PY benchmarks/bench_throughput.py --dims "$dims" --docs "$docs" --batch-sizes "$batches" --alone-docs "$alone" \
    --contenders "$contenders" --json "${TMPDIR:-/tmp}/gpu_throughput.json"
echo "== done: table above; raw figures in ${TMPDIR:-/tmp}/gpu_throughput.json"
