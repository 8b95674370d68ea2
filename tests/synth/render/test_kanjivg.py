import numpy as np
import pytest

from hwocr.synth.render.kanjivg import KanjiVGRenderer


@pytest.fixture(scope="module")
def renderer() -> KanjiVGRenderer:
    return KanjiVGRenderer(height=48)


def _render(renderer: KanjiVGRenderer, text: str, seed: int) -> np.ndarray:
    return renderer.render(text, np.random.default_rng(seed))


def test_same_seed_same_pixels(renderer: KanjiVGRenderer) -> None:
    np.testing.assert_array_equal(_render(renderer, "山田太郎です", 7), _render(renderer, "山田太郎です", 7))


def test_different_seed_different_pixels(renderer: KanjiVGRenderer) -> None:
    a, b = _render(renderer, "山田太郎です", 1), _render(renderer, "山田太郎です", 2)
    assert a.shape != b.shape or not np.array_equal(a, b)


def test_output_is_gray_uint8_with_white_paper(renderer: KanjiVGRenderer) -> None:
    image = _render(renderer, "東京", 0)
    assert image.dtype == np.uint8 and image.ndim == 2 and image.shape[0] == 48
    assert image[:, 0].min() == 255 and image[:, -1].min() == 255  # margins are blank paper
    assert image.min() < 120  # dark ink


def test_width_grows_with_text(renderer: KanjiVGRenderer) -> None:
    widths = [np.mean([_render(renderer, "漢" * n, s).shape[1] for s in range(4)]) for n in (2, 6, 12)]
    assert widths[0] < widths[1] < widths[2]
    assert 0.6 * 12 * 48 < widths[2] < 1.4 * 12 * 48  # about a line height per kanji


def test_narrow_chars_take_less_room(renderer: KanjiVGRenderer) -> None:
    kanji = np.mean([_render(renderer, "漢漢漢漢漢漢", s).shape[1] for s in range(4)])
    digits = np.mean([_render(renderer, "111111", s).shape[1] for s in range(4)])
    assert digits < 0.8 * kanji


@pytest.mark.parametrize("text", ["あいう", "アイウ", "漢字", "0123", "「、。」", "〒¥-"])
def test_every_script_draws_ink(renderer: KanjiVGRenderer, text: str) -> None:
    image = _render(renderer, text, 3)
    assert (image < 128).sum() > 20


def test_blanks_render_as_gaps(renderer: KanjiVGRenderer) -> None:
    assert renderer.supports(" ") and renderer.supports("\u3000")
    blank = _render(renderer, "\u3000", 0)
    assert blank.shape[0] == 48 and blank.min() == 255
    spaced = np.mean([_render(renderer, "山 山", s).shape[1] for s in range(4)])
    tight = np.mean([_render(renderer, "山山", s).shape[1] for s in range(4)])
    assert spaced > tight


def test_unsupported_chars_are_named(renderer: KanjiVGRenderer) -> None:
    assert not renderer.supports("\U0001f600")
    with pytest.raises(ValueError, match="\U0001f600"):
        _render(renderer, "山\U0001f600", 0)


def test_style_ranges_are_validated() -> None:
    with pytest.raises(ValueError, match="slant"):
        KanjiVGRenderer(slant=(0.3, 0.1))
    fixed = KanjiVGRenderer(
        height=32, stroke_width=[2, 2], blur=(0, 0)
    )  # lists work (Hydra passes ListConfig)
    assert fixed.render("字", np.random.default_rng(0)).shape[0] == 32
