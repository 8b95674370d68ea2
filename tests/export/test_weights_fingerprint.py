from __future__ import annotations

import copy

import torch

from hwocr.export.weights_fingerprint import weights_sha256

from .conftest import tiny_net


def test_same_weights_same_hash_changed_weights_new_hash():
    net = tiny_net(7)
    same = copy.deepcopy(net)
    assert weights_sha256(net) == weights_sha256(same)
    with torch.no_grad():
        same.head.bias[0] += 1e-3
    assert weights_sha256(net) != weights_sha256(same)
    assert len(weights_sha256(net)) == 64
