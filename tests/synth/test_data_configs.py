"""The synthetic data configs compose with the real training config and yield line samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate
from omegaconf import OmegaConf

from hwocr.cli.resolvers import register_resolvers
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.store.build import LineFactory, build_store
from hwocr.synth.text.charset_sampler import CharsetTextSampler
from hwocr.utils.files import CONFIG_DIR


def _datamodule(*overrides: str):
    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("train", overrides=["data.height=32", "data.num_workers=0", *overrides])
    charset = instantiate(cfg.charset)
    return instantiate(cfg.data, charset=charset), charset


@pytest.mark.parametrize("data", ["synthetic_rich", "synthetic_fonts", "synthetic_real"])
def test_live_synthetic_configs_render_samples(data: str) -> None:
    dm, charset = _datamodule(f"data={data}", "data.train.size=4", "data.val.size=2")
    for split in ("train", "val"):
        sample = dm.dataset(split)[1]
        assert sample["image"].shape[0] == 32 and sample["text"]
        assert charset.decode(sample["labels"]) == charset.normalize_text(sample["text"])


def test_store_config_reads_a_built_store(tmp_path: Path) -> None:
    factory = LineFactory(KanjiVGRenderer(height=32), CharsetTextSampler(list("あいう山川"), 2, 4), seed=0)
    build_store(tmp_path, factory, 5, shard_size=5, progress=False)
    dm, _ = _datamodule("data=synth_store", f"data.train.root={tmp_path}", f"data.val.root={tmp_path}")
    assert len(dm.dataset("train")) == 5 and dm.dataset("val")[4]["text"] == factory.line(4).text


def test_synthetic_real_uses_the_handwriting_real_knobs() -> None:
    """conf/data/synthetic_real.yaml copies the knobs of renderer=handwriting_real: they stay in step."""
    renderer = OmegaConf.to_container(OmegaConf.load(CONFIG_DIR / "renderer" / "handwriting_real.yaml"))
    data = OmegaConf.to_container(OmegaConf.load(CONFIG_DIR / "data" / "synthetic_real.yaml"))
    groups = [k for k, v in renderer.items() if isinstance(v, dict)]
    assert len(groups) == 7
    for group in groups:
        assert data["train"]["renderer"][group] == renderer[group], group
