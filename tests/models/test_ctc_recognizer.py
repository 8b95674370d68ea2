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
def test_output_lengths_count_the_frames_of_each_width(width: int):
    model = crnn()
    margin_frames = model.frontend.edge_margin // 4
    logits = model(torch.full((2, 1, 32, width), 255.0))
    # The in-graph white margin adds frames after the line's own; they are padding.
    assert logits.shape == (2, (width + model.frontend.edge_margin) // 4, 11)
    assert model.output_lengths(torch.tensor([width])).item() == width // 4
    assert logits.shape[1] - width // 4 in (margin_frames, margin_frames + 1)


def test_edge_margin_covers_the_backbones_reach():
    model = crnn()
    backbone = model.frontend.backbone
    assert backbone.right_reach(32) == 1 + 2 + 4  # one 3x3 conv per stage at cells of 1, 2, 4 px
    assert model.frontend.edge_margin == backbone.right_reach(32) + 2 * backbone.width_stride()
    no_margin = CTCRecognizer(backbone, IdentityEncoder, num_classes=11, input_height=32, edge_margin=0)
    assert no_margin(torch.zeros(1, 1, 32, 40)).shape == (1, 10, 11)


@pytest.mark.parametrize("height", [16, 32, 48, 64])
def test_any_configured_height_collapses_to_one_row(height: int):
    model = crnn(height)
    assert model(torch.zeros(1, 1, height, 40)).shape[::2] == (1, 11)


def test_identity_encoder_is_a_pure_conv_model():
    model = crnn(encoder=IdentityEncoder)
    assert model(torch.zeros(1, 1, 32, 40)).shape[::2] == (1, 11)


def test_too_small_height_is_rejected():
    with pytest.raises(ValueError, match="input_height 4"):
        crnn(4)


def test_padding_does_not_change_any_frame_of_a_line_inked_to_its_edge():
    model = crnn(encoder=IdentityEncoder)
    x = torch.rand(1, 1, 32, 40) * 255
    padded = torch.cat([x, torch.full((1, 1, 32, 24), 255.0)], dim=-1)
    # Ink reaches the last column; the in-graph margin still shows every frame the same pixels.
    torch.testing.assert_close(model(x)[:, :10], model(padded)[:, :10], rtol=0, atol=1e-5)


def test_a_line_reads_the_same_with_any_padding_after_it():
    torch.manual_seed(3)
    model = crnn(encoder=functools.partial(BiLSTMEncoder, hidden_size=16, num_layers=2))
    line = torch.full((1, 1, 32, 96), 255.0)
    line[..., 8:70] = torch.rand(1, 1, 32, 62) * 200  # ink, then the line's own white margin
    alone = model(line)
    for extra in (8, 200):
        padded = model(torch.cat([line, torch.full((1, 1, 32, extra), 255.0)], dim=-1))
        torch.testing.assert_close(padded[:, : alone.shape[1]], alone, rtol=0, atol=1e-5)
        # No ink, no character: every frame past the ink decodes as blank.
        assert (padded[0, 20:].argmax(-1) == 0).all()


def test_checkpoints_from_before_the_shared_frontend_load():
    model = crnn()
    legacy = {}
    for key, value in model.state_dict().items():
        key = key.replace("frontend.", "")
        for side, tag in (("forward_layers.0.", ""), ("backward_layers.0.", "_reverse")):
            if side in key:
                name = key.split(side)[1].removesuffix("_l0")
                key = f"encoder.lstm.{name}_l0{tag}"
        legacy[key] = value
    assert any(k.startswith("encoder.lstm.") and k.endswith("_reverse") for k in legacy)
    reloaded = crnn()
    reloaded.load_state_dict(legacy)
    x = torch.rand(1, 1, 32, 64) * 255
    torch.testing.assert_close(reloaded(x), model(x))


def test_edge_margin_is_an_eval_mode_step():
    model = crnn().train()
    assert model(torch.full((1, 1, 32, 40), 255.0)).shape[1] == 10
    model.eval()
    assert model(torch.full((1, 1, 32, 40), 255.0)).shape[1] == (40 + model.frontend.edge_margin) // 4
