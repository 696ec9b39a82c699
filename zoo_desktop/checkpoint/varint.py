"""Little-endian base-128 varints, as protobuf, LevelDB tables and Snappy encode lengths."""

from __future__ import annotations


def read_varint(buf: bytes, pos: int, error: type[Exception] = ValueError) -> tuple[int, int]:
    """(value, position after it); raises `error` on a truncated or over-long varint."""
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise error("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise error("varint too long")
