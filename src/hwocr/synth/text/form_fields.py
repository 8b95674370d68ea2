"""Form-domain text: what people write into Japanese forms.

Names (kanji and katakana/hiragana furigana), addresses, company names, phone and postal numbers,
dates in Western and era (令和/平成/昭和) styles, amounts with ¥/円/commas or kanji numerals, and
check-box answers. Faker's ja_JP provider is the base; it is re-seeded from the ``rng`` for every
line so that ``sample`` stays a pure function of the rng state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from faker import Faker

from hwocr.synth.text.numerals import digit_kanji, era_year, kanji_number

CHECKBOX_WORDS = (
    "有", "無", "はい", "いいえ", "男", "女", "済", "未", "可", "否", "要", "不要",
    "同意する", "同意しない", "該当", "非該当", "新規", "変更", "継続", "本人", "代理人",
)  # fmt: skip
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "name": 2.0,
    "furigana": 1.5,
    "address": 2.0,
    "company": 1.0,
    "phone": 1.0,
    "postal": 0.7,
    "date": 1.5,
    "amount": 1.2,
    "checkbox": 0.5,
}
_FIELD_LABELS = {"name": "氏名", "furigana": "フリガナ", "address": "住所", "phone": "電話", "date": "日付"}


def _katakana_to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _to_fullwidth_digits(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)


class FormFieldTextSource:
    """Sample one form field value per line; ``weights`` set how often each field kind appears.

    ``chars`` (what the renderer and charset can draw) filters the output: a value with other
    characters is re-drawn a few times, then has them removed. ``max_len`` caps the length.
    """

    def __init__(
        self,
        chars: Sequence[str] | None = None,
        weights: Mapping[str, float] | None = None,
        max_len: int = 24,
        label_prob: float = 0.1,
        fullwidth_digit_prob: float = 0.2,
    ) -> None:
        self._faker = Faker("ja_JP")
        self._fields: dict[str, Callable[[np.random.Generator], str]] = {
            "name": self._name,
            "furigana": self._furigana,
            "address": self._address,
            "company": lambda rng: self._faker.company(),
            "phone": self._phone,
            "postal": self._postal,
            "date": self._date,
            "amount": self._amount,
            "checkbox": lambda rng: CHECKBOX_WORDS[int(rng.integers(len(CHECKBOX_WORDS)))],
        }
        weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = set(weights) - set(self._fields)
        if unknown:
            raise ValueError(f"unknown form fields {sorted(unknown)}; known: {sorted(self._fields)}")
        self.kinds = [k for k, w in weights.items() if w > 0]
        if not self.kinds:
            raise ValueError("FormFieldTextSource needs at least one field with positive weight")
        p = np.array([weights[k] for k in self.kinds], dtype=float)
        self._p = p / p.sum()
        self.chars = None if chars is None else frozenset(chars)
        self.max_len = max_len
        self.label_prob = label_prob
        self.fullwidth_digit_prob = fullwidth_digit_prob

    def field(self, kind: str, rng: np.random.Generator) -> str:
        """One value of field ``kind`` (unfiltered)."""
        self._faker.seed_instance(int(rng.integers(2**32)))
        text = self._fields[kind](rng)
        if kind in _FIELD_LABELS and rng.random() < self.label_prob:
            text = f"{_FIELD_LABELS[kind]}{'：' if rng.random() < 0.5 else ' '}{text}"
        if rng.random() < self.fullwidth_digit_prob:
            text = _to_fullwidth_digits(text)
        return text

    def sample(self, rng: np.random.Generator) -> str:
        text = ""
        for _ in range(4):
            text = self.field(self.kinds[int(rng.choice(len(self.kinds), p=self._p))], rng)[: self.max_len]
            if self.chars is None or all(c in self.chars for c in text):
                return text.strip() or text
        kept = "".join(c for c in text if c in self.chars).strip()
        return kept or (sorted(self.chars)[int(rng.integers(len(self.chars)))] if self.chars else text)

    # --- field generators -------------------------------------------------------------------
    def _name(self, rng: np.random.Generator) -> str:
        f = self._faker
        sep = " " if rng.random() < 0.5 else ("\u3000" if rng.random() < 0.5 else "")
        return f"{f.last_name()}{sep}{f.first_name()}"

    def _furigana(self, rng: np.random.Generator) -> str:
        kana = self._faker.kana_name()
        return _katakana_to_hiragana(kana) if rng.random() < 0.3 else kana

    def _address(self, rng: np.random.Generator) -> str:
        f = self._faker
        if rng.random() < 0.5:
            return f.address()
        a, b, c = (int(x) for x in rng.integers(1, 40, 3))
        block = f"{a}-{b}-{c}" if rng.random() < 0.6 else f"{digit_kanji(a)}丁目{b}番{c}号"
        return f"{f.prefecture()}{f.city()}{f.town()}{block}"

    def _phone(self, rng: np.random.Generator) -> str:
        number = self._faker.phone_number()
        if rng.random() < 0.25 and number.count("-") == 2:
            area, mid, last = number.split("-")
            number = f"{area}({mid}){last}"
        return number

    def _postal(self, rng: np.random.Generator) -> str:
        code = self._faker.postcode()
        return f"〒{code}" if rng.random() < 0.6 else code

    def _date(self, rng: np.random.Generator) -> str:
        date = dt.date(1930, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 100)))
        era, initial, year = era_year(date)
        style = int(rng.integers(6))
        if style == 0:
            return f"{date.year}年{date.month}月{date.day}日"
        if style == 1:
            return f"{date.year}/{date.month:02d}/{date.day:02d}"
        if style == 2:
            era_text = "元" if year == 1 and rng.random() < 0.5 else str(year)
            return f"{era}{era_text}年{date.month}月{date.day}日"
        if style == 3:
            return f"{era}{kanji_number(year)}年{kanji_number(date.month)}月{kanji_number(date.day)}日"
        if style == 4:
            return f"{initial}{year}.{date.month}.{date.day}"
        return f"{digit_kanji(date.year)}年{kanji_number(date.month)}月{kanji_number(date.day)}日"

    def _amount(self, rng: np.random.Generator) -> str:
        value = int(10 ** rng.uniform(2, 8)) // 10 * 10
        style = int(rng.integers(5))
        if style == 0:
            return f"¥{value:,}"
        if style == 1:
            return f"{value:,}円"
        if style == 2:
            return f"金{kanji_number(value)}円"
        if style == 3:
            return f"￥{value:,}-"
        return f"{value}円"
