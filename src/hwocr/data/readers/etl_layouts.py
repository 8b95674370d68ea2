"""The record layouts of the handwritten ETL Character Database sets (AIST), as AIST documents them
(etlcdb.db.aist.go.jp, ``form_e8b``/``form_e9b``/``form_e8g``/``form_e9g``/``form_m``). Byte
positions below are 0-based (AIST counts from 1); integers are big-endian.

===========  ======  ========  ===========  =====  =========================================
set          record  image     image at     dummy  code
===========  ======  ========  ===========  =====  =========================================
ETL8B (B)     512    64x63 1b  8-512        first  bytes 2-3, JIS X 0208
ETL9B (B)     576    64x63 1b  8-512        first  bytes 2-3, JIS X 0208 (513-576 unused)
ETL8G (G)    8199    128x127 4b 60-8188     no     bytes 2-3, JIS X 0208
ETL9G (G)    8199    128x127 4b 64-8192     no     bytes 2-3, JIS X 0208
ETL1/6/7 (M) 2052    64x63 4b  32-2048      no     byte 6, JIS X 0201; bytes 2-3 ASCII name
===========  ======  ========  ===========  =====  =========================================

The serial sheet number is bytes 0-1 (B, G) or 4-5 (M). AIST's ETL9 pages say 20 sheets make
one writer's set, so ETL9B/ETL9G writer ids are ``sheet // 20``; for the other sets the sheet
number stands in for the writer. 4-bit images store intensity (bright = ink) two pixels a byte,
high nibble first; 1-bit images store 1 = ink, most significant bit first.

JIS X 0201 (M type) holds ASCII (0x5C is ¥, 0x7E is ‾) and half-width katakana, which become
full width (ﾞ/ﾟ the spacing marks ゛/゜). ETL7 is a set of 46 hiragana plus ゛ and ゜ (AIST's
ETL7 page) written with katakana codes, so its kana are read as hiragana. JIS X 0201 has no
ヰ/ヱ: a record whose ASCII name is ``WI``/``WE`` is read as ヰ/ヱ (ゐ/ゑ), and small ｨ/ｪ,
which ETL1's sheets never ask for, are read the same way (as ETL4's documentation codes ゐ/ゑ).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hwocr.data.readers.sample import gray_levels_to_paper


def jis_to_char(code: int) -> str | None:
    """The Unicode character of a JIS X 0208 code (row/cell bytes 0x21-0x7E), or None."""
    high, low = code >> 8, code & 0xFF
    if not (0x21 <= high <= 0x7E and 0x21 <= low <= 0x7E):
        return None
    try:
        return bytes([high | 0x80, low | 0x80]).decode("euc_jp")
    except UnicodeDecodeError:
        return None


_JIS0201_SPECIAL = {0x5C: "¥", 0x7E: "‾", 0xDE: "゛", 0xDF: "゜", 0xA8: "ヰ", 0xAA: "ヱ"}
_NAMED = {"WI": "ヰ", "WE": "ヱ"}


def jis0201_to_char(code: int, name: str = "", hiragana: bool = False) -> str | None:
    """A JIS X 0201 code as a full-width character (katakana, or hiragana with ``hiragana``);
    ``name`` is the record's two-letter ASCII name, which settles ヰ/ヱ. None for no character."""
    char = _NAMED.get(name.strip().upper()) or _JIS0201_SPECIAL.get(code)
    if char is None:
        if 0x21 <= code <= 0x7E:
            char = chr(code)
        elif 0xA1 <= code <= 0xDF:
            char = unicodedata.normalize("NFKC", chr(0xFF61 + code - 0xA1))
        else:
            return None
    if hiragana and "ァ" <= char <= "ヶ":
        char = chr(ord(char) - 0x60)
    return char


@dataclass(frozen=True)
class EtlLayout:
    """Where one ETL set keeps each field of its fixed-length records."""

    name: str
    record_bytes: int
    width: int
    height: int
    bits: int
    image_offset: int
    dummy_first: bool
    sheet_offset: int
    sheets_per_writer: int
    decode: Callable[[np.ndarray], str | None]

    @property
    def image_bytes(self) -> int:
        return self.width * self.height * self.bits // 8

    def image(self, record: np.ndarray) -> np.ndarray:
        """The record's image, uint8 (height, width), dark ink on white paper."""
        packed = record[self.image_offset : self.image_offset + self.image_bytes]
        if self.bits == 1:
            ink = np.unpackbits(packed).reshape(self.height, self.width).astype(bool)
            return np.where(ink, np.uint8(0), np.uint8(255))
        levels = np.stack([packed >> 4, packed & 0x0F], axis=-1).reshape(self.height, self.width)
        return gray_levels_to_paper(levels, 15)

    def sheet(self, record: np.ndarray) -> int:
        return int(record[self.sheet_offset]) << 8 | int(record[self.sheet_offset + 1])

    def writer(self, record: np.ndarray) -> str:
        return f"{self.name}-{self.sheet(record) // self.sheets_per_writer}"


def _jis0208(record: np.ndarray) -> str | None:
    return jis_to_char(int(record[2]) << 8 | int(record[3]))


def _jis0201(hiragana: bool) -> Callable[[np.ndarray], str | None]:
    def decode(record: np.ndarray) -> str | None:
        return jis0201_to_char(int(record[6]), bytes(record[2:4]).decode("ascii", "replace"), hiragana)

    return decode


def _b(name: str, record_bytes: int, sheets: int) -> EtlLayout:
    return EtlLayout(name, record_bytes, 64, 63, 1, 8, True, 0, sheets, _jis0208)


def _g(name: str, image_offset: int, sheets: int) -> EtlLayout:
    return EtlLayout(name, 8199, 128, 127, 4, image_offset, False, 0, sheets, _jis0208)


def _m(name: str, hiragana: bool = False) -> EtlLayout:
    return EtlLayout(name, 2052, 64, 63, 4, 32, False, 4, 1, _jis0201(hiragana))


LAYOUTS: dict[str, EtlLayout] = {
    "ETL8B": _b("ETL8B", 512, 1),
    "ETL9B": _b("ETL9B", 576, 20),
    "ETL8G": _g("ETL8G", 60, 1),
    "ETL9G": _g("ETL9G", 64, 20),
    "ETL1": _m("ETL1"),
    "ETL6": _m("ETL6"),
    "ETL7": _m("ETL7", hiragana=True),
}

# ETL8B2C1, ETL9B_1, ETL8G_01, ETL9G_50, ETL1C_07, ETL6C_12, ETL7LC_1 ... as distributed.
_NAME = re.compile(r"^ETL(8B|9B|8G|9G|1(?!\d)|6|7)", re.IGNORECASE)


def layout_for(file_name: str) -> EtlLayout | None:
    """The layout a distributed ETL file's name implies, or None (``ETL9INFO`` has none)."""
    if file_name.upper().endswith("INFO"):
        return None
    match = _NAME.match(file_name)
    return LAYOUTS[f"ETL{match.group(1).upper()}"] if match else None
