"""Lines for hwocr-eval drawn from a training config: a mix keeps each line's source."""

from __future__ import annotations

from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from hwocr.core.charset import Charset
from hwocr.data.eval_lines import LineSet, lines_from_data_config
from hwocr.utils.files import CONFIG_DIR


def _mix_config() -> dict:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("train", overrides=["data=mix", "data.height=32", "data.val.sources.handwriting.size=3",
                                          "data.val.sources.kanjivg.size=2"])
    return {"data": OmegaConf.to_container(cfg.data, resolve=True)}  # as a model file stores it


def test_a_mixed_validation_split_names_each_lines_source() -> None:
    lines = lines_from_data_config(_mix_config(), Charset(list("あいうえおかきくけこ")), "val")
    assert len(lines) == 5 and lines.sources == ["handwriting"] * 3 + ["kanjivg"] * 2
    assert all(image.shape[0] == 32 for image in lines.images)
    head = lines.head(4)
    assert head.sources == lines.sources[:4] and head.texts == lines.texts[:4]


def test_lines_of_one_source_carry_none() -> None:
    assert LineSet(["a.png"], ["あ"], "m.tsv").head(1).sources is None
