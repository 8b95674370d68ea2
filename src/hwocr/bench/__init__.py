"""Benchmarks that compare configurations: ``hwocr-bench models``."""
