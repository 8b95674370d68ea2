"""Each hwocr line transform: changes pixels, keeps dtype and height, keeps the ink in the image."""

from __future__ import annotations

import albumentations as A
import numpy as np
import pytest

from hwocr.augment.base import INK_THRESHOLD, LineTransform
from hwocr.augment.forms import FormArtefacts
from hwocr.augment.ink import InkBleed, InkFade
from hwocr.augment.paper import PaperTexture
from hwocr.augment.scanner import AdaptiveBinarize, LowResolution, Skew
from hwocr.augment.seal import GREY_CONVERSIONS, RedSeal
from hwocr.augment.slant import Slant
from hwocr.augment.stroke_width import StrokeWidth
from tests.augment.checks import border_ink

# Transforms that move or reshape the ink: nothing may be pushed across the image border.
GEOMETRIC = [
    Slant(shear_range=(-0.4, 0.4), p=1),
    Skew(angle_range=(-4, 4), p=1),
    StrokeWidth(width_range=(-2, 2.5), p=1),
    LowResolution(scale_range=(0.3, 0.6), p=1),
]
# Transforms that print something over the line or change the paper: the handwriting stays.
OVERLAYS = [
    FormArtefacts(p=1),
    RedSeal(p=1),
    PaperTexture(tone_range=(0.1, 0.2), speck_range=(1, 2), p=1),
    InkBleed(p=1),
]
INK = [InkFade(fade_range=(0.4, 0.7), p=1), AdaptiveBinarize(amount_range=(1, 1), p=1)]
ALL = GEOMETRIC + OVERLAYS + INK


def draws(transform: LineTransform, image: np.ndarray, n: int = 6, seed: int = 0) -> list[np.ndarray]:
    compose = A.Compose([transform], seed=seed)
    return [compose(image=image)["image"] for _ in range(n)]


@pytest.mark.parametrize("transform", ALL, ids=lambda t: type(t).__name__)
def test_changes_pixels_and_keeps_dtype_height_width(transform: LineTransform, lines, line32) -> None:
    for image in (*lines, line32):
        outs = draws(transform, image)
        for out in outs:
            assert out.dtype == np.uint8 and out.ndim == 2
            assert out.shape[0] == image.shape[0]
            assert image.shape[1] <= out.shape[1] <= 1.5 * image.shape[1]
        assert any(out.shape != image.shape or not np.array_equal(out, image) for out in outs)
        # Independent draws differ: the transform is random, not a fixed filter.
        assert len({out.tobytes() for out in outs}) > 1 or isinstance(transform, AdaptiveBinarize)


@pytest.mark.parametrize("transform", GEOMETRIC, ids=lambda t: type(t).__name__)
def test_geometry_never_cuts_ink_at_the_border(transform: LineTransform, lines, line32) -> None:
    for image in (*lines, line32):
        image = np.pad(image, 3, constant_values=255)  # a margin, so that any cut shows at the border
        for out in draws(transform, image, n=10):
            assert border_ink(out) == 0
            ink_in, ink_out = (image < INK_THRESHOLD).sum(), (out < INK_THRESHOLD).sum()
            assert 0.4 * ink_in < ink_out < 3 * ink_in


@pytest.mark.parametrize("transform", OVERLAYS, ids=lambda t: type(t).__name__)
def test_overlays_never_lighten_the_handwriting(transform: LineTransform, lines) -> None:
    for image in lines:
        ink = image < INK_THRESHOLD
        for out in draws(transform, image):
            assert out.shape == image.shape
            # Printed marks, seals and paper multiply; bleed takes the darker: ink only darkens.
            assert (out[ink].astype(int) <= image[ink].astype(int) + 1).all()


@pytest.mark.parametrize("transform", INK, ids=lambda t: type(t).__name__)
def test_ink_changes_keep_text_darker_than_paper(transform: LineTransform, lines) -> None:
    for image in lines:
        ink, paper = image < 100, image > 250
        for out in draws(transform, image):
            assert out[ink].mean() + 60 < out[paper].mean()
            assert (out[paper] >= 200).mean() > 0.95


