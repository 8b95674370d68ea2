from __future__ import annotations

import numpy as np
import pytest

from hwocr.runtime.batching import pad_batch, plan_batches


def test_plan_covers_every_line_once_in_width_order():
    widths = [300, 40, 45, 120, 41, 310, 50, 44]
    batches = plan_batches(widths, batch_size=3)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))
    assert all(len(b) <= 3 for b in batches)
    for batch in batches:
        assert max(widths[i] for i in batch) <= 1.5 * min(widths[i] for i in batch)
    assert plan_batches(widths, 3) == batches  # deterministic


def test_plan_rejects_bad_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        plan_batches([10], 0)


def test_pad_batch_pads_right_with_white():
    batch = pad_batch([np.zeros((4, 3), np.uint8), np.zeros((4, 5), np.uint8)], pad_value=255, min_width=8)
    assert batch.shape == (2, 1, 4, 8) and batch.dtype == np.float32
    assert (batch[0, 0, :, :3] == 0).all() and (batch[0, 0, :, 3:] == 255).all()
    assert (batch[1, 0, :, 5:] == 255).all()
    with pytest.raises(ValueError, match="height"):
        pad_batch([np.zeros((4, 3), np.uint8), np.zeros((5, 3), np.uint8)])
