"""Visual feature extractors: (B, 1, H, W) -> (B, C, H', W') with a known width stride."""
