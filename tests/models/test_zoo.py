"""Every model config: forward at several widths, overfits a tiny batch, decodes, trains, exports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from hwocr.core.charset import Charset
from hwocr.data.collate import PadCollate
from hwocr.export.ar_export import decoder_path, is_autoregressive
from hwocr.export.checkpoint_export import export_module
from hwocr.pipeline.training import train
from hwocr.runtime.ar_recognizer import open_recognizer

from .zoo import HEIGHT, MODEL_CONFIGS, TEXTS, build_system, compose_train, torch_candidate_scores

pytestmark = pytest.mark.parametrize("model", MODEL_CONFIGS)


def test_forward_at_several_widths(model: str, charset: Charset):
    net = build_system(model, charset).net.eval()
    for width in (37, 100, 257):
        pixels = torch.full((2, 1, HEIGHT, width), 255.0)
        pixels[:, :, 8:24, : width - 5] = 0.0
        # The frontend appends its white edge margin inside the graph: those frames are padding.
        frames = int(net.output_lengths(torch.tensor([width + net.frontend.edge_margin]))[0])
        with torch.no_grad():
            if is_autoregressive(net):
                memory, padding = net.encode(pixels)
                assert memory.shape[:2] == (2, frames) and padding.shape == (2, frames)
                tokens = torch.full((2, 5), net.bos)
                assert net(pixels, tokens).shape == (2, 5, charset.num_classes)
            else:
                assert net(pixels).shape == (2, frames, charset.num_classes)


def test_a_line_reads_the_same_whatever_padding_follows(model: str, charset: Charset):
    # Every architecture: a line alone and the same line followed by 300 px of batch padding give
    # the same outputs on its frames (CTC logits, or the AR encoder's memory and mask).
    net = build_system(model, charset).net.eval()
    torch.manual_seed(1)
    line = torch.full((1, 1, HEIGHT, 120), 255.0)
    line[..., 6:100] = torch.rand(1, 1, HEIGHT, 94) * 180
    padded = torch.cat([line, torch.full((1, 1, HEIGHT, 300), 255.0)], dim=-1)
    with torch.no_grad():
        if is_autoregressive(net):
            (alone, alone_mask), (more, more_mask) = net.encode(line), net.encode(padded)
            valid = int((~alone_mask[0]).sum())
            assert int((~more_mask[0]).sum()) == valid
            torch.testing.assert_close(more[:, :valid], alone[:, :valid], rtol=0, atol=1e-4)
        else:
            alone, more = net(line), net(padded)
            torch.testing.assert_close(more[:, : alone.shape[1]], alone, rtol=0, atol=1e-4)


def test_overfits_a_tiny_batch_and_decodes(model: str, charset: Charset, tiny_batch: dict):
    torch.manual_seed(0)
    system = build_system(model, charset).train()
    optimizer = torch.optim.AdamW(system.parameters(), lr=2e-3)
    losses = []
    for _ in range(20):
        optimizer.zero_grad()
        loss = system.loss(tiny_batch)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert np.isfinite(losses).all()
    assert min(losses[-5:]) < 0.7 * losses[0], losses
    hyps = system.eval().decode(tiny_batch)
    assert len(hyps) == len(tiny_batch["texts"])
    assert all(c in charset for h in hyps for c in h)
    # Each line decodes to the same text alone as in its padded batch.
    collate = PadCollate()
    alone = [
        system.decode(collate([{"image": tiny_batch["images"][i, 0, :, :w].numpy().astype(np.uint8), "text": text,
                                "labels": charset.encode(text), "id": str(i), "vertical": False}]))[0]
        for i, (w, text) in enumerate(zip(tiny_batch["widths"].tolist(), tiny_batch["texts"], strict=True))
    ]
    assert hyps == alone


def test_fast_dev_run(model: str, charset: Charset, tmp_path: Path):
    cfg = compose_train(
        model, "debug=fast_dev_run", "data.train.size=8", "data.val.size=4", "data.batch_size=4",
        "data.eval_batch_size=4", f"paths.root_dir={tmp_path}", f"paths.log_dir={tmp_path}",
        f"paths.output_dir={tmp_path}", "extras.print_config=false",
    )
    metrics = train(cfg)
    assert metrics["global_step"] == 1 and "val/cer" in metrics
    # Every zoo decoder is greedy, so validation also reports look-alike-folded CER and coverage.
    assert 0.0 <= metrics["val/cer_folded"] <= metrics["val/cer"]
    assert 0.0 <= metrics["val/coverage_at_99"] <= 1.0
    # The training config's charset is the quickstart file, as the fixture's.
    parameters = sum(p.numel() for p in build_system(model, charset).parameters())
    assert metrics["parameters"] == parameters
    assert json.loads((tmp_path / "metrics.json").read_text())["parameters"] == parameters


def test_onnx_export_parity(model: str, charset: Charset, tiny_batch: dict, tmp_path: Path):
    """The export checks itself on probe batches; then the runtime reads real lines as PyTorch does."""
    net = build_system(model, charset).net.eval()
    summary = export_module(net, charset, tmp_path / "model.onnx", input_height=HEIGHT)
    recognizer = open_recognizer(summary["onnx"], providers=["CPUExecutionProvider"])
    lines = [tiny_batch["images"][i, 0, :, : w].numpy().astype(np.uint8) for i, w in enumerate(tiny_batch["widths"])]
    predicted = [p.text for p in recognizer.predict(lines[:2], batch_size=1)]
    with torch.no_grad():
        if is_autoregressive(net):
            assert decoder_path(summary["onnx"]).is_file()
            expected = [charset.decode(net.generate(torch.from_numpy(line[None, None].astype(np.float32)))[0].indices)
                        for line in lines[:2]]
        else:
            from hwocr.decoding.ctc_greedy import ctc_greedy_decode

            expected = [charset.decode(ctc_greedy_decode(net(torch.from_numpy(line[None, None].astype(np.float32)))[0]
                                                         .argmax(-1).numpy()).indices) for line in lines[:2]]
    assert predicted == expected
    # Closed-list reading scores every candidate as PyTorch does (CTC forward or teacher forcing).
    for line, choice in zip(lines[:2], recognizer.choose(lines[:2], TEXTS, batch_size=2), strict=True):
        reference = torch_candidate_scores(net, charset, line, TEXTS)
        assert choice.text == TEXTS[int(np.argmax(reference))]
        assert choice.log_likelihood == pytest.approx(max(reference), rel=1e-3, abs=1e-3)
