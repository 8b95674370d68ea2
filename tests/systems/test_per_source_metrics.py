"""Validation and test of a real CTC system on lines of two sources log each source's CER and line
accuracy beside the overall scores, with the values a known reading gives."""

from __future__ import annotations

import numpy as np
import pytest
import pytorch_lightning as pl
import torch
from torch.utils.data import DataLoader

from hwocr.core.charset import Charset
from hwocr.data.collate import PadCollate
from hwocr.data.sample import LineSample
from hwocr.metrics.cer import CERAccumulator
from tests.systems.test_loss_guard import CHARSET, _system

# (source, reference) of each line; the system below reads every line as "あ".
LINES = [("synthetic", "あ"), ("etl", "いう"), ("synthetic", "あい"), ("etl", "あ"), ("synthetic", "あ"),
         ("etl", "えお")]


def reads_every_line_as_a(charset: Charset) -> pl.LightningModule:
    """A real CTCSystem whose head ignores the pixels and favours あ on every frame: greedy CTC
    collapses the frames to the one character."""
    system = _system().eval()
    with torch.no_grad():
        system.net.head.weight.zero_()
        system.net.head.bias.zero_()
        system.net.head.bias[charset.encode("あ")[0]] = 10.0
    return system


def samples(tagged: bool = True) -> list[LineSample]:
    rng = np.random.default_rng(0)
    out = []
    for i, (source, text) in enumerate(LINES):
        sample = LineSample(image=rng.integers(0, 255, (32, 48 + 8 * i), dtype=np.uint8), text=text,
                            labels=CHARSET.encode(text), id=f"{source}[{i}]", vertical=False)
        out.append(LineSample(**sample, source=source) if tagged else sample)
    return out


def evaluate(system: pl.LightningModule, tagged: bool = True, stage: str = "validate") -> dict[str, float]:
    trainer = pl.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False)
    # Batches of 4 and 2: each source's lines fall into both, so the sums must run across batches.
    loader = DataLoader(samples(tagged), batch_size=4, collate_fn=PadCollate())
    run = trainer.validate if stage == "validate" else trainer.test
    return {k: float(v) for k, v in run(system, dataloaders=loader, verbose=False)[0].items()}


def test_each_source_gets_its_own_cer_and_line_accuracy():
    metrics = evaluate(reads_every_line_as_a(CHARSET))
    # synthetic: あ/あ, あい/あ, あ/あ -> 1 edit in 4 characters, 2 of 3 lines exact.
    assert metrics["val/synthetic/cer"] == pytest.approx(1 / 4)
    assert metrics["val/synthetic/line_accuracy"] == pytest.approx(2 / 3)
    # etl: いう/あ (2 edits), あ/あ, えお/あ (2 edits) -> 4 edits in 5 characters, 1 of 3 exact.
    assert metrics["val/etl/cer"] == pytest.approx(4 / 5)
    assert metrics["val/etl/line_accuracy"] == pytest.approx(1 / 3)
    # The overall scores are unchanged: the corpus of all six lines.
    overall = CERAccumulator()
    overall.update([t for _, t in LINES], ["あ"] * len(LINES))
    assert metrics["val/cer"] == pytest.approx(overall.cer) == pytest.approx(5 / 9)
    assert metrics["val/line_accuracy"] == pytest.approx(3 / 6)


def test_the_test_split_is_scored_per_source_too():
    metrics = evaluate(reads_every_line_as_a(CHARSET), stage="test")
    assert metrics["test/synthetic/cer"] == pytest.approx(1 / 4) and metrics["test/etl/cer"] == pytest.approx(4 / 5)


def test_lines_without_sources_log_only_the_overall_scores():
    metrics = evaluate(reads_every_line_as_a(CHARSET), tagged=False)
    assert "val/cer" in metrics
    assert not [k for k in metrics if k.count("/") > 1], metrics
