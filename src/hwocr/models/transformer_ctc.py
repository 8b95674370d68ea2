"""ViT/SVTR-style CTC recognizer: conv stem, transformer over frames, linear CTC head."""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from hwocr.models.backbones.base import Backbone
from hwocr.models.ctc_recognizer import CTCRecognizer


class TransformerCTCRecognizer(CTCRecognizer):
    """Pixels (B, 1, H, W) in 0..255 -> CTC logits (B, T, num_classes).

    The ``backbone`` is the patch/conv stem (any ``Backbone``: a few strided convs make
    overlapping patches); ``encoder`` is a factory taking ``in_dim`` whose module accepts a
    ``padding_mask`` (e.g. ``TransformerEncoder``). Positions are convolutional, so widths are free;
    padded frames are masked in attention and decode as blank.

    The same pipeline as ``CTCRecognizer``; only the default differs: no shortcut from the stem
    to the head, which a transformer encoder does not need to leave the CTC plateau.
    """

    def __init__(
        self,
        backbone: Backbone,
        encoder: Callable[..., nn.Module],
        num_classes: int,
        input_height: int = 64,
        collapse_dim: int | None = None,
        edge_margin: int | None = None,
        dropout: float = 0.1,
        blank_index: int = 0,
        residual: bool = False,
    ) -> None:
        super().__init__(
            backbone, encoder, num_classes, input_height=input_height, collapse_dim=collapse_dim,
            edge_margin=edge_margin, dropout=dropout, residual=residual, blank_index=blank_index,
        )
