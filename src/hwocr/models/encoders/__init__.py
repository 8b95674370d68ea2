"""Sequence encoders: (B, T, D) -> (B, T, out_dim)."""
