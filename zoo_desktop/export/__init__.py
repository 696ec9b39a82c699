"""ONNX graphs built directly from checkpoint weights with `onnx.helper` (no TensorFlow here).

`onnx_builder` holds the shared graph-building helpers; `bert` the BERT-family graphs (see docs/graphs.md).
"""
