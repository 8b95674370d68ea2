import numpy as np

from hwocr.synth.page.capture import Capture


def _line() -> np.ndarray:
    image = np.full((32, 80), 255, np.uint8)
    image[10:22, 10:70:6] = 60
    image[14:18, 10:70] = 120
    return image


def test_each_effect_keeps_the_size_and_changes_the_image() -> None:
    image = _line()
    for effect in ({"low_res": 1.0}, {"binarize": 1.0}, {"jpeg": 1.0}):
        out = Capture(**effect).apply(image, np.random.default_rng(0))
        assert out.shape == image.shape and out.dtype == np.uint8
        assert not np.array_equal(out, image) and out.min() < 128


def test_binarized_lines_are_one_bit_and_keep_the_ink() -> None:
    out = Capture(binarize=1.0).apply(_line(), np.random.default_rng(0))
    assert set(np.unique(out)) == {0, 255} and (out == 0).sum() > 50


def test_off_is_the_same_image_and_seeds_repeat() -> None:
    image = _line()
    assert Capture().apply(image, np.random.default_rng(0)) is image
    on = Capture(low_res=0.5, binarize=0.5, jpeg=0.5)
    for seed in range(3):
        np.testing.assert_array_equal(
            on.apply(image, np.random.default_rng(seed)), on.apply(image, np.random.default_rng(seed))
        )
