"""Shared by the export and runtime tests: a tiny CRNN with a small kana charset, its ONNX
export, and ink-on-paper line images drawn with PIL. Their conftests import the fixtures."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from hwocr.core.charset import Charset
from hwocr.export.onnx_export import export_onnx
from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.lstm import BiLSTMEncoder

HEIGHT = 32


def tiny_net(num_classes: int, seed: int = 0, residual: bool = True) -> CTCRecognizer:
    torch.manual_seed(seed)
    net = CTCRecognizer(
        VGGBackbone([[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]]),
        functools.partial(BiLSTMEncoder, hidden_size=16, num_layers=1),
        num_classes=num_classes,
        input_height=HEIGHT,
        residual=residual,
    )
    # A fresh head gives near-uniform probabilities; sharpen it so decoded strings vary and
    # string parity means something.
    with torch.no_grad():
        net.head.weight.mul_(20.0)
    return net.eval()


def draw_line(width: int, seed: int, height: int = HEIGHT) -> np.ndarray:
    """Random pen strokes on white paper: uint8 (height, width)."""
    rng = np.random.default_rng(seed)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for _ in range(max(2, width // 10)):
        x0, y0 = rng.uniform(0, width), rng.uniform(0, height)
        x1, y1 = x0 + rng.uniform(-12, 12), y0 + rng.uniform(-height / 2, height / 2)
        draw.line([(x0, y0), (x1, y1)], fill=int(rng.integers(0, 80)), width=int(rng.integers(1, 4)))
    return np.asarray(image, dtype=np.uint8)


@pytest.fixture(scope="module")
def charset() -> Charset:
    return Charset(list("あいうえおかきくけこさしすせそ123"), name="tiny")


@pytest.fixture(scope="module")
def net(charset: Charset) -> CTCRecognizer:
    return tiny_net(charset.num_classes)


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory: pytest.TempPathFactory, net: CTCRecognizer, charset: Charset) -> Path:
    path = tmp_path_factory.mktemp("export") / "model.onnx"
    return export_onnx(
        net, charset, path, input_height=HEIGHT,
        metadata={"model_name": "tiny-crnn", "config_name": "test", "metrics": {"val/cer": 0.25}, "note": "hi"},
    )


@pytest.fixture(scope="module")
def lines() -> list[np.ndarray]:
    return [draw_line(w, seed=w, height=h) for w, h in [(40, 32), (97, 32), (150, 48), (64, 20), (260, 32), (33, 32)]]
