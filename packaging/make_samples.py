"""Generate the self-test fixtures in resources/samples/ (run once; the outputs are committed).

- tiny.onnx: y = x * 2 + 1 over a float32 [N, 3] input, a few hundred bytes. Built with `onnx`, which is a
  development/converter dependency only; the bundle ships the file, not onnx.
- vocab.txt: a WordPiece vocabulary covering the characters of sample_zh.txt, for the tokenizer check.

    .venv/bin/python packaging/make_samples.py
"""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def make_onnx(path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])
    two = helper.make_tensor("two", TensorProto.FLOAT, [], [2.0])
    one = helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "two"], ["x2"]), helper.make_node("Add", ["x2", "one"], ["y"])],
        "zoo_selftest", [x], [y], initializer=[two, one],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="zoo-desktop")
    model.ir_version = 8  # readable by any onnxruntime >= 1.10
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())


def make_vocab(path: Path, text: str) -> None:
    chars = sorted({c for c in text if not c.isspace()})
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")


def main() -> None:
    make_onnx(SAMPLES / "tiny.onnx")
    make_vocab(SAMPLES / "vocab.txt", (SAMPLES / "sample_zh.txt").read_text(encoding="utf-8"))
    print(f"wrote {SAMPLES / 'tiny.onnx'} and {SAMPLES / 'vocab.txt'}")


if __name__ == "__main__":
    main()
