"""A compact VGG-style CNN: the CRNN's default backbone, fast on CPU."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from hwocr.models.backbones.base import Backbone


def _conv_bn_relu(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class VGGBackbone(Backbone):
    """Stages of ``convs`` 3x3 conv-BN-ReLU blocks, each followed by a (pool_h, pool_w) max-pool.

    ``stages`` is a list of ``[channels, convs, pool_h, pool_w]``. Pooling height faster than
    width keeps enough frames per character for CTC (a 64 px kanji needs several frames).
    """

    def __init__(self, stages: Sequence[Sequence[int]], in_channels: int = 1, dropout: float = 0.0) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        cin = in_channels
        self.pools: list[tuple[int, int]] = []
        self._reach = 0
        cell = 1
        for channels, convs, pool_h, pool_w in stages:
            self._reach += convs * cell  # a 3x3 conv looks one cell further right
            cell *= pool_w
            for _ in range(convs):
                layers.append(_conv_bn_relu(cin, channels))
                cin = channels
            if pool_h > 1 or pool_w > 1:
                layers.append(nn.MaxPool2d((pool_h, pool_w), (pool_h, pool_w)))
            self.pools.append((pool_h, pool_w))
        if dropout > 0:
            layers.append(nn.Dropout2d(dropout))
        self.features = nn.Sequential(*layers)
        self.out_channels = cin

    def output_height(self, height: int) -> int:
        for pool_h, _ in self.pools:
            height //= pool_h
        return height

    def right_reach(self, height: int) -> int:
        return self._reach

    def output_width(self, width: torch.Tensor) -> torch.Tensor:
        for _, pool_w in self.pools:
            width = torch.div(width, pool_w, rounding_mode="floor")
        return width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)
