"""A one-node ONNX graph, `rows = Gather(data, index)` on axis 0, written without the `onnx` package.

The runtime (and the installer) does not carry `onnx`, only onnxruntime, which takes a serialized ModelProto.
This module writes those few protobuf fields by hand; a test checks the bytes with `onnx.checker`.
"""

from __future__ import annotations

import numpy as np

_ELEM_TYPE = {np.dtype(np.float32): 1, np.dtype(np.int64): 7, np.dtype(np.float16): 10}
_IR_VERSION = 8
_OPSET = 13


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes | str | int) -> bytes:
    if isinstance(payload, int):  # wire type 0: varint
        return _varint(number << 3) + _varint(payload)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload  # wire type 2: length-delimited
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _tensor_value(name: str, elem_type: int, dims: list[str]) -> bytes:
    """ValueInfoProto{name, type: TypeProto{tensor_type: {elem_type, shape: symbolic dims}}}."""
    shape = b"".join(_field(1, _field(2, dim)) for dim in dims)
    return _field(1, name) + _field(2, _field(1, _field(1, elem_type) + _field(2, shape)))


def gather_rows_model(dtype, rank: int) -> bytes:
    """The serialized model: inputs `data` (dtype, `rank` dims) and `index` (int64 [n]), output `rows` [n, ...]."""
    elem = _ELEM_TYPE[np.dtype(dtype)]
    dims = [f"d{i}" for i in range(1, rank)]
    node = _field(1, "data") + _field(1, "index") + _field(2, "rows") + _field(3, "gather_rows") + _field(4, "Gather")
    graph = (
        _field(1, node)
        + _field(2, "gather_rows")
        + _field(11, _tensor_value("data", elem, ["d0", *dims]))
        + _field(11, _tensor_value("index", 7, ["n"]))
        + _field(12, _tensor_value("rows", elem, ["n", *dims]))
    )
    opset = _field(1, "") + _field(2, _OPSET)
    return _field(1, _IR_VERSION) + _field(2, "zoo-desktop") + _field(7, graph) + _field(8, opset)
