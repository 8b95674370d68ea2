"""Characters that handwriting cannot tell apart, and a CER that forgives them.

Some Japanese pairs have the same written shape and differ only by script: hiragana へ and
katakana ヘ, katakana ロ and the kanji 口, カ and 力, エ and 工, ニ and 二, ハ and 八, タ and 夕,
ト and 卜, the long-vowel mark ー and 一. In a random string nothing can separate them; in real
text only context can. ``cer_folded`` maps each such group to one character before scoring, so a
report shows how much of the error is shape and how much is this ambiguity. It is a diagnostic
next to the plain CER, never a replacement for it: a form field still needs the right script.

Size-only pairs (つ/っ, ア/ァ) are not folded: a line model sees the neighbours' size.
"""

from __future__ import annotations

import re

# Each string is one group of look-alikes; the first character represents the group.
CONFUSABLE_GROUPS: tuple[str, ...] = (
    "へヘ",
    "べベ",
    "ぺペ",
    "ロ口",
    "カ力",
    "エ工",
    "ニ二",
    "ハ八",
    "タ夕",
    "ト卜",
    "ー一",
    "0O〇",
)

_FOLD = str.maketrans({c: group[0] for group in CONFUSABLE_GROUPS for c in group[1:]})
# str.translate looks up every non-ASCII character in a dict; a regex scan first is ~5x cheaper,
# and most lines contain nothing to fold.
_FOLDABLE = re.compile("[" + re.escape("".join(group[1:] for group in CONFUSABLE_GROUPS)) + "]")


def fold_confusables(text: str) -> str:
    """``text`` with every look-alike replaced by its group's first character (``text`` itself if none)."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text
