"""Any timm CNN as a line backbone: ``features_only``, one input channel, one chosen stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from hwocr.models.backbones.base import Backbone


def _reduce(x: torch.Tensor | int, r: int, ceil: bool) -> torch.Tensor | int:
    """``ceil(x / r)`` or ``floor(x / r)`` for ints and int tensors alike."""
    x = x + (r - 1) if ceil else x
    return x // r if isinstance(x, int) else torch.div(x, r, rounding_mode="floor")


class TimmBackbone(Backbone):
    """A timm model cut after feature stage ``out_index`` (0 = stride 2 stem, ...).

    ``pretrained`` is ``False`` (random init, the default: no hub access), ``True`` (timm's hub
    weights) or a path to a local weights file, which timm loads and adapts to one input channel
    (RGB filters are summed). The width stride is the stage's reduction, so pick a stage whose
    stride leaves a few frames per character (stride 8 at 64 px height is a good default).

    CTC lengths must be exact, so the constructor probes the network: each axis must map ``n``
    pixels to ``ceil(n / reduction)`` cells (padded convs: ResNet, EfficientNet) or
    ``floor(n / reduction)`` (patchify stems: ConvNeXt); other architectures are refused.
    """

    def __init__(
        self,
        model_name: str,
        out_index: int = 2,
        pretrained: bool | str = False,
        in_channels: int = 1,
        **timm_kwargs: Any,
    ) -> None:
        super().__init__()
        import timm  # heavy import; only when a timm backbone is configured

        kwargs: dict[str, Any] = {"features_only": True, "out_indices": (out_index,), "in_chans": in_channels}
        if isinstance(pretrained, str | Path) and not isinstance(pretrained, bool):
            path = Path(pretrained).expanduser()
            if not path.is_file():
                raise FileNotFoundError(f"pretrained weights {path} not found")
            kwargs.update(pretrained=True, pretrained_cfg_overlay={"file": str(path)})
        else:
            kwargs["pretrained"] = bool(pretrained)
        self.body = timm.create_model(model_name, **kwargs, **timm_kwargs)
        self.model_name = model_name
        self.out_channels = int(self.body.feature_info.channels()[-1])
        self.reduction = int(self.body.feature_info.reduction()[-1])
        self._check_geometry(in_channels)

    @torch.no_grad()
    def _check_geometry(self, in_channels: int) -> None:
        was_training = self.training
        self.eval()
        r = self.reduction
        probes = ((2 * r + 1, 3 * r - 1), (3 * r, 4 * r + 1), (2 * r + r // 2, 3 * r + 1))
        shapes = [tuple(self(torch.zeros(1, in_channels, h, w)).shape[-2:]) for h, w in probes]
        self.train(was_training)
        for ceil in (True, False):
            if all(s == (_reduce(h, r, ceil), _reduce(w, r, ceil)) for s, (h, w) in zip(shapes, probes, strict=True)):
                self.ceil = ceil
                return
        raise ValueError(
            f"timm {self.model_name}: inputs {probes} give {shapes}, neither ceil nor floor of n/{r}; "
            "its frame count cannot be computed exactly"
        )

    def output_height(self, height: int) -> int:
        return int(_reduce(int(height), self.reduction, self.ceil))

    def output_width(self, width: torch.Tensor) -> torch.Tensor:
        return _reduce(width, self.reduction, self.ceil)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)[-1]
