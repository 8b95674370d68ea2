"""``hwocr-bench padding``: what padding invariance costs a CPU training step of the quickstart CRNN.

    hwocr-bench padding [--threads 2] [--width 200] [--steps 15]

On crnn_small's shape with 276 classes, compares the fused ``nn.LSTM(bidirectional=True)`` (the
first session's encoder, reads padding) with the padding-aware ``BiLSTMEncoder`` (two
unidirectional LSTMs per layer, reversal within each line's length), each with and without the
white edge margin (which ``VisualFrontend`` now adds in eval mode only). Prints ms per AdamW step
on a batch of 32 random lines at height 32.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Sequence

import torch
from torch import nn

from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.lstm import BiLSTMEncoder

QUICKSTART_STAGES = [[32, 1, 2, 2], [64, 1, 2, 2], [96, 2, 2, 2], [128, 2, 2, 1]]


class FusedBiLSTM(nn.Module):
    """The first session's encoder: one fused bidirectional nn.LSTM (padding-sensitive)."""

    def __init__(self, in_dim: int, hidden_size: int = 128, num_layers: int = 2, dropout: float = 0.0) -> None:
        super().__init__()
        self.lstm = nn.LSTM(in_dim, hidden_size, num_layers, bidirectional=True, batch_first=True)
        self.out_dim = 2 * hidden_size

    def forward(self, x: torch.Tensor, padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        return self.lstm(x)[0]


def step_ms(encoder: type[nn.Module], margin_in_training: bool, width: int, steps: int) -> float:
    torch.manual_seed(0)
    net = CTCRecognizer(
        VGGBackbone(QUICKSTART_STAGES),
        functools.partial(encoder, hidden_size=128, num_layers=2, dropout=0.0),
        num_classes=276,
        input_height=32,
    )
    margin = net.frontend.edge_margin
    net.train()
    optimizer = torch.optim.AdamW(net.parameters())
    extra = margin if margin_in_training else 0
    pixels = torch.rand(32, 1, 32, width + extra) * 255  # a pre-padded batch emulates a training-time margin

    def one_step() -> None:
        optimizer.zero_grad()
        net(pixels).logsumexp(-1).mean().backward()
        optimizer.step()

    for _ in range(3):
        one_step()
    start = time.perf_counter()
    for _ in range(steps):
        one_step()
    return (time.perf_counter() - start) / steps * 1000


ENCODERS: list[tuple[str, type[nn.Module], bool]] = [
    ("fused nn.LSTM (padding-sensitive)", FusedBiLSTM, False),
    ("padding-aware BiLSTMEncoder", BiLSTMEncoder, False),
    ("fused nn.LSTM + margin in training", FusedBiLSTM, True),
    ("padding-aware + margin in training", BiLSTMEncoder, True),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hwocr-bench padding", description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--width", type=int, default=200, help="batch width in pixels before any margin")
    parser.add_argument("--steps", type=int, default=15)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    base = None
    print(f"| encoder (batch 32 x 32 x {args.width}, {args.threads} threads) | ms/step | vs fused |")
    print("|---|---:|---:|")
    for name, encoder, margin in ENCODERS:
        ms = step_ms(encoder, margin, args.width, args.steps)
        base = base or ms
        print(f"| {name} | {ms:.1f} | {ms / base:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
