"""The beam-search CTC system decodes as greedy does on confident outputs, and takes an LM file."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import torch

from hwocr.core.charset import Charset
from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.identity import IdentityEncoder
from hwocr.systems.ctc import CTCSystem
from hwocr.systems.ctc_beam_system import CTCBeamSystem


def make(cls, tmp_path: Path, **kwargs):
    charset = Charset(list("あいう"))
    net = partial(CTCRecognizer, VGGBackbone([[8, 1, 2, 2], [8, 1, 4, 2]]), IdentityEncoder, input_height=16)
    torch.manual_seed(0)
    return cls(net, charset, partial(torch.optim.AdamW, lr=1e-3), **kwargs)


def test_beam_matches_greedy_on_a_confident_model(tmp_path: Path):
    corpus = tmp_path / "lm.txt"
    corpus.write_text("あい\nいう\n", encoding="utf-8")
    greedy, beam = make(CTCSystem, tmp_path), make(CTCBeamSystem, tmp_path, beam_width=4, lm_path=corpus,
                                                   lm_weight=0.0)
    logits = torch.full((1, 6, 4), -10.0)
    for t, c in enumerate([1, 1, 0, 2, 0, 3]):
        logits[0, t, c] = 10.0
    batch = {"widths": torch.tensor([24])}
    assert greedy._decode_logits(batch, logits) == beam._decode_logits(batch, logits) == ["あいう"]
