import cv2
import numpy as np
import pytest

from hwocr.synth.render.handwriting import HandwritingRenderer
from hwocr.synth.style.ink import ink_density_profile


@pytest.mark.parametrize("fade", [0.0, 0.3, 0.9])
def test_profile_stays_in_range_and_is_smooth(fade: float) -> None:
    profile = ink_density_profile(500, fade, 80.0, np.random.default_rng(0))
    assert profile.shape == (500,) and profile.dtype == np.float32
    assert profile.min() >= 1.0 - fade - 1e-6 and profile.max() <= 1.0 + 1e-6
    assert np.abs(np.diff(profile)).max() <= 3 * fade / 80.0 + 1e-6  # no jumps between neighbours


def test_profile_is_deterministic_and_fade_does_not_shift_later_draws() -> None:
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    np.testing.assert_array_equal(
        ink_density_profile(100, 0.4, 30.0, a), ink_density_profile(100, 0.4, 30.0, b)
    )
    c, d = np.random.default_rng(3), np.random.default_rng(3)
    ink_density_profile(100, 0.0, 30.0, c), ink_density_profile(100, 0.7, 30.0, d)
    assert c.random() == d.random()
    assert ink_density_profile(0, 0.5, 10.0, a).shape == (0,)


def test_faded_lines_have_uneven_ink() -> None:
    def darkest_per_char(fade: float) -> np.ndarray:
        r = HandwritingRenderer(height=32, ink=(0, 0), blur=(0, 0), ink_fade=(fade, fade), spacing=(0.4, 0.4))
        image = r.render("一" * 12, np.random.default_rng(1))
        count, labels = cv2.connectedComponents((image < 230).astype(np.uint8))
        return np.array([image[labels == i].min() for i in range(1, count)])

    assert np.ptp(darkest_per_char(0.0)) < np.ptp(darkest_per_char(0.8))
