"""A stable hash of a model's weights, written into the ONNX file to tie it to its checkpoint."""

from __future__ import annotations

import hashlib

import torch
from torch import nn


def weights_sha256(net: nn.Module) -> str:
    """SHA-256 over the state dict: names, dtypes, shapes and raw bytes, in name order.

    Independent of file format and device, so the same weights hash the same whether they come
    from a checkpoint or a freshly built module.
    """
    digest = hashlib.sha256()
    for name, tensor in sorted(net.state_dict().items()):
        t = tensor.detach().cpu().contiguous()
        digest.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        if t.numel():
            digest.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()
