"""Checkpoints are data: weights-only unpickling, an allow-list for the stored config, and a
charset check when resuming."""

from __future__ import annotations

import shutil
from pathlib import Path

import hydra
import pytest
import torch
from omegaconf import OmegaConf

from hwocr.core.charset import Charset
from hwocr.core.trust import CharsetMismatchError, UntrustedConfigError, check_config_trusted, trusted_target
from hwocr.systems.loading import CheckpointError, check_charset_matches, load_system

CHARSET = Charset(list("あいうえお"), name="tiny")
MODEL = {
    "_target_": "hwocr.systems.ctc.CTCSystem",
    "net": {
        "_target_": "hwocr.models.ctc_recognizer.CTCRecognizer",
        "_partial_": True,
        "input_height": 32,
        "backbone": {"_target_": "hwocr.models.backbones.vgg.VGGBackbone",
                     "stages": [[8, 1, 2, 2], [16, 1, 2, 2], [16, 1, 2, 1]]},
        "encoder": {"_target_": "hwocr.models.encoders.lstm.BiLSTMEncoder", "_partial_": True,
                    "hidden_size": 8, "num_layers": 1},
    },
    "optimizer": {"_target_": "torch.optim.AdamW", "_partial_": True, "lr": 0.001},
}


def _save(path: Path, model_config: dict, extra: dict | None = None) -> Path:
    system = hydra.utils.instantiate(OmegaConf.create({"model": MODEL}).model, charset=CHARSET)
    system.hwocr_config = {"model": model_config}
    ckpt = {"state_dict": system.state_dict(), **(extra or {})}
    system.on_save_checkpoint(ckpt)
    torch.save(ckpt, path)
    return path


def test_an_honest_checkpoint_loads(tmp_path):
    system = load_system(_save(tmp_path / "ok.ckpt", MODEL))
    assert system.charset.chars == CHARSET.chars and not system.training


def test_a_stored_config_naming_shutil_copy_is_refused_and_writes_nothing(tmp_path):
    secret, stolen = tmp_path / "secret.txt", tmp_path / "stolen.txt"
    secret.write_text("private")
    crafted = {**MODEL, "net": {"_target_": "shutil.copy", "src": str(secret), "dst": str(stolen)}}
    path = _save(tmp_path / "crafted.ckpt", crafted)
    with pytest.raises(UntrustedConfigError, match=r"crafted\.ckpt: refusing to instantiate model\.net\._target_ = 'shutil\.copy'"):
        load_system(path)
    assert not stolen.exists()


class _Payload:
    """Unpickling this calls shutil.copy: what weights_only=False would run."""

    def __init__(self, src: Path, dst: Path) -> None:
        self.args = (str(src), str(dst))

    def __reduce__(self):
        return shutil.copy, self.args


def test_a_pickled_payload_is_refused_and_writes_nothing(tmp_path):
    secret, stolen = tmp_path / "secret.txt", tmp_path / "stolen.txt"
    secret.write_text("private")
    path = _save(tmp_path / "payload.ckpt", MODEL, {"extra": _Payload(secret, stolen)})
    with pytest.raises(CheckpointError, match=r"payload\.ckpt: refused to load"):
        load_system(path)
    assert not stolen.exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 truncated", b"not a checkpoint at all"])
def test_unreadable_files_name_the_file(tmp_path, content):
    path = tmp_path / "bad.ckpt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=r"bad\.ckpt: not a readable PyTorch checkpoint"):
        load_system(path)


@pytest.mark.parametrize(
    "target, trusted",
    [("hwocr.data.datamodule.LineDataModule", True), ("hwocr.core.charset.Charset.from_file", True),
     ("torch.optim.AdamW", True), ("hwocr.systems.schedules.one_cycle", True),
     ("shutil.copy", False), ("builtins.open", False), ("torch.save", False),
     ("hwocr.core.charset.write_charset_file", False),  # a function in an allowed module
     ("hwocr.data.manifest_dataset.Path", False),  # a foreign class imported into one
     ("hwocr.synth.store.build.build_store", False), ("hwocr.utils.files.write_json", False)],
)
def test_the_allow_list(target, trusted):
    assert trusted_target(target) is trusted


def test_targets_are_checked_everywhere(tmp_path):
    bad = {"_target_": "shutil.copy"}
    for config in ({"a": {"_args_": [bad]}}, {"a": {"_partial_": True, "b": [{"c": bad}]}},
                   OmegaConf.create({"x": bad})):
        with pytest.raises(UntrustedConfigError, match="shutil.copy"):
            check_config_trusted(config, "m.onnx")
    with pytest.raises(UntrustedConfigError, match="interpolation"):
        check_config_trusted({"a": "${oc.env:HOME}"}, "m.onnx")


def test_a_different_charset_of_the_same_size_is_named():
    ckpt = {"hwocr": {"charset": {"chars": list("あいうえか")}}}
    with pytest.raises(CharsetMismatchError, match=r"last\.ckpt: trained with another charset .*class 5 is 'か' there and 'お' here"):
        check_charset_matches(ckpt, CHARSET, "last.ckpt")
    check_charset_matches({"hwocr": {"charset": {"chars": list("あいうえお")}}}, CHARSET, "last.ckpt")


def test_resuming_with_another_charset_of_the_same_size_fails(tmp_path):
    path = _save(tmp_path / "last.ckpt", MODEL)
    ckpt = torch.load(path, weights_only=True)
    other = hydra.utils.instantiate(OmegaConf.create({"model": MODEL}).model, charset=Charset(list("あいうえか")))
    with pytest.raises(CharsetMismatchError, match="class 5 is 'お' there and 'か' here"):
        other.on_load_checkpoint(ckpt)  # Lightning calls this before loading the state dict
    load_system(path).on_load_checkpoint(ckpt)  # the same charset passes
