"""Import bert4keras on a modern TensorFlow.

bert4keras 0.11.5 expects Keras 2 as `tf.keras`. TF 2.16+ ships Keras 3 there, so before the first
import of bert4keras we point `tf.keras` at `tf_keras` (Keras 2) and set `TF_KERAS=1` (zoo-facts §5).
Only conversion, training and the parity tests call this; the runtime path never does.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType


def load_tensorflow() -> ModuleType:
    if "tensorflow" in sys.modules and os.environ.get("TF_USE_LEGACY_KERAS") != "1":
        raise RuntimeError(
            "TensorFlow was imported before zoo_desktop.convert.b4k set TF_USE_LEGACY_KERAS=1; "
            "bert4keras models would fail to build. Import TensorFlow through load_tensorflow()."
        )
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    os.environ["TF_KERAS"] = "1"
    import tensorflow as tf

    return tf


def load_bert4keras() -> ModuleType:
    """Return the `bert4keras` package, ready to use with Keras 2 semantics."""
    if "bert4keras" in sys.modules:
        return sys.modules["bert4keras"]
    tf = load_tensorflow()
    try:
        import tf_keras as keras2
    except ImportError:  # TF <= 2.15 ships Keras 2 itself
        import keras as keras2
    tf.keras = keras2
    sys.modules["tensorflow.keras"] = keras2
    import bert4keras
    import bert4keras.backend  # noqa: F401  (fails early if the shim did not take)

    return bert4keras
