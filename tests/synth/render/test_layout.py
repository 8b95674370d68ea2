import numpy as np

from hwocr.synth.render.layout import layout_line
from hwocr.synth.style.writer import WriterRanges

_FIXED = WriterRanges(
    size=(0.8, 0.8), aspect=(1, 1), char_scale_spread=(0, 0), char_rotation=(0, 0), spacing=(0.1, 0.1)
)


def _layout(text: str, vertical: bool):
    rng = np.random.default_rng(0)
    return layout_line(text, _FIXED.sample(rng), 64, vertical, rng)


def test_horizontal_kanji_advance_more_than_kana_and_marks() -> None:
    kanji, kanji_len = _layout("漢漢漢漢", vertical=False)
    _, kana_len = _layout("ののののの"[:4], vertical=False)
    _, mark_len = _layout("、、、、", vertical=False)
    assert all(p.position[0] > q.position[0] for p, q in zip(kanji[1:], kanji, strict=False))
    assert mark_len < kana_len < kanji_len


def test_horizontal_small_kana_sit_low_as_in_the_box() -> None:
    (big, small), _ = _layout("つっ", vertical=False)
    # Both anchors are the box centre across the line, so KanjiVG's low placement of っ survives.
    assert big.anchor[1] == small.anchor[1] and small.glyph.y_min > big.glyph.y_min


def test_vertical_positions_run_down_the_column() -> None:
    placed, length = _layout("山川木", vertical=True)
    ys = [p.position[1] for p in placed]
    assert ys == sorted(ys) and length > ys[-1]
    assert all(abs(p.position[0]) < 10 for p in placed)


def test_vertical_marks_rotate_and_move_upper_right() -> None:
    placed, _ = _layout("あーっ。", vertical=True)
    kana, bar, small, stop = placed
    assert bar.turn and not kana.turn and not small.turn
    assert small.box_offset[0] > 0  # small kana shift right in their cell
    assert stop.box_offset[0] > 0 and stop.box_offset[1] < 0  # 。 goes from lower left to upper right
    (h_stop,), _ = _layout("。", vertical=False)
    assert h_stop.box_offset == (0.0, 0.0)
