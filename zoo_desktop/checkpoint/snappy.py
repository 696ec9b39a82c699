"""Raw Snappy block decompression (LevelDB tables may store blocks Snappy-compressed)."""

from __future__ import annotations

from zoo_desktop.checkpoint.varint import read_varint


class SnappyError(ValueError):
    pass


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    return read_varint(data, pos, SnappyError)


def decompress(data: bytes) -> bytes:
    length, pos = _varint(data, 0)
    out = bytearray()
    n = len(data)
    while pos < n:
        tag = data[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:  # literal
            size = tag >> 2
            if size >= 60:
                extra = size - 59
                size = int.from_bytes(data[pos : pos + extra], "little")
                pos += extra
            size += 1
            out += data[pos : pos + size]
            pos += size
            continue
        if kind == 1:
            size = ((tag >> 2) & 7) + 4
            offset = ((tag >> 5) << 8) | data[pos]
            pos += 1
        elif kind == 2:
            size = (tag >> 2) + 1
            offset = int.from_bytes(data[pos : pos + 2], "little")
            pos += 2
        else:
            size = (tag >> 2) + 1
            offset = int.from_bytes(data[pos : pos + 4], "little")
            pos += 4
        if offset == 0 or offset > len(out):
            raise SnappyError("invalid back-reference")
        start = len(out) - offset
        for i in range(size):  # overlapping copies are legal, so copy byte by byte
            out.append(out[start + i])
    if len(out) != length:
        raise SnappyError("length mismatch")
    return bytes(out)
