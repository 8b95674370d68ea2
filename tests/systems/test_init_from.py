"""init_from: another run's weights as a warm start, class rows mapped by character, never dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hydra
import pytest
import torch
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from hwocr.core.charset import Charset, write_charset_file
from hwocr.systems.init_from import init_from_checkpoint
from hwocr.systems.loading import CheckpointError
from hwocr.utils.files import CONFIG_DIR
from tests.train_overrides import TINY_LIMIT

BACKBONE = {"_target_": "hwocr.models.backbones.vgg.VGGBackbone", "stages": [[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]]}
CTC_NET = {
    "_target_": "hwocr.models.ctc_recognizer.CTCRecognizer", "_partial_": True, "input_height": 32,
    "backbone": BACKBONE,
    "encoder": {"_target_": "hwocr.models.encoders.lstm.BiLSTMEncoder", "_partial_": True, "hidden_size": 8,
                "num_layers": 1},
}
AR_NET = {
    "_target_": "hwocr.models.encoder_decoder.EncoderDecoderRecognizer", "_partial_": True, "input_height": 32,
    "decoder_depth": 1, "heads": 2, "max_length": 8, "backbone": BACKBONE,
    "encoder": {"_target_": "hwocr.models.encoders.transformer.TransformerEncoder", "_partial_": True, "dim": 16,
                "depth": 1, "heads": 2},
}
SYSTEMS = {"ctc": ("hwocr.systems.ctc.CTCSystem", CTC_NET), "ar": ("hwocr.systems.cross_entropy.CrossEntropySystem", AR_NET)}
OLD = Charset(list("あいう"), name="old")
# Extended (え, か) and reordered: character う is class 3 in OLD and class 1 here.
NEW = Charset(list("うえあかい"), name="new")


def build(kind: str, charset: Charset, seed: int):
    target, net = SYSTEMS[kind]
    torch.manual_seed(seed)
    model = OmegaConf.create({"_target_": target, "net": net,
                              "optimizer": {"_target_": "torch.optim.AdamW", "_partial_": True, "lr": 1e-3}})
    return hydra.utils.instantiate(model, charset=charset), hydra.utils.instantiate(OmegaConf.create(net))


def save(system, path: Path) -> Path:
    system.hwocr_config = {"model": {}}
    ckpt = {"state_dict": system.state_dict()}
    system.on_save_checkpoint(ckpt)
    torch.save(ckpt, path)
    return path


@pytest.mark.parametrize("kind", ["ctc", "ar"])
def test_old_characters_keep_their_rows_by_character_and_new_ones_stay_fresh(kind: str, tmp_path: Path):
    source, _ = build(kind, OLD, seed=0)
    ckpt = save(source, tmp_path / "old.ckpt")
    target, net_factory = build(kind, NEW, seed=1)
    fresh = {k: v.clone() for k, v in target.net.state_dict().items()}
    report = init_from_checkpoint(target, ckpt, net_factory)

    old_head, new_head = source.net.head.weight, target.net.head.weight
    assert torch.equal(new_head[0], old_head[0])  # blank (AR: EOS) to blank
    for char in "あいう":
        new_i, old_i = NEW.encode(char)[0], OLD.encode(char)[0]
        assert torch.equal(new_head[new_i], old_head[old_i]), char
        assert torch.equal(target.net.head.bias[new_i], source.net.head.bias[old_i]), char
    for char in "えか":
        i = NEW.encode(char)[0]
        assert torch.equal(new_head[i], fresh["head.weight"][i])
        assert not any(torch.equal(new_head[i], row) for row in old_head)
    assert report.new_chars == ["え", "か"] and report.carried_chars == 3
    assert {"head.weight", "head.bias"} <= set(report.class_indexed)
    if kind == "ar":
        # BOS and padding sit past the classes: old ids 4, 5 move to new ids 6, 7.
        assert report.class_indexed["embed.weight"] == 0
        assert torch.equal(target.net.embed.weight[6:], source.net.embed.weight[4:])
        assert torch.equal(target.net.embed.weight[NEW.encode("う")[0]], source.net.embed.weight[3])
    # Everything not indexed by class is the source's, exactly.
    old_state, new_state = source.net.state_dict(), target.net.state_dict()
    shared = [k for k in new_state if k not in report.class_indexed]
    assert any(k.startswith("frontend.backbone.") for k in shared) and any(k.startswith("encoder.") for k in shared)
    for key in shared:
        assert torch.equal(new_state[key], old_state[key]), key


def test_a_character_the_new_charset_lacks_is_an_error_naming_it_and_the_file(tmp_path: Path):
    source, _ = build("ctc", OLD, seed=0)
    ckpt = save(source, tmp_path / "old.ckpt")
    target, net_factory = build("ctc", Charset(list("あうえ"), name="smaller"), seed=1)
    before = target.net.head.weight.clone()
    with pytest.raises(CheckpointError, match=r"old\.ckpt: the new charset 'smaller' lacks 1 .*'い'"):
        init_from_checkpoint(target, ckpt, net_factory)
    assert torch.equal(target.net.head.weight, before)


def test_weights_of_another_architecture_are_an_error_naming_the_file(tmp_path: Path):
    source, _ = build("ar", OLD, seed=0)
    ckpt = save(source, tmp_path / "ar.ckpt")
    target, net_factory = build("ctc", NEW, seed=1)
    with pytest.raises(CheckpointError, match=r"ar\.ckpt: its weights do not fit this run's model config"):
        init_from_checkpoint(target, ckpt, net_factory)


def test_a_checkpoint_without_an_hwocr_charset_is_refused(tmp_path: Path):
    source, net_factory = build("ctc", OLD, seed=0)
    path = tmp_path / "plain.ckpt"
    torch.save({"state_dict": source.state_dict()}, path)
    with pytest.raises(CheckpointError, match=r"plain\.ckpt: not an hwocr checkpoint"):
        init_from_checkpoint(source, path, net_factory)


@pytest.mark.slow
def test_hwocr_train_init_from_with_an_extended_charset_exports_the_new_charset(tmp_path: Path):
    # The source: the TINY run's own model (quickstart charset), saved untrained: init_from needs
    # only the weights' shapes and charset, not a trained model.
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("train", overrides=[o for o in TINY_LIMIT if not o.startswith(("debug=", "trainer."))])
    old_charset = hydra.utils.instantiate(cfg.charset)
    source = hydra.utils.instantiate(cfg.model, charset=old_charset)
    ckpt = save(source, tmp_path / "tiny.ckpt")
    bigger = tmp_path / "bigger.txt"
    # Two characters quickstart lacks, in front: every old class moves two rows down.
    added = ["鬱", "麟"]
    assert not set(added) & set(old_charset.chars)
    write_charset_file([*added, *old_charset.chars], bigger)

    cmd = [sys.executable, "-m", "hwocr.cli.train", f"paths.log_dir={tmp_path / 'logs'}", *TINY_LIMIT,
           "logger=none", f"init_from={ckpt}", "charset=file", f"charset.path={bigger}",
           "export.enabled=true", "export.quantize=null", "predict.enabled=false"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "2 new characters initialised fresh" in proc.stdout + proc.stderr
    (run,) = sorted((tmp_path / "logs" / "debug" / "runs").iterdir())
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["num_classes"] == old_charset.num_classes + 2

    from hwocr.runtime.model_metadata import read_model_metadata

    meta = read_model_metadata(metrics["onnx"])
    assert meta.classes == ["<blank>", *added, *old_charset.chars]
