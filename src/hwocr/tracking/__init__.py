"""Experiment tracking: a logger-agnostic recognition report callback, W&B media and artifacts,
sweep helpers and local comparison reports built from run directories alone."""
