"""Old checkpoint layouts, renamed to today's parameter names as they load: the one home for such shims.

Each function renames keys of ``state_dict`` in place for the module loading at ``prefix`` and is
called from that module's ``_load_from_state_dict``, so ``load_state_dict`` and Lightning's
checkpoint loading both accept the old files. The weights are the same numbers under other names;
nothing is converted. Drop a shim (and its call and test) once no recorded experiment needs it.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

# nn.LSTM(bidirectional=True) names: lstm.weight_ih_l1, lstm.bias_hh_l0_reverse, ...
_FUSED_LSTM_KEY = re.compile(r"lstm\.(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)(_reverse)?$")
# Parts of CTCRecognizer that moved into its shared VisualFrontend.
_FRONTEND_PARTS = ("backbone.", "collapse.")


def rename_fused_lstm_keys(state_dict: MutableMapping[str, Any], prefix: str) -> None:
    """BiLSTMEncoder, from the fused ``nn.LSTM(bidirectional=True)`` layout (``lstm.*``).

    Layer i's forward direction becomes ``forward_layers[i]``, its reverse direction
    ``backward_layers[i]``: each is a one-layer ``nn.LSTM``, hence the ``_l0`` suffix.
    """
    for key in [k for k in state_dict if k.startswith(prefix + "lstm.")]:
        match = _FUSED_LSTM_KEY.match(key[len(prefix):])
        if match:
            kind, layer, reverse = match.groups()
            side = "backward_layers" if reverse else "forward_layers"
            state_dict[f"{prefix}{side}.{layer}.{kind}_l0"] = state_dict.pop(key)


def move_into_frontend(state_dict: MutableMapping[str, Any], prefix: str) -> None:
    """CTCRecognizer, from before the shared VisualFrontend: ``backbone.*``/``collapse.*`` at the top."""
    for part in _FRONTEND_PARTS:
        for key in [k for k in state_dict if k.startswith(prefix + part)]:
            state_dict[prefix + "frontend." + key[len(prefix):]] = state_dict.pop(key)
