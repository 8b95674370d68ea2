import numpy as np
import pytest

from hwocr.synth.render.handwriting import HandwritingRenderer


def _steady(**kw) -> HandwritingRenderer:
    """A writer without random wobble, so geometry can be checked exactly."""
    still = {"jitter": (0, 0), "stroke_affine": (0, 0), "char_rotation": (0, 0), "baseline_wander": (0, 0)}
    return HandwritingRenderer(height=48, slant=(0, 0), **still, **kw)


@pytest.mark.parametrize("preset", ["default", "neat", "hurried"])
def test_same_seed_same_pixels_per_preset(preset: str) -> None:
    r = HandwritingRenderer(height=48, preset=preset, vertical_prob=0.5)
    a = r.render("東京都の山田です。", np.random.default_rng(11))
    b = r.render("東京都の山田です。", np.random.default_rng(11))
    np.testing.assert_array_equal(a, b)
    c = r.render("東京都の山田です。", np.random.default_rng(12))
    assert a.shape != c.shape or not np.array_equal(a, c)


def test_output_format_and_white_margins() -> None:
    image = HandwritingRenderer(height=40).render("字を書く", np.random.default_rng(0))
    assert image.dtype == np.uint8 and image.shape[0] == 40
    assert image[:, 0].min() == 255 and image[:, -1].min() == 255
    assert image.min() < 140


def test_vertical_lines_are_rotated_to_reading_order_and_recorded() -> None:
    r = HandwritingRenderer(height=48, vertical_prob=1.0)
    image = r.render("縦書きの行です", np.random.default_rng(3))
    assert r.last_vertical is True
    assert image.shape[0] == 48 and image.shape[1] > 3 * 48  # length runs along x after rotation
    upright = HandwritingRenderer(height=48, rotate_vertical=False).render_line(
        "縦書き", np.random.default_rng(3), True
    )
    assert upright.vertical and upright.image.shape[1] == 48 and upright.image.shape[0] > 48


def test_vertical_prob_controls_share_of_vertical_lines() -> None:
    r = HandwritingRenderer(height=32, vertical_prob=0.3)
    rng = np.random.default_rng(0)
    share = np.mean([r.render_line("山川", rng).vertical for _ in range(200)])
    assert 0.2 < share < 0.4


def test_cursive_writers_add_connectors() -> None:
    # Same seed, same layout: joined strokes can only add ink.
    text = "三言語"
    joined = _steady(cursiveness=(1, 1)).render(text, np.random.default_rng(5))
    apart = _steady(cursiveness=(0, 0)).render(text, np.random.default_rng(5))
    assert joined.shape == apart.shape
    assert (joined < 128).sum() > (apart < 128).sum()


def test_lifted_strokes_end_thinner_than_stopped_ones() -> None:
    # ノ is one sweep; with full taper its last part is lighter than its middle.
    r = _steady(taper=(1, 1), stroke_width=(3, 3), speed=(0, 0), blur=(0, 0), ink=(0, 0))
    image = r.render_line("ノ", np.random.default_rng(0), vertical=False).image.astype(float)
    ink = 255 - image
    cols = ink.sum(axis=0)
    nonzero = np.flatnonzero(cols > 0)
    left_end = cols[nonzero[0] : nonzero[0] + 3].mean()  # ノ ends at the lower left
    middle = cols[nonzero[len(nonzero) // 2 - 1 : len(nonzero) // 2 + 2]].mean()
    assert left_end < middle


def test_ranges_and_presets_are_validated() -> None:
    with pytest.raises(ValueError, match="preset"):
        HandwritingRenderer(preset="calligrapher")
    with pytest.raises(ValueError, match="unknown writer ranges"):
        HandwritingRenderer(wobble=(0, 1))
    with pytest.raises(ValueError, match="min > max"):
        HandwritingRenderer(slant=(0.5, 0.0))
    with pytest.raises(ValueError, match="\U0001f600"):
        HandwritingRenderer().render("a\U0001f600", np.random.default_rng(0))
