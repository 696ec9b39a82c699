"""Conversion and training side: the only package allowed to import TensorFlow (lazily, in child processes)."""
