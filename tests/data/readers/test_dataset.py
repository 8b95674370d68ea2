"""conf/data/lines.yaml: any reader's lines as LineSample records (here a JSONL manifest)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hydra.utils import instantiate
from omegaconf import OmegaConf
from PIL import Image

from hwocr.core.charset import Charset
from hwocr.utils.files import CONFIG_DIR


def test_lines_config_reads_a_jsonl_manifest(tmp_path: Path):
    Image.fromarray(np.full((20, 100), 255, np.uint8)).save(tmp_path / "a.png")
    rows = [{"image": "a.png", "text": "アイ"}, {"image": "a.png", "text": "漢"}]
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    root = OmegaConf.create({"seed": 0, "data": OmegaConf.load(CONFIG_DIR / "data" / "lines.yaml")})
    root.data.train.source.path = str(tmp_path / "train.jsonl")
    charset = Charset(list("アイ"), unknown_policy="skip")
    data = instantiate(root.data.train)(charset=charset, height=32)
    assert len(data) == 1  # 漢 is outside the charset: skipped up front
    sample = data[0]
    assert sample["image"].shape == (32, 160) and sample["text"] == "アイ" and sample["id"].endswith("train.jsonl:1")