def test_slant_keeps_height_and_widens_by_the_shear(lines) -> None:
    image = lines[0]
    out = Slant(shear_range=(0.5, 0.5), p=1)(image=image)["image"]
    assert out.shape == (64, image.shape[1] + 32)
    # The top of the ink moved right relative to its bottom.
    rows = np.argwhere(out < INK_THRESHOLD)
    top, bottom = rows[rows[:, 0] < 20, 1].mean(), rows[rows[:, 0] > 44, 1].mean()
    rows0 = np.argwhere(image < INK_THRESHOLD)
    assert top - bottom > rows0[rows0[:, 0] < 20, 1].mean() - rows0[rows0[:, 0] > 44, 1].mean() + 10


def test_stroke_width_thickens_and_thins(lines) -> None:
    image = lines[0]
    ink = (image < INK_THRESHOLD).sum()
    thick = StrokeWidth(width_range=(2, 2), p=1)(image=image)["image"]
    thin = StrokeWidth(width_range=(-1, -1), p=1)(image=image)["image"]
    assert (thick < INK_THRESHOLD).sum() > 1.3 * ink
    assert 0.5 * ink <= (thin < INK_THRESHOLD).sum() < ink


def test_skew_reduces_the_angle_until_the_ink_fits() -> None:
    # A line whose ink fills the height: only a tiny angle fits.
    assert abs(Skew.fitting_angle(3.0, (2, 61, 5, 594), (64, 600))) < 0.5
    # A short word with room above and below keeps the whole angle.
    assert Skew.fitting_angle(3.0, (20, 43, 10, 60), (64, 600)) == 3.0


def test_red_seal_grey_depends_on_the_conversion(lines) -> None:
    image = np.full((64, 300), 255, np.uint8)
    darkness = {}
    for name in GREY_CONVERSIONS:
        out = A.Compose([RedSeal(opacity_range=(1, 1), conversions=(name,), p=1)], seed=3)(image=image)["image"]
        darkness[name] = 255 - out.min()
    # A scanner's red drop-out nearly removes a red seal; the green channel shows it darkest.
    assert darkness["red_dropout"] < 70 < darkness["luminance"] < darkness["green"]


def test_zero_magnitudes_are_identity(lines) -> None:
    image = lines[1]
    for transform in (Slant(shear_range=(0, 0), p=1), StrokeWidth(width_range=(0, 0), p=1),
                      InkFade(fade_range=(0, 0), p=1), InkBleed(bleed_range=(0, 0), p=1),
                      FormArtefacts(darkness_range=(0, 0), p=1), RedSeal(opacity_range=(0, 0), p=1),
                      PaperTexture(tone_range=(0, 0), grain_range=(0, 0), speck_range=(0, 0), p=1),
                      LowResolution(scale_range=(1, 1), p=1), AdaptiveBinarize(amount_range=(0, 0), p=1),
                      Skew(angle_range=(0, 0), p=1)):  # fmt: skip
        assert np.array_equal(transform(image=image)["image"], image), type(transform).__name__


def test_bad_arguments_name_themselves() -> None:
    with pytest.raises(ValueError, match="shear_range"):
        Slant(shear_range=(0.3, -0.3))
    with pytest.raises(ValueError, match="kernel_shapes"):
        StrokeWidth(kernel_shapes=("star",))
    with pytest.raises(ValueError, match="conversions"):
        RedSeal(conversions=("sepia",))
    with pytest.raises(ValueError, match="ruled_line_p"):
        FormArtefacts(ruled_line_p=1.5)
    with pytest.raises(TypeError):
        InkFade(fade_limit=(0, 1))  # an argument name the class does not have is never ignored
    with pytest.raises(ValueError, match="uint8 \\(H, W\\)"):
        A.Compose([Slant(p=1)])(image=np.zeros((8, 8, 3), np.uint8))
