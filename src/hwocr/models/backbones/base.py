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

    def width_stride(self) -> int:
        """Input columns per output frame."""
        return max(1, round(4096 / int(self.output_width(torch.tensor(4096)))))

    def right_reach(self, height: int) -> int:
        """How many input columns right of a frame's own columns can change that frame.

        Measured: the gradient of the first frame's features with respect to the input, on
        random pixels in eval mode (so BatchNorm mixes nothing). Backbones whose geometry is
        known analytically override this.
        """
        was_training = self.training
        self.eval()
        try:
            width = 256
            while True:
                pixels = torch.rand(2, self._probe_channels(), height, width, requires_grad=True)
                self(pixels)[..., 0].abs().sum().backward()
                touched = pixels.grad.abs().amax(dim=(0, 1, 2)).nonzero()
                last = int(touched.max()) if len(touched) else 0
                if last < width - 1 or width >= 8192:
                    return max(0, last + 1 - self.width_stride())
                width *= 2
        finally:
            self.train(was_training)

    def _probe_channels(self) -> int:
        first = next((m for m in self.modules() if isinstance(m, nn.Conv2d)), None)
        return first.in_channels if first is not None else 1
