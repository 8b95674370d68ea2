"""Recognition metrics. Pure Python: usable from the runtime, training and reports alike."""
