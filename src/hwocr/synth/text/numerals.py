"""Writing numbers the ways Japanese forms do: kanji numerals, comma groups, era years."""

from __future__ import annotations

import datetime as dt

_DIGITS = "〇一二三四五六七八九"
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_LARGE_UNITS = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))

# (first day, era name, latin initial) from newest to oldest.
ERAS = (
    (dt.date(2019, 5, 1), "令和", "R"),
    (dt.date(1989, 1, 8), "平成", "H"),
    (dt.date(1926, 12, 25), "昭和", "S"),
)


def _below_10000(n: int) -> str:
    out = []
    for value, unit in _SMALL_UNITS:
        count, n = divmod(n, value)
        if count:
            out.append(("" if count == 1 else _DIGITS[count]) + unit)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def kanji_number(n: int) -> str:
    """Positional kanji numeral: 1234 -> 千二百三十四, 35000 -> 三万五千, 0 -> 〇."""
    if n < 0:
        raise ValueError(f"kanji_number takes n >= 0, got {n}")
    if n == 0:
        return _DIGITS[0]
    out = []
    for value, unit in _LARGE_UNITS:
        count, n = divmod(n, value)
        if count:
            out.append(_below_10000(count) + unit)
    out.append(_below_10000(n))
    return "".join(out)


def digit_kanji(n: int) -> str:
    """Digit-by-digit kanji, as in dates and addresses: 2024 -> 二〇二四."""
    return "".join(_DIGITS[int(d)] for d in str(n))


def era_year(date: dt.date) -> tuple[str, str, int]:
    """(era name, initial, year in era) for dates from 1926-12-25 on."""
    for start, name, initial in ERAS:
        if date >= start:
            return name, initial, date.year - start.year + 1
    raise ValueError(f"{date} is before the Showa era")
