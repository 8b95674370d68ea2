from __future__ import annotations

import json
import sys
from pathlib import Path

import hydra
import pytest
import torch
from omegaconf import OmegaConf
from PIL import Image

from hwocr.cli.export import main
from hwocr.core.manifest import write_manifest
from hwocr.export.checkpoint_export import default_output, export_checkpoint
from hwocr.export.onnx_export import read_metadata, weights_sha256

from .conftest import HEIGHT, draw_line

CONFIG = {
    "task_name": "train",
    "tags": ["tiny"],
    "data": {"height": HEIGHT},
    "model": {
        "_target_": "hwocr.systems.ctc.CTCSystem",
        "net": {
            "_target_": "hwocr.models.ctc_recognizer.CTCRecognizer",
            "_partial_": True,
            "input_height": HEIGHT,
            "backbone": {"_target_": "hwocr.models.backbones.vgg.VGGBackbone",
                         "stages": [[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]]},
            "encoder": {"_target_": "hwocr.models.encoders.lstm.BiLSTMEncoder", "_partial_": True,
                        "hidden_size": 16, "num_layers": 1},
        },
        "optimizer": {"_target_": "torch.optim.AdamW", "_partial_": True, "lr": 0.001},
    },
}


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory, charset) -> tuple[Path, torch.nn.Module]:
    """A checkpoint as training writes it: state dict, stored config and charset, metrics."""
    run_dir = tmp_path_factory.mktemp("run")
    torch.manual_seed(0)
    system = hydra.utils.instantiate(OmegaConf.create(CONFIG).model, charset=charset)
    with torch.no_grad():
        system.net.head.weight.mul_(20.0)
    system.hwocr_config = CONFIG
    ckpt = {"state_dict": system.state_dict()}
    system.on_save_checkpoint(ckpt)
    ckpt["hwocr_metrics"] = {"val/cer": 0.5}  # what a Trainer's callback metrics would have put there
    path = run_dir / "checkpoints" / "best.ckpt"
    path.parent.mkdir()
    torch.save(ckpt, path)
    return path, system.net


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lines")
    rows = []
    for i, width in enumerate([48, 90, 130, 60, 200, 75]):
        Image.fromarray(draw_line(width, seed=i)).save(folder / f"l{i}.png")
        rows.append((f"l{i}.png", "あいう"[: 1 + i % 3]))
    return write_manifest(rows, folder / "val.tsv")


def test_default_output_is_the_run_directory(tmp_path):
    assert default_output(tmp_path / "run" / "checkpoints" / "x.ckpt") == tmp_path / "run" / "model.onnx"
    assert default_output(tmp_path / "x.ckpt") == tmp_path / "model.onnx"


def test_export_checkpoint_with_dataset_parity_and_int8_report(checkpoint, manifest):
    path, net = checkpoint
    summary = export_checkpoint(path, quantize="int8_dynamic", evaluation=manifest, batch_size=4, threads=1)
    onnx_path = Path(summary["onnx"])
    assert onnx_path == path.parent.parent / "model.onnx"
    meta = read_metadata(onnx_path)
    assert meta.metrics == {"val/cer": 0.5}
    assert meta.weights_sha256 == weights_sha256(net)
    assert meta.config_name == "train [tiny]" and "VGGBackbone" in meta.model_name
    assert meta.extra["config"]["model"]["_target_"] == "hwocr.systems.ctc.CTCSystem"
    assert summary["dataset_parity"]["lines"] == 6 and summary["dataset_parity"]["string_mismatches"] == 0
    assert [r["precision"] for r in summary["precision_report"]] == ["fp32", "int8_dynamic"]
    written = json.loads(Path(summary["summary"]).read_text(encoding="utf-8"))
    assert written["quantized"] == summary["quantized"]


def test_hydra_cli_exports_static_int8(tmp_path, checkpoint, manifest, monkeypatch, capsys):
    path, _ = checkpoint
    out = tmp_path / "cli.onnx"
    overrides = [f"checkpoint={path}", f"output={out}", "quantize=int8_static", f"calibration={manifest}",
                 f"evaluation={manifest}", "num_lines=4", "batch_size=2", "threads=1"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["hwocr-export", *overrides])
    main()
    assert out.is_file() and out.with_name("cli.int8_static.onnx").is_file()
    assert "| fp32 |" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli.export.json", "cli.int8_static.onnx", "cli.onnx"]
    assert read_metadata(out.with_name("cli.int8_static.onnx")).precision == "int8_static"


def test_missing_default_lines_skip_the_dataset_checks_only(tmp_path, net, charset):
    from hwocr.export.checkpoint_export import export_module

    summary = export_module(net, charset, tmp_path / "m.onnx", input_height=HEIGHT, config={"task_name": "x"})
    assert Path(summary["onnx"]).is_file()
    assert "skipped" in summary["dataset_parity"]
