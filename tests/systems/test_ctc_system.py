"""CTCSystem reads validation lines with the runtime's line confidence."""

from __future__ import annotations

import functools

import pytest
import torch

from hwocr.core.charset import Charset
from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.identity import IdentityEncoder
from hwocr.systems.ctc import CTCSystem


def test_line_confidence_is_the_product_of_kept_character_probabilities():
    charset = Charset(list("あい"), name="tiny")
    net = functools.partial(CTCRecognizer, VGGBackbone([[4, 1, 2, 2]]), IdentityEncoder, input_height=8)
    system = CTCSystem(net, charset, optimizer=functools.partial(torch.optim.SGD, lr=0.1))
    probs = torch.tensor([[[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.2, 0.2, 0.6], [0.7, 0.2, 0.1]]])
    batch = {"widths": torch.tensor([8])}  # 8 px -> 4 frames at stride 2
    texts, confidences = system._read_logits(batch, probs.log())
    assert texts == ["あい"]
    assert confidences == [pytest.approx(0.8 * 0.6)]
