import pickle

import numpy as np
import pytest

from hwocr.synth.fonts.discovery import FontFace
from hwocr.synth.render.fonts import FontRenderer


@pytest.fixture(scope="module")
def renderer(cjk_font: FontFace) -> FontRenderer:
    return FontRenderer(height=40, fonts=[str(cjk_font.path)], use_fc_list=False)


def test_same_seed_same_pixels(renderer: FontRenderer) -> None:
    a = renderer.render("東京都の山田です。", np.random.default_rng(5))
    np.testing.assert_array_equal(a, renderer.render("東京都の山田です。", np.random.default_rng(5)))
    b = renderer.render("東京都の山田です。", np.random.default_rng(6))
    assert a.shape != b.shape or not np.array_equal(a, b)


def test_output_is_a_white_paper_line_of_the_height(renderer: FontRenderer) -> None:
    image = renderer.render("令和5年4月1日", np.random.default_rng(0))
    assert image.dtype == np.uint8 and image.ndim == 2 and image.shape[0] == 40
    assert image[:, 0].min() == 255 and image[:, -1].min() == 255
    assert image[0].min() == 255 and image[-1].min() == 255  # ink stays off the top and bottom rows
    assert image.min() < 140
    assert renderer.last_vertical is False and renderer.last_font == renderer.faces[0].name


def test_width_grows_with_text_at_about_an_em_per_kanji(renderer: FontRenderer) -> None:
    widths = [
        np.mean([renderer.render("漢" * n, np.random.default_rng(s)).shape[1] for s in range(4)])
        for n in (2, 8)
    ]
    assert widths[0] < widths[1]
    assert 0.5 * 8 * 40 < widths[1] < 1.3 * 8 * 40


def test_blank_text_gives_blank_paper(renderer: FontRenderer) -> None:
    image = renderer.render("\u3000 ", np.random.default_rng(0))
    assert image.shape[0] == 40 and image.min() == 255


def test_text_no_font_covers_is_refused_not_drawn_as_tofu(renderer: FontRenderer) -> None:
    missing = "\U0010fffd"
    assert not renderer.supports(missing) and not renderer.covers(f"山{missing}")
    with pytest.raises(ValueError, match="no selected font draws"):
        renderer.render(f"山{missing}", np.random.default_rng(0))


def test_each_line_uses_only_fonts_that_cover_it(cjk_font: FontFace) -> None:
    two = FontRenderer(height=32, fonts=[str(cjk_font.path), str(cjk_font.path)], use_fc_list=False)
    two.faces.append(two.faces[0])  # the same file twice, standing in for a second font ...
    two.coverages.append(type(two.coverages[0])(cjk_font))
    two.coverages[1]._known["山"] = False  # ... that lacks 山
    assert two.fonts_for("山川") == [0] and two.fonts_for("川") == [0, 1]
    assert not two.supports("山") and two.supports("川") and two.covers("山川")
    for seed in range(6):
        two.render("山川", np.random.default_rng(seed))
        assert two.last_font == two.faces[0].name


def test_no_matching_font_raises_unless_allowed(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no font"):
        FontRenderer(fonts=["no-such-font"], font_dirs=[tmp_path], use_fc_list=False)
    empty = FontRenderer(fonts=["no-such-font"], font_dirs=[tmp_path], use_fc_list=False, allow_empty=True)
    assert not empty.supports("あ") and not empty.covers("あ") and empty.supports(" ")


def test_survives_pickling_for_dataloader_workers(renderer: FontRenderer) -> None:
    renderer.render("山", np.random.default_rng(0))
    renderer.render_line("「山」", np.random.default_rng(0), vertical=True)
    clone = pickle.loads(pickle.dumps(renderer))
    np.testing.assert_array_equal(
        clone.render("山田", np.random.default_rng(1)), renderer.render("山田", np.random.default_rng(1))
    )
    np.testing.assert_array_equal(
        clone.render_line("「ー」", np.random.default_rng(1), vertical=True).image,
        renderer.render_line("「ー」", np.random.default_rng(1), vertical=True).image,
    )


def _ink_center_row(image: np.ndarray) -> float:
    ink = 255.0 - image.astype(float)
    return float((ink.sum(axis=1) * np.arange(image.shape[0])).sum() / ink.sum())


STILL = {"char_offset": 0.0, "baseline_wander": (0, 0), "char_rotation_deg": 0.0, "slant": (0, 0)}


@pytest.mark.parametrize("use_fonttools", [True, False], ids=["font-forms", "geometry"])
@pytest.mark.parametrize("small", ["っ", "、"])
def test_vertical_lines_read_left_to_right_with_small_kana_upper_right(
    cjk_font: FontFace, use_fonttools: bool, small: str
) -> None:
    r = FontRenderer(
        height=48,
        fonts=[str(cjk_font.path)],
        use_fc_list=False,
        vertical_prob=1.0,
        use_fonttools=use_fonttools,
        **STILL,
    )
    line = r.render_line("東京都千代田区", np.random.default_rng(0))
    assert line.vertical and r.last_vertical and line.image.shape[0] == 48 and line.image.shape[1] > 4 * 48
    # Horizontal: っ and 、 sit low in their cell. Vertical: upper right of the column (the font's
    # own vertical form, or the geometric fallback), which the quarter turn to reading order
    # brings to the top of the line.
    low = _ink_center_row(r.render_line(small, np.random.default_rng(1), vertical=False).image)
    high = _ink_center_row(r.render_line(small, np.random.default_rng(1), vertical=True).image)
    assert high < 24 < low


def test_vertical_lines_use_the_fonts_own_vertical_forms(vertical_font: FontFace) -> None:
    path = str(vertical_font.path)
    own, geometric = (
        FontRenderer(height=48, fonts=[path], use_fc_list=False, use_fonttools=flag, **STILL)
        for flag in (True, False)
    )

    def both(text: str, vertical: bool) -> list[np.ndarray]:
        return [
            r.render_line(text, np.random.default_rng(3), vertical=vertical).image for r in (own, geometric)
        ]

    np.testing.assert_array_equal(*both("「ちょっと」ー、", vertical=False))  # horizontal: never
    drawn = both("「ちょっと」ー、", vertical=True)
    assert drawn[0].shape != drawn[1].shape or not np.array_equal(*drawn)
    np.testing.assert_array_equal(*both("東京都", vertical=True))  # no vertical forms: as before


def test_vertical_prob_sets_the_share_of_vertical_lines(cjk_font: FontFace) -> None:
    r = FontRenderer(height=24, fonts=[str(cjk_font.path)], use_fc_list=False, vertical_prob=0.5)
    flags = [r.render_line("山", np.random.default_rng(s)).vertical for s in range(40)]
    assert 8 < sum(flags) < 32
    assert flags == [r.render_line("山", np.random.default_rng(s)).vertical for s in range(40)]
    with pytest.raises(ValueError, match="vertical_prob"):
        FontRenderer(fonts=[str(cjk_font.path)], use_fc_list=False, vertical_prob=1.5)
