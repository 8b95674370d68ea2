"""Geometric variation of the ink itself: warps of whole glyphs, their parts and single strokes."""
