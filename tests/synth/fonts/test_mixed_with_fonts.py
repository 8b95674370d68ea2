import numpy as np

from hwocr.synth.fonts.discovery import FontFace
from hwocr.synth.render.fonts import FontRenderer
from hwocr.synth.render.kanjivg import KanjiVGRenderer
from hwocr.synth.render.mixed import MixedRenderer


def test_lines_a_font_lacks_are_drawn_with_strokes(cjk_font: FontFace) -> None:
    fonts = FontRenderer(height=32, fonts=[str(cjk_font.path)], use_fc_list=False)
    fonts.coverages[0]._known["川"] = False  # pretend the font lacks 川
    mixed = MixedRenderer(
        {"strokes": KanjiVGRenderer(height=32), "fonts": fonts}, {"strokes": 0.0, "fonts": 1.0}
    )
    line = mixed.render_line("山田", np.random.default_rng(0))
    assert mixed.last_renderer == "fonts" and line.image.shape[0] == 32
    mixed.render("山川", np.random.default_rng(0))
    assert mixed.last_renderer == "strokes"
    assert mixed.supports("川")
