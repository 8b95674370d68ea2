"""Training faults: non-finite losses skip their step and are counted, K in a row stop the run with
a checkpoint; CTC labels longer than their frames are dropped from the loss."""

from __future__ import annotations

import numpy as np
import pytest
import pytorch_lightning as pl
import torch
from torch.utils.data import DataLoader

from hwocr.core.charset import Charset
from hwocr.data.collate import PadCollate
from hwocr.data.sample import LineSample
from hwocr.systems.loss_guard import NonFiniteLossError, ctc_feasible
from tests.systems.test_loading import MODEL

CHARSET = Charset(list("あいうえお"), name="tiny")


def _system(cls=None):
    import hydra
    from omegaconf import OmegaConf

    cfg = OmegaConf.create({"model": {**MODEL, **({"_target_": cls} if cls else {})}})
    return hydra.utils.instantiate(cfg.model, charset=CHARSET)


def _samples(n: int = 8, width: int = 64) -> list[LineSample]:
    rng = np.random.default_rng(0)
    return [LineSample(image=rng.integers(0, 255, (32, width), dtype=np.uint8), text="あい", labels=[1, 2],
                       id=str(i), vertical=False) for i in range(n)]


def test_ctc_feasible_counts_repeats():
    targets = torch.tensor([1, 1, 1, 2, 3])
    lengths = torch.tensor([2, 3])
    assert ctc_feasible(targets, lengths, torch.tensor([3, 3])).tolist() == [True, True]
    assert ctc_feasible(targets, lengths, torch.tensor([2, 2])).tolist() == [False, False]  # 1,1 needs 3


def test_too_long_labels_are_left_out_of_the_loss():
    system = _system().eval()  # no dropout: the two losses are comparable
    short = _samples(2)
    too_long = [LineSample(image=short[0]["image"][:, :16], text="あいうえおあいうえお", labels=[1, 2, 3, 4, 5] * 2,
                           id="long", vertical=False)]
    collate = PadCollate()
    torch.manual_seed(0)
    mixed = system.loss(collate(short + too_long))
    alone = system.loss(collate(short))
    assert torch.isfinite(mixed) and mixed.item() == pytest.approx(alone.item(), rel=1e-4)



@pytest.mark.slow
def test_non_finite_losses_skip_steps_and_k_in_a_row_stop_with_a_checkpoint(tmp_path):
    system = _system()
    system.loss_guard.max_in_row = 3
    real_loss = system.loss
    calls = {"n": 0}

    def loss(batch):
        calls["n"] += 1
        value = real_loss(batch)
        return value if calls["n"] == 1 else value * float("nan")  # one good step, then NaN forever

    system.loss = loss
    loader = DataLoader(_samples(16), batch_size=2, collate_fn=PadCollate())
    trainer = pl.Trainer(max_steps=20, logger=False, enable_progress_bar=False, enable_model_summary=False,
                         default_root_dir=tmp_path, accelerator="cpu")
    with pytest.raises(NonFiniteLossError, match="3 non-finite losses in a row") as info:
        trainer.fit(system, train_dataloaders=loader)
    assert "nonfinite_stop.ckpt" in str(info.value)
    saved = next(tmp_path.rglob("nonfinite_stop.ckpt"))
    state = torch.load(saved, weights_only=True)["state_dict"]
    assert all(torch.isfinite(v).all() for v in state.values() if v.is_floating_point())
    assert all(torch.equal(state[k], v) for k, v in system.state_dict().items())  # no step after the first
    assert system.loss_guard.total == 3 and calls["n"] == 4
