"""strokes."""
