import pickle
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from hwocr.synth.fonts.discovery import FontFace
from hwocr.synth.fonts.vertical_forms import VerticalForms, read_vertical_substitutions
from hwocr.synth.render.fonts import FontRenderer

PX = 100


@pytest.fixture(scope="module")
def forms(vertical_font: FontFace) -> VerticalForms:
    return VerticalForms(vertical_font)


@pytest.fixture(scope="module")
def horizontal(vertical_font: FontFace) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(vertical_font.path), PX, index=vertical_font.index)


def _draw(font: ImageFont.FreeTypeFont, char: str) -> np.ndarray:
    """Ink mask of ``char`` with its baseline origin at (PX, 2 PX)."""
    image = Image.new("L", (3 * PX, 3 * PX))
    ImageDraw.Draw(image).text((PX, 2 * PX), char, font=font, fill=255, anchor="ls")
    return np.asarray(image) > 96


@pytest.fixture(scope="module")
def ink(horizontal):
    """(width, height, centre x, centre y) of a glyph's ink in em units; the centre is measured from
    the middle of the glyph's cell (the advance centre; the ink centre of 口, moved by the vertical
    cell's ``shift`` in proportional fonts), x to the right, y upwards."""
    middle = np.nonzero(_draw(horizontal, "口"))[0].mean()

    def measure(
        font: ImageFont.FreeTypeFont, char: str, shift: float = 0.0
    ) -> tuple[float, float, float, float]:
        ys, xs = np.nonzero(_draw(font, char))
        return (
            (xs.max() - xs.min()) / PX,
            (ys.max() - ys.min()) / PX,
            (xs.mean() - PX - font.getlength(char) / 2) / PX,
            (middle - ys.mean()) / PX - shift,
        )

    return measure


def test_reads_the_vert_substitutions_of_punctuation_and_small_kana(vertical_font: FontFace) -> None:
    from fontTools.ttLib import TTFont

    glyphs = read_vertical_substitutions(vertical_font)
    assert set("「」ーっ、。") <= set(glyphs) and not set("日あ") & set(glyphs)
    with TTFont(str(vertical_font.path), fontNumber=vertical_font.index, lazy=True) as font:
        cmap = font.getBestCmap()
    assert all(glyphs[c] != cmap[ord(c)] for c in "「ーっ")


def test_an_opening_bracket_is_turned_to_lie_across_the_column(forms, horizontal, ink) -> None:
    width, height, _, _ = ink(horizontal, "「")
    assert height > 1.2 * width  # 「 upright
    width, height, _, y = ink(forms.font(PX), "「", forms.cells["「"][0])
    assert width > 1.2 * height  # ﹁ across the column ...
    assert y < 0  # ... in the lower half of its cell, next to the text it opens


def test_the_long_vowel_mark_runs_down_the_column(forms, horizontal, ink) -> None:
    width, height, _, _ = ink(horizontal, "ー")
    assert width > 3 * height
    width, height, x, _ = ink(forms.font(PX), "ー")
    assert height > 3 * width and abs(x) < 0.15


def test_small_kana_and_commas_sit_upper_right(forms, horizontal, ink) -> None:
    assert ink(horizontal, "、")[3] < -0.15  # low when horizontal
    _, _, x, y = ink(forms.font(PX), "、", forms.cells["、"][0])
    assert x > 0.15 and y > 0.15
    # Small kana move right (how far up varies by font: their ink stays in the upper half).
    _, height, x, y = ink(forms.font(PX), "っ", forms.cells["っ"][0])
    assert x > 0.08 and x > ink(horizontal, "っ")[2] + 0.05 and y + height / 2 > 0


def test_without_fonttools_there_are_no_forms(vertical_font: FontFace) -> None:
    forms = VerticalForms(vertical_font, use_fonttools=False)
    assert not forms.cells and not forms.has("「")
    with pytest.raises(ValueError, match="no vertical forms"):
        forms.font(PX)


def test_forms_survive_pickling(forms) -> None:
    forms.font(40)
    clone = pickle.loads(pickle.dumps(forms))
    assert clone.cells == forms.cells and clone.has("ー")
    assert bytes(clone.font(40).getmask("ー")) == bytes(forms.font(40).getmask("ー"))


@pytest.fixture(scope="module")
def font_without_vert(vertical_font: FontFace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test font cut down to a few characters and stripped of its GSUB table."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.drop_tables += ["GSUB"]
    options.notdef_outline = True
    path = tmp_path_factory.mktemp("fonts") / "novert.ttf"
    with TTFont(str(vertical_font.path), fontNumber=vertical_font.index) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="あア日本口「」ーっ、")
        subsetter.subset(font)
        font.save(str(path))
    return path


def test_a_font_without_vert_is_drawn_by_geometry(font_without_vert: Path) -> None:
    assert VerticalForms(FontFace(font_without_vert)).cells == {}
    r = FontRenderer(height=40, fonts=[str(font_without_vert)], use_fc_list=False, vertical_prob=1.0)
    line = r.render_line("「日本」ーっ、", np.random.default_rng(0))
    assert line.vertical and line.image.shape[0] == 40 and line.image.min() < 140


def test_a_proportional_cell_is_shorter_and_its_middle_moves_up(vertical_font: FontFace) -> None:
    from fontTools.ttLib import TTFont

    from hwocr.synth.fonts.vertical_forms import _vertical_cells

    name = read_vertical_substitutions(vertical_font)["「"]
    with TTFont(str(vertical_font.path), fontNumber=vertical_font.index) as font:
        em = font["head"].unitsPerEm
        shift, advance = _vertical_cells(font, {"「": name})["「"]
        assert advance == pytest.approx(1.0, abs=0.02)
        height, top_bearing = font["vmtx"][name]
        font["vmtx"][name] = (height // 2, top_bearing)  # half as tall, from the same origin
        half_shift, half_advance = _vertical_cells(font, {"「": name})["「"]
    assert half_advance == pytest.approx(height // 2 / em)
    assert half_shift == pytest.approx(shift + (height - height // 2) / 2 / em)
