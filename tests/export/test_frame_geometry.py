from __future__ import annotations

import functools

import pytest
import torch
from torch import nn

from hwocr.export.frame_geometry import fit_frame_geometry
from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.lstm import BiLSTMEncoder


@pytest.mark.parametrize(("stages", "stride"), [([[8, 1, 2, 2], [8, 1, 2, 1]], 2), ([[8, 1, 2, 2]] * 3, 8)])
def test_fits_vgg_strides(stages, stride):
    net = CTCRecognizer(VGGBackbone(stages), functools.partial(BiLSTMEncoder, hidden_size=4, num_layers=1), 5, 32)
    geometry = fit_frame_geometry(net, max_width=2000)
    assert (geometry.stride, geometry.offset) == (stride, 0)


class _ConvLike(nn.Module):
    """Kernel 3, stride 2, no padding: frames = (w - 3) // 2 + 1 = (w - 1) // 2."""

    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return torch.clamp(torch.div(widths - 3, 2, rounding_mode="floor") + 1, min=0)


class _Irregular(nn.Module):
    def output_lengths(self, widths: torch.Tensor) -> torch.Tensor:
        return torch.sqrt(widths.float()).long()


def test_fits_an_offset():
    geometry = fit_frame_geometry(_ConvLike(), max_width=500)
    assert (geometry.stride, geometry.offset) == (2, -1)
    assert [geometry.frames(w) for w in (1, 2, 3, 4, 5)] == [0, 0, 1, 1, 2]


def test_refuses_what_it_cannot_describe():
    with pytest.raises(ValueError, match="output_lengths"):
        fit_frame_geometry(_Irregular(), max_width=500)
    with pytest.raises(TypeError, match="output_lengths"):
        fit_frame_geometry(nn.Identity())
