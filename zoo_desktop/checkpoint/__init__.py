"""Reading TensorFlow name-based checkpoints without TensorFlow."""
