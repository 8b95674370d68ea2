"""Every conf/augment/*.yaml, composed with the real training config: builds, keeps lines sane, obeys strength."""

from __future__ import annotations

import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from hydra.errors import InstantiationException
from hydra.utils import instantiate

from hwocr.augment.configs import load_pipeline, pipeline_names
from hwocr.augment.pipeline import AugmentPipeline
from hwocr.cli.resolvers import register_resolvers
from hwocr.utils.files import CONFIG_DIR
from tests.augment.checks import mean_change

PIPELINES = pipeline_names()
AUGMENTING = [name for name in PIPELINES if name != "none"]


def test_the_issue_pipelines_exist() -> None:
    assert {"none", "light", "medium", "heavy", "handwriting", "forms", "scan"} <= set(PIPELINES)


@pytest.mark.parametrize("name", PIPELINES)
def test_composes_in_the_training_config_and_keeps_lines_sane(name: str, lines) -> None:
    register_resolvers()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("train", overrides=[f"augment={name}", "augment.strength=1.5"] if name != "none" else ["augment=none"])
    # As hwocr.pipeline.training.build does it.
    transform = instantiate(cfg.augment) if cfg.get("augment") else None
    if name == "none":
        assert transform is None
        return
    assert isinstance(transform, AugmentPipeline) and transform.strength == 1.5
    for image in lines:
        for _ in range(8):
            out = transform(image=image)["image"]
            assert out.dtype == np.uint8 and out.ndim == 2 and out.shape[0] == image.shape[0]
            assert 0.9 * image.shape[1] <= out.shape[1] <= 1.4 * image.shape[1]
            assert out.flags.c_contiguous or np.ascontiguousarray(out).shape == out.shape


@pytest.mark.parametrize("name", AUGMENTING)
def test_strength_zero_is_near_identity_and_more_strength_changes_more(name: str, lines) -> None:
    change = {}
    for strength in (0.0, 0.5, 1.0, 2.0):
        transform = load_pipeline(name, strength=strength).copy_with_seed(11)
        change[strength] = np.mean([mean_change(image, transform(image=image)["image"])
                                    for _ in range(10) for image in lines])  # fmt: skip
    assert change[0.0] < 1.5, change  # only a 3 px motion blur has no zero setting (heavy)
    assert change[0.0] < change[0.5] < change[1.0] < change[2.0], change


@pytest.mark.parametrize("name", AUGMENTING)
def test_same_seed_same_pixels_other_seed_other_pixels(name: str, lines) -> None:
    def run(seed: int) -> list[bytes]:
        transform = load_pipeline(name).copy_with_seed(seed)
        return [transform(image=image)["image"].tobytes() for _ in range(4) for image in lines]

    assert run(5) == run(5)
    assert run(5) != run(6)


def test_a_pipeline_seed_in_the_config_fixes_the_stream(lines) -> None:
    a, b = (load_pipeline("medium", overrides=["augment.seed=3"]) for _ in range(2))
    assert all(np.array_equal(a(image=x)["image"], b(image=x)["image"]) for x in lines * 3)


def test_strength_must_be_non_negative() -> None:
    with pytest.raises(InstantiationException, match="strength"):
        load_pipeline("light", strength=-1)


def test_an_unknown_or_one_x_argument_is_an_error_naming_it() -> None:
    # albumentations 1.x called GaussNoise's std range var_limit: never silently ignored here.
    with pytest.raises(InstantiationException, match=r"augment.transforms\[5\] \(albumentations.GaussNoise\).*var_limit"):
        load_pipeline("light", overrides=["+augment.transforms.5.var_limit=[10,50]"])
    with pytest.raises(ValueError, match="no such config"):
        load_pipeline("medum")
