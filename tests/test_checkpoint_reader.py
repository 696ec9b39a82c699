"""The TF-free checkpoint reader: index parsing, tensor values, Snappy blocks and corrupt files."""

from __future__ import annotations

import numpy as np
import pytest

from zoo_desktop.checkpoint import snappy
from zoo_desktop.checkpoint.tf_index import CheckpointFormatError, CheckpointReader, read_index


def test_snappy_literal_and_overlapping_copy():
    # length 9; literal "abc"; copy of 6 bytes from 3 back (overlapping) -> "abcabcabc"
    assert snappy.decompress(bytes([9, 0x08]) + b"abc" + bytes([0x09, 0x03])) == b"abcabcabc"


def test_snappy_rejects_bad_back_reference():
    with pytest.raises(snappy.SnappyError):
        snappy.decompress(bytes([4, 0x09, 0x05]))


@pytest.mark.tf
def test_reads_every_variable_exactly(releases):
    from zoo_desktop.convert import random_checkpoint as rc

    folder = releases("t5")
    reader = CheckpointReader(folder / "model.ckpt")
    config = rc.small_config("t5")
    config["vocab_size"] = len((folder / "vocab.txt").read_text("utf-8").splitlines())
    drawn = rc.draw_weights("t5", config)
    assert set(reader.entries) == set(drawn)
    for name, value in drawn.items():
        assert np.array_equal(reader.read(name), value), name


def test_corrupt_index_is_reported(tmp_path):
    bad = tmp_path / "model.ckpt.index"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(CheckpointFormatError, match="bad magic"):
        read_index(bad)
    bad.write_bytes(b"tiny")
    with pytest.raises(CheckpointFormatError, match="too small"):
        read_index(bad)
