import datetime as dt

import pytest

from hwocr.synth.text.numerals import digit_kanji, era_year, kanji_number


@pytest.mark.parametrize(
    ("n", "kanji"),
    [
        (0, "〇"),
        (7, "七"),
        (10, "十"),
        (15, "十五"),
        (1234, "千二百三十四"),
        (35000, "三万五千"),
        (100000000, "一億"),
    ],
)
def test_kanji_number(n: int, kanji: str) -> None:
    assert kanji_number(n) == kanji


def test_digit_kanji_and_eras() -> None:
    assert digit_kanji(2024) == "二〇二四"
    assert era_year(dt.date(2019, 5, 1))[0::2] == ("令和", 1)
    assert era_year(dt.date(2019, 4, 30))[0::2] == ("平成", 31)
    assert era_year(dt.date(1989, 1, 8))[1:] == ("H", 1)
