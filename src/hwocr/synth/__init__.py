"""Synthetic Japanese handwriting: stroke data, renderers, text sources and dataset building."""
