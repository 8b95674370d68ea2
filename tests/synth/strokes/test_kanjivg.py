import numpy as np
import pytest

from hwocr.synth.strokes.kanjivg import (
    KANJIVG_BOX,
    available_chars,
    kanjivg_chars,
    load_stroke_types,
    load_strokes,
)


def test_ku_is_one_stroke_inside_the_box() -> None:
    strokes = load_strokes("く")
    assert len(strokes) == 1
    line = strokes[0]
    assert line.dtype == np.float32 and line.ndim == 2 and line.shape[1] == 2
    assert (line >= 0).all() and (line <= KANJIVG_BOX).all()
    np.testing.assert_allclose(line[0], [60.66, 15.0], atol=1e-3)  # first point of the KanjiVG path


def test_strokes_come_in_stroke_order_and_count() -> None:
    assert len(load_strokes("東")) == 8
    first = load_strokes("十")[0]  # 一 of 十 is written left to right first
    assert abs(first[-1, 1] - first[0, 1]) < 5 and first[-1, 0] > first[0, 0]


def test_cache_hands_out_read_only_arrays() -> None:
    line = load_strokes("あ")[0]
    assert load_strokes("あ")[0] is line
    with pytest.raises(ValueError):
        line[0, 0] = 0.0


def test_character_sets() -> None:
    chars = available_chars()
    assert {"あ", "ア", "漢", "0", "A", "、", "。", "ー"} <= chars
    assert {"「", "」", "〒", "¥", "-", "〇", "０", "Ａ"} <= chars  # hand-made glyphs and full-width twins
    assert len(kanjivg_chars()) > 6000
    assert not any(c == "" or len(c) != 1 for c in chars)


def test_fullwidth_digit_is_drawn_like_ascii() -> None:
    assert load_strokes("０") == load_strokes("0")


def test_absent_char_names_itself() -> None:
    with pytest.raises(KeyError, match="U\\+1F600"):
        load_strokes("\U0001f600")
    with pytest.raises(ValueError):
        load_strokes("ab")


def test_stroke_types_align_with_strokes() -> None:
    types = load_stroke_types("木")
    assert len(types) == len(load_strokes("木"))
    assert types[2] == "㇒" and types[3].startswith("㇏")  # the two sweeps of 木
    assert set(load_stroke_types("あ")) == {""}


def test_stroke_components_follow_kanjivg_groups() -> None:
    from hwocr.synth.strokes.kanjivg import load_stroke_components

    parts = load_stroke_components("語")  # 言 (7 strokes) beside 吾 (7 strokes)
    assert parts == [0] * 7 + [1] * 7
    assert set(load_stroke_components("あ")) == {0}
