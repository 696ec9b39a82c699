"""Parse a TF2/TF1 tensor-bundle checkpoint (`*.index` + `*.data-NNNNN-of-MMMMM`) in pure Python.

The `.index` file is a LevelDB-format table whose values are `BundleEntryProto` messages; the key ""
holds the `BundleHeaderProto`. Parsing it lets the model manager check shapes and file sizes, and read
weights, without importing TensorFlow.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zoo_desktop.checkpoint import snappy
from zoo_desktop.checkpoint.varint import read_varint

_TABLE_MAGIC = 0xDB4775248B80FB57
_FOOTER_SIZE = 48

# tensorflow/core/framework/types.proto
_DTYPES: dict[int, np.dtype] = {
    1: np.dtype("<f4"),
    2: np.dtype("<f8"),
    3: np.dtype("<i4"),
    4: np.dtype("u1"),
    5: np.dtype("<i2"),
    6: np.dtype("i1"),
    9: np.dtype("<i8"),
    10: np.dtype("?"),
    19: np.dtype("<f2"),
}
DT_STRING = 7


class CheckpointFormatError(ValueError):
    """The index file is not a readable tensor-bundle index."""


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype_code: int
    shape: tuple[int, ...]
    shard_id: int
    offset: int
    size: int

    @property
    def dtype(self) -> np.dtype | None:
        return _DTYPES.get(self.dtype_code)


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    return read_varint(buf, pos, CheckpointFormatError)


def _proto_fields(buf: bytes):
    """Yield (field_number, wire_type, value) from a protobuf message; value is int or bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value = int.from_bytes(buf[pos : pos + 8], "little")
            pos += 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value = buf[pos : pos + size]
            pos += size
        elif wire == 5:
            value = int.from_bytes(buf[pos : pos + 4], "little")
            pos += 4
        else:
            raise CheckpointFormatError(f"unsupported protobuf wire type {wire}")
        if pos > len(buf):
            raise CheckpointFormatError("truncated protobuf message")
        yield field, wire, value


def _parse_shape(buf: bytes) -> tuple[int, ...]:
    dims = []
    for field, _, value in _proto_fields(buf):
        if field == 2:
            size = 0
            for f2, _, v2 in _proto_fields(value):
                if f2 == 1:
                    size = v2 if v2 < (1 << 63) else v2 - (1 << 64)
            dims.append(size)
    return tuple(dims)


def _parse_entry(name: str, buf: bytes) -> TensorEntry:
    dtype = shard = offset = size = 0
    shape: tuple[int, ...] = ()
    for field, _, value in _proto_fields(buf):
        if field == 1:
            dtype = value
        elif field == 2:
            shape = _parse_shape(value)
        elif field == 3:
            shard = value
        elif field == 4:
            offset = value
        elif field == 5:
            size = value
        elif field == 7:
            raise CheckpointFormatError(f"partitioned variable {name!r} is not supported")
    return TensorEntry(name, dtype, shape, shard, offset, size)


def _read_block(data: bytes, offset: int, size: int) -> bytes:
    if offset + size + 5 > len(data):
        raise CheckpointFormatError("block extends past the end of the index file")
    raw = data[offset : offset + size]
    compression = data[offset + size]
    if compression == 0:
        return raw
    if compression == 1:
        try:
            return snappy.decompress(raw)
        except snappy.SnappyError as exc:
            raise CheckpointFormatError(f"corrupt compressed block: {exc}") from exc
    raise CheckpointFormatError(f"unknown block compression {compression}")


def _block_entries(block: bytes):
    if len(block) < 4:
        raise CheckpointFormatError("block too small")
    num_restarts = struct.unpack_from("<I", block, len(block) - 4)[0]
    limit = len(block) - 4 - 4 * num_restarts
    if limit < 0:
        raise CheckpointFormatError("bad restart array")
    pos = 0
    key = b""
    while pos < limit:
        shared, pos = _varint(block, pos)
        non_shared, pos = _varint(block, pos)
        value_len, pos = _varint(block, pos)
        if shared > len(key):
            raise CheckpointFormatError("bad key prefix")
        key = key[:shared] + block[pos : pos + non_shared]
        pos += non_shared
        value = block[pos : pos + value_len]
        pos += value_len
        yield key, value


def read_index(index_path: Path) -> tuple[int, dict[str, TensorEntry]]:
    """Return (number of data shards, entries by variable name)."""
    data = Path(index_path).read_bytes()
    if len(data) < _FOOTER_SIZE:
        raise CheckpointFormatError(f"{index_path} is too small to be a checkpoint index")
    footer = data[-_FOOTER_SIZE:]
    if struct.unpack("<Q", footer[-8:])[0] != _TABLE_MAGIC:
        raise CheckpointFormatError(f"{index_path} is not a checkpoint index (bad magic)")
    pos = 0
    _, pos = _varint(footer, pos)  # metaindex handle: unused
    _, pos = _varint(footer, pos)
    index_off, pos = _varint(footer, pos)
    index_size, pos = _varint(footer, pos)
    num_shards = 1
    entries: dict[str, TensorEntry] = {}
    for _, handle in _block_entries(_read_block(data, index_off, index_size)):
        block_off, p = _varint(handle, 0)
        block_size, _ = _varint(handle, p)
        for key, value in _block_entries(_read_block(data, block_off, block_size)):
            if key == b"":
                for field, _, v in _proto_fields(value):
                    if field == 1:
                        num_shards = v
                continue
            name = key.decode("utf-8")
            entries[name] = _parse_entry(name, value)
    return num_shards, entries


def data_file(prefix: Path, shard: int, num_shards: int) -> Path:
    return prefix.with_name(f"{prefix.name}.data-{shard:05d}-of-{num_shards:05d}")


class CheckpointReader:
    """Shapes, dtypes and values of a checkpoint given its prefix (e.g. `.../bert_model.ckpt`)."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = Path(prefix)
        index = self.prefix.with_name(self.prefix.name + ".index")
        self.num_shards, self.entries = read_index(index)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        return {name: e.shape for name, e in self.entries.items()}

    def data_files(self) -> list[Path]:
        return [data_file(self.prefix, i, self.num_shards) for i in range(self.num_shards)]

    def required_data_sizes(self) -> dict[Path, int]:
        """The minimum size each data shard must have to hold every tensor the index names."""
        need = {p: 0 for p in self.data_files()}
        for e in self.entries.values():
            path = data_file(self.prefix, e.shard_id, self.num_shards)
            need[path] = max(need.get(path, 0), e.offset + e.size)
        return need

    def read(self, name: str) -> np.ndarray:
        try:
            e = self.entries[name]
        except KeyError:
            raise KeyError(f"checkpoint {self.prefix} has no variable {name!r}") from None
        if e.dtype is None:
            raise CheckpointFormatError(f"variable {name!r} has unsupported dtype code {e.dtype_code}")
        path = data_file(self.prefix, e.shard_id, self.num_shards)
        with open(path, "rb") as fh:
            fh.seek(e.offset)
            raw = fh.read(e.size)
        count = int(np.prod(e.shape)) if e.shape else 1
        if len(raw) != e.size or count * e.dtype.itemsize != e.size:
            raise CheckpointFormatError(f"variable {name!r}: data is truncated or has the wrong size")
        return np.frombuffer(raw, dtype=e.dtype).reshape(e.shape).astype(e.dtype.newbyteorder("="))
