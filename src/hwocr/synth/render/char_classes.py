"""Which kind of character a code point is, as far as handwriting layout cares.

Layout needs to know that kana are written smaller than kanji, that small kana (ゃ, ッ ...) and
punctuation keep the position KanjiVG gives them in the box, which marks rotate in vertical
writing, and which characters are blank.
"""

from __future__ import annotations

import enum

SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
BLANKS = frozenset(" \u3000")
PUNCTUATION = frozenset("、。，．,.・:;!?！？…‥「」『』()（）〔〕[]【】-－‐‑−~〜～/／")
# Marks that are written turned by 90 degrees in vertical (tategaki) lines.
ROTATE_IN_VERTICAL = frozenset("ー-－‐‑−~〜～…‥「」『』()（）〔〕[]【】=＝")
# Marks that sit in the upper right of the cell in vertical lines (they sit lower left when horizontal).
SHIFT_IN_VERTICAL = frozenset("、。，．,.") | SMALL_KANA


class CharClass(enum.Enum):
    BLANK = "blank"
    KANJI = "kanji"
    KANA = "kana"
    SMALL_KANA = "small_kana"
    LATIN = "latin"
    DIGIT = "digit"
    PUNCTUATION = "punctuation"
    SYMBOL = "symbol"


def _is_kanji(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or code in (0x3005, 0x3006, 0x3007)  # 々 〆 〇 are written like kanji
    )


def char_class(char: str) -> CharClass:
    """Classify one character for layout purposes."""
    if char in BLANKS:
        return CharClass.BLANK
    if char in SMALL_KANA:
        return CharClass.SMALL_KANA
    if char in PUNCTUATION:
        return CharClass.PUNCTUATION
    code = ord(char)
    if _is_kanji(code):
        return CharClass.KANJI
    if 0x3041 <= code <= 0x30FF:  # hiragana and katakana blocks, incl. ー ゝ ヽ
        return CharClass.KANA
    if char.isdigit():
        return CharClass.DIGIT
    if char.isascii() and char.isalpha() or 0xFF21 <= code <= 0xFF5A:
        return CharClass.LATIN
    return CharClass.SYMBOL
