"""Rebuild a trained system from its checkpoint file alone."""

from __future__ import annotations

from pathlib import Path

import hydra
import torch
from omegaconf import OmegaConf

from hwocr.core.charset import Charset
from hwocr.systems.base import RecognitionSystem


def charset_from_checkpoint(meta: dict) -> Charset:
    cs = meta["charset"]
    return Charset(
        cs["chars"], normalize=cs["normalize"], unknown_policy=cs["unknown_policy"],
        unknown_token=cs["unknown_token"], name=cs["name"],
    )


def load_system(checkpoint: str | Path, map_location: str = "cpu") -> RecognitionSystem:
    """The Lightning system saved in ``checkpoint``, in eval mode, built from its stored config."""
    path = Path(checkpoint)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: checkpoint not found")
    ckpt = torch.load(path, map_location=map_location, weights_only=False)
    meta = ckpt.get("hwocr")
    if not meta or not meta.get("config"):
        raise ValueError(f"{path}: not an hwocr checkpoint (no 'hwocr' config stored in it)")
    cfg = OmegaConf.create(meta["config"])
    charset = charset_from_checkpoint(meta)
    system: RecognitionSystem = hydra.utils.instantiate(cfg.model, charset=charset)
    system.load_state_dict(ckpt["state_dict"])
    system.hwocr_config = meta["config"]
    system.checkpoint_metrics = {
        k: float(v) for k, v in ckpt.get("hwocr_metrics", {}).items()
    }
    return system.eval()
