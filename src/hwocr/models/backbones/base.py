"""What every backbone tells the recognizer about its geometry."""

from __future__ import annotations

import torch
from torch import nn


class Backbone(nn.Module):
    """A feature extractor whose output size is a known function of its input size.

    Subclasses set ``out_channels`` and implement ``output_size`` for one spatial axis, so
    CTC frame counts are exact for every true (unpadded) width in a batch.
    """

    out_channels: int

    def output_height(self, height: int) -> int:
        raise NotImplementedError

    def output_width(self, width: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError
