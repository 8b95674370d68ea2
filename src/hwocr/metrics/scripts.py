"""Japanese script classes of characters and CER broken down by script."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from hwocr.metrics.alignment import align

SCRIPTS = ("hiragana", "katakana", "kanji", "digits", "latin", "punct", "other")


def script_of(char: str) -> str:
    """The script class of one character, for full- and half-width forms alike."""
    cp = ord(char)
    if 0x3041 <= cp <= 0x309F:  # hiragana block incl. ゝゞゟ
        return "hiragana"
    if 0x30A0 < cp <= 0x30FF and cp != 0x30FB or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "katakana"  # ・ (30FB) is punctuation; ー (30FC) counts as katakana
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF \
            or char in "々〆〇ヶ":
        return "kanji"
    category = unicodedata.category(char)
    if category == "Nd":
        return "digits"
    if category.startswith("L"):
        return "latin" if unicodedata.name(char, "").find("LATIN") >= 0 else "other"
    if category[0] in "PSZ":
        return "punct"
    return "other"


@dataclass
class ScriptCER:
    """Edits per reference character, per script.

    Substitutions and deletions count against the reference character's script, insertions
    against the inserted character's script; the denominator is the number of reference
    characters of that script, so the per-script rates add up (weighted) to the overall CER.
    """

    edits: dict[str, int] = field(default_factory=dict)
    ref_chars: dict[str, int] = field(default_factory=dict)

    def update(self, refs: Iterable[str], hyps: Iterable[str]) -> None:
        for ref, hyp in zip(refs, hyps, strict=True):
            for char in ref:
                script = script_of(char)
                self.ref_chars[script] = self.ref_chars.get(script, 0) + 1
            if ref == hyp:
                continue
            for r, h in align(ref, hyp):
                if r != h:
                    script = script_of(r if r is not None else h)  # type: ignore[arg-type]
                    self.edits[script] = self.edits.get(script, 0) + 1

    def rates(self) -> dict[str, float]:
        """CER per script that occurs in the references, in ``SCRIPTS`` order."""
        return {s: self.edits.get(s, 0) / self.ref_chars[s] for s in SCRIPTS if self.ref_chars.get(s)}
