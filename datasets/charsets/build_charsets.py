"""Regenerate the built-in charset files in src/hwocr/charsets/.

Run once by maintainers (needs the dev extra: ``pip install kanji-lists``):

    python datasets/charsets/build_charsets.py

Sources: Unicode blocks for kana; the Jōyō (2010, 2,136) and first-grade kyōiku kanji lists from
the MIT-licensed ``kanji-lists`` package; JIS X 0208 levels 1 and 2 enumerated through Python's
own ``euc_jp`` codec (rows 16-47 are level 1, rows 48-84 level 2). Files are nested: each larger
set starts with the smaller one, so a model's class indices stay meaningful when a researcher
grows the charset.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import kanji_lists

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from hwocr.core.charset import write_charset_file  # noqa: E402

OUT = ROOT / "src" / "hwocr" / "charsets"

HIRAGANA = [chr(c) for c in range(0x3041, 0x3097)] + ["ゝ", "ゞ"]
KATAKANA = [chr(c) for c in range(0x30A1, 0x30FB)] + ["ー", "ヽ", "ヾ"]
DIGITS = [str(d) for d in range(10)]
# Printable ASCII; full-width forms are folded onto these by NFKC normalisation.
ASCII = [chr(c) for c in range(0x21, 0x7F) if not chr(c).isdigit()] + [" "]
# Japanese punctuation and symbols common on forms (NFKC-stable forms only).
JA_PUNCT = list("、。・「」『』【】〈〉《》〔〕〜…‥〃々〆〇※○◯△□■●◎×〒¥→←↑↓")
# Kept in the quickstart set: what dates, amounts and short phrases need.
QUICK_PUNCT = list("、。・ー々")


def nfkc_stable(chars: list[str]) -> list[str]:
    return [c for c in chars if unicodedata.normalize("NFKC", c) == c]


def unique(chars: list[str]) -> list[str]:
    return list(dict.fromkeys(chars))


def jis_x_0208_kanji() -> list[str]:
    out = []
    for row in range(16, 85):
        for cell in range(1, 95):
            try:
                ch = bytes([0xA0 + row, 0xA0 + cell]).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            if unicodedata.name(ch, "").startswith("CJK"):
                out.append(ch)
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kana = nfkc_stable(HIRAGANA + KATAKANA)
    grade1 = sorted(kanji_lists.KYOIKU.GRADE1)
    quick = unique(kana + DIGITS + grade1 + QUICK_PUNCT)
    kana_ascii = unique(kana + DIGITS + ASCII + nfkc_stable(JA_PUNCT))
    joyo = unique(kana_ascii + sorted(kanji_lists.JOYO.HEISEI22))
    jis = unique(joyo + jis_x_0208_kanji())
    for name, chars in [("quickstart", quick), ("kana_ascii", kana_ascii), ("joyo", joyo), ("jis0208", jis)]:
        write_charset_file(chars, OUT / f"{name}.txt")
        print(f"{name}: {len(chars)} characters")


if __name__ == "__main__":
    main()
