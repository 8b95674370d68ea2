"""Transformer pieces: pixel-derived padding masks, masked encoder, AR decoder, large charsets."""

from __future__ import annotations

import torch

from hwocr.models.backbones.vgg import VGGBackbone
from hwocr.models.encoder_decoder import EncoderDecoderRecognizer
from hwocr.models.encoders.transformer import TransformerEncoder
from hwocr.models.padding import content_widths, frame_padding_mask
from hwocr.models.transformer_ctc import TransformerCTCRecognizer

STAGES = [[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1], [16, 1, 2, 1]]


def encoder_factory(in_dim: int) -> TransformerEncoder:
    return TransformerEncoder(in_dim, dim=32, depth=2, heads=4, dropout=0.0)


def test_content_widths_ignore_right_padding_only():
    pixels = torch.full((3, 1, 8, 50), 255.0)
    pixels[0, :, 2, 10] = 0.0
    pixels[1, :, 5, 0:49] = 254.0
    assert content_widths(pixels).tolist() == [11, 49, 0]
    mask = frame_padding_mask(torch.tensor([2, 0]), torch.zeros(2, 4, 1))
    assert mask.tolist() == [[False, False, True, True], [False, True, True, True]]


def test_masked_encoder_ignores_what_padded_frames_hold():
    torch.manual_seed(0)
    enc = encoder_factory(24).eval()
    x = torch.randn(2, 10, 24)
    padding = torch.zeros(2, 10, dtype=torch.bool)
    padding[1, 6:] = True
    noisy = x.clone()
    noisy[1, 6:] = torch.randn(4, 24) * 100
    with torch.no_grad():
        torch.testing.assert_close(enc(x, padding)[1, :6], enc(noisy, padding)[1, :6])


def test_transformer_ctc_frames_follow_the_stem():
    net = TransformerCTCRecognizer(VGGBackbone(STAGES), encoder_factory, num_classes=11, input_height=32).eval()
    for width in (20, 64, 301):
        with torch.no_grad():
            out = net(torch.full((1, 1, 32, width), 128.0))
        assert net.output_lengths(torch.tensor(width)).item() == width // 4
        assert out.shape == (1, (width + net.frontend.edge_margin) // 4, 11)
        # Frames past the ink (the in-graph margin) decode as blank.
        assert (out[0, width // 4 + 1 :].argmax(-1) == 0).all()


def test_ar_decoder_is_causal_and_fits_a_large_charset():
    torch.manual_seed(0)
    num_classes = 6700  # JIS X 0208 level 1+2 + blank
    net = EncoderDecoderRecognizer(VGGBackbone(STAGES), encoder_factory, num_classes, input_height=32,
                                   decoder_depth=1, heads=4, dropout=0.0, max_length=6).eval()
    pixels = torch.full((2, 1, 32, 64), 255.0)
    pixels[:, :, 4:28, 8:40] = 0.0
    tokens = torch.randint(1, num_classes, (2, 5))
    tokens[:, 0] = net.bos
    changed = tokens.clone()
    changed[:, 3:] = 7
    with torch.no_grad():
        a, b = net(pixels, tokens), net(pixels, changed)
    assert a.shape == (2, 5, num_classes)
    torch.testing.assert_close(a[:, :3], b[:, :3])  # positions before the change see the same prefix
    hyps = net.generate(pixels)
    assert all(len(h.indices) <= 6 for h in hyps)
    beams = net.generate(pixels, beam_width=3)
    assert len(beams) == 2 and all(len(b.indices) <= 6 for b in beams)


def test_permutation_masks_generalise_the_causal_mask():
    steps = torch.arange(4)
    causal = EncoderDecoderRecognizer.content_blocked(steps)
    assert torch.equal(EncoderDecoderRecognizer.content_blocked(steps, torch.arange(4)), causal)
    # right to left: output 3 goes first and sees BOS only; output 0 goes last and sees every
    # input but input 1, which holds its own target.
    reverse = EncoderDecoderRecognizer.content_blocked(steps, torch.tensor([3, 2, 1, 0]))
    assert reverse[3].tolist() == [False, True, True, True]
    assert reverse[0].tolist() == [False, True, False, False]
