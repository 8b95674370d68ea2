"""Turning model outputs into text. Torch-free: the ONNX runtime shares it."""
