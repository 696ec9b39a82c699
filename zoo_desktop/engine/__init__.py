"""The inference engine: decoding strategies (`decoding`) over model runners that implement `decoding.StepModel`."""
