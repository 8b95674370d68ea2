"""Old checkpoint layouts: the renames in hwocr.models.compat, and an old BiLSTM state dict still loading.

Loading through the modules is also checked in tests/models/encoders/test_lstm.py (fused LSTM) and
tests/models/test_ctc_recognizer.py (pre-frontend CRNN, both renames at once).
"""

from __future__ import annotations

import torch
from torch import nn

from hwocr.models.compat import move_into_frontend, rename_fused_lstm_keys
from hwocr.models.encoders.lstm import BiLSTMEncoder


def test_fused_lstm_keys_are_renamed_under_their_prefix_only():
    state = {
        "net.encoder.lstm.weight_ih_l1_reverse": 1,
        "net.encoder.lstm.bias_hh_l0": 2,
        "net.encoder.lstm.unrelated": 3,  # not an nn.LSTM parameter: left for strict loading to report
        "net.head.lstm.weight_ih_l0": 4,  # another module's prefix
    }
    rename_fused_lstm_keys(state, "net.encoder.")
    assert state == {
        "net.encoder.backward_layers.1.weight_ih_l0": 1,
        "net.encoder.forward_layers.0.bias_hh_l0": 2,
        "net.encoder.lstm.unrelated": 3,
        "net.head.lstm.weight_ih_l0": 4,
    }


def test_backbone_and_collapse_move_into_the_frontend():
    state = {"net.backbone.conv.weight": 1, "net.collapse.bias": 2, "net.head.weight": 3, "net.frontend.x": 4}
    move_into_frontend(state, "net.")
    assert state == {"net.frontend.backbone.conv.weight": 1, "net.frontend.collapse.bias": 2,
                     "net.head.weight": 3, "net.frontend.x": 4}


def test_an_old_fused_lstm_state_dict_loads_nested_and_computes_the_same():
    torch.manual_seed(0)
    fused = nn.LSTM(5, 7, num_layers=2, bidirectional=True, batch_first=True).eval()
    model = nn.Sequential(BiLSTMEncoder(5, hidden_size=7, num_layers=2)).eval()
    result = model.load_state_dict({f"0.lstm.{k}": v for k, v in fused.state_dict().items()}, strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    x = torch.randn(2, 9, 5)
    torch.testing.assert_close(model(x), fused(x)[0], rtol=1e-5, atol=1e-6)
