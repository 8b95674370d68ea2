import functools

import pytest
import torch

from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.ctc_recognizer import CTCRecognizer
from hwocr.models.encoders.identity import IdentityEncoder
from hwocr.models.encoders.lstm import BiLSTMEncoder


def crnn(height: int = 32, encoder=None) -> CTCRecognizer:
    backbone = VGGBackbone([[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]])
    encoder = encoder or functools.partial(BiLSTMEncoder, hidden_size=16, num_layers=1)
    return CTCRecognizer(backbone, encoder, num_classes=11, input_height=height).eval()


@pytest.mark.parametrize("width", [8, 33, 64, 257, 1000])
def test_output_length_matches_frames_for_each_width(width: int):
    model = crnn()
    logits = model(torch.full((2, 1, 32, width), 255.0))
    assert logits.shape == (2, width // 4, 11)
    assert model.output_lengths(torch.tensor([width])).item() == logits.shape[1]


@pytest.mark.parametrize("height", [16, 32, 48, 64])
def test_any_configured_height_collapses_to_one_row(height: int):
    model = crnn(height)
    assert model(torch.zeros(1, 1, height, 40)).shape == (1, 10, 11)


def test_identity_encoder_is_a_pure_conv_model():
    model = crnn(encoder=IdentityEncoder)
    assert model(torch.zeros(1, 1, 32, 40)).shape == (1, 10, 11)


def test_too_small_height_is_rejected():
    with pytest.raises(ValueError, match="input_height 4"):
        crnn(4)


def test_padding_does_not_change_valid_frames_of_a_conv_model():
    model = crnn(encoder=IdentityEncoder)
    x = torch.rand(1, 1, 32, 40) * 255
    padded = torch.cat([x, torch.full((1, 1, 32, 24), 255.0)], dim=-1)
    # Receptive fields near the right edge see the padding; the first frames must not.
    assert torch.allclose(model(x)[:, :6], model(padded)[:, :6], atol=1e-5)
