"""Script classes of Japanese text and CER per script."""

from __future__ import annotations

import pytest

from hwocr.metrics.cer import cer
from hwocr.metrics.scripts import ScriptCER, script_of


@pytest.mark.parametrize("char, script", [
    ("あ", "hiragana"), ("ゞ", "hiragana"), ("ア", "katakana"), ("ー", "katakana"), ("ｱ", "katakana"),
    ("漢", "kanji"), ("々", "kanji"), ("〇", "kanji"), ("3", "digits"), ("３", "digits"), ("A", "latin"),
    ("ｚ", "latin"), ("、", "punct"), ("・", "punct"), ("「", "punct"), (" ", "punct"), ("!", "punct"),
    ("α", "other"),
])
def test_script_of(char: str, script: str):
    assert script_of(char) == script


def test_script_cer_attributes_edits_and_adds_up_to_the_overall_cer():
    refs = ["あいう漢字", "カタカナ12"]
    hyps = ["あいえ漢", "カタカナ123X"]
    acc = ScriptCER()
    acc.update(refs, hyps)
    rates = acc.rates()
    # う->え is a hiragana substitution; 字 deleted is kanji; 3 and X inserted are digits and latin.
    assert rates == {"hiragana": 1 / 3, "katakana": 0.0, "kanji": 1 / 2, "digits": 1 / 2}
    assert acc.edits == {"hiragana": 1, "kanji": 1, "digits": 1, "latin": 1}
    total_ref = sum(acc.ref_chars.values())
    assert sum(acc.edits.values()) / total_ref == pytest.approx(cer(refs, hyps))
