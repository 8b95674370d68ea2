"""The BiLSTM encoder reads each line the same whatever padding follows it."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from hwocr.models.encoders.lstm import BiLSTMEncoder, reverse_within_lengths


def mask_for(lengths: list[int], frames: int) -> torch.Tensor:
    return torch.arange(frames)[None, :] >= torch.tensor(lengths)[:, None]


def test_reverse_within_lengths_keeps_padding_in_place_and_undoes_itself():
    x = torch.arange(2 * 5, dtype=torch.float32).reshape(2, 5, 1)
    mask = mask_for([3, 5], 5)
    reversed_ = reverse_within_lengths(x, mask)
    assert reversed_[0, :, 0].tolist() == [2, 1, 0, 3, 4]
    assert reversed_[1, :, 0].tolist() == [9, 8, 7, 6, 5]
    assert torch.equal(reverse_within_lengths(reversed_, mask), x)
    assert torch.equal(reverse_within_lengths(x, None), x.flip(1))


@pytest.mark.parametrize("num_layers", [1, 3])
def test_valid_frames_ignore_what_and_how_much_padding_follows(num_layers: int):
    torch.manual_seed(0)
    encoder = BiLSTMEncoder(6, hidden_size=8, num_layers=num_layers).eval()
    line = torch.randn(1, 7, 6)
    alone = encoder(line)
    for extra in (1, 13):
        padded = torch.cat([line, 50 * torch.randn(1, extra, 6)], dim=1)
        out = encoder(padded, mask_for([7], 7 + extra))
        torch.testing.assert_close(out[:, :7], alone, rtol=0, atol=1e-6)


def test_rows_of_a_batch_do_not_interact():
    torch.manual_seed(1)
    encoder = BiLSTMEncoder(4, hidden_size=5, num_layers=2).eval()
    short, long = torch.randn(1, 3, 4), torch.randn(1, 9, 4)
    batch = torch.cat([torch.cat([short, torch.zeros(1, 6, 4)], dim=1), long])
    out = encoder(batch, mask_for([3, 9], 9))
    torch.testing.assert_close(out[:1, :3], encoder(short), rtol=0, atol=1e-6)
    torch.testing.assert_close(out[1:], encoder(long), rtol=0, atol=1e-6)


def test_checkpoints_of_the_fused_bidirectional_layout_load_and_agree():
    torch.manual_seed(2)
    fused = nn.LSTM(6, 8, num_layers=2, bidirectional=True, batch_first=True).eval()
    encoder = BiLSTMEncoder(6, hidden_size=8, num_layers=2).eval()
    encoder.load_state_dict({f"lstm.{k}": v for k, v in fused.state_dict().items()})
    x = torch.randn(3, 11, 6)
    torch.testing.assert_close(encoder(x), fused(x)[0], rtol=1e-5, atol=1e-6)


def test_zero_layers_is_rejected():
    with pytest.raises(ValueError, match="num_layers"):
        BiLSTMEncoder(4, num_layers=0)
