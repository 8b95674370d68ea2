"""Character sets as data: one character per line in a UTF-8 file, CTC blank at index 0.

This module is torch-free on purpose: the ONNX runtime and the data readers share it.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

BLANK = "<blank>"
# A line holding only this token stands for U+0020 (editors strip trailing spaces).
SPACE_TOKEN = "<space>"
# 〓 (geta mark) is the conventional Japanese placeholder for an unreadable character.
DEFAULT_UNKNOWN = "〓"

UnknownPolicy = Literal["error", "skip", "replace"]


class CharsetError(ValueError):
    """A text holds characters the charset cannot encode (policy ``error``)."""


def builtin_charsets() -> list[str]:
    """Names of the charsets shipped inside the package (``quickstart``, ``kana_ascii``, ``joyo``, ``jis0208``)."""
    root = resources.files("hwocr") / "charsets"
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".txt"))


def resolve_charset_path(name_or_path: str | Path) -> Path:
    """A file path as given, or the path of a built-in charset named without ``.txt``."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    builtin = resources.files("hwocr") / "charsets" / f"{name_or_path}.txt"
    if builtin.is_file():
        return Path(str(builtin))
    raise FileNotFoundError(
        f"charset {name_or_path!r} is neither a file nor a built-in charset (built-ins: {', '.join(builtin_charsets())})"
    )


def read_charset_file(path: str | Path) -> list[str]:
    """Characters of a charset file, in file order; duplicates and multi-character lines are errors."""
    path = Path(path)
    chars: list[str] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw == "":
            continue
        char = " " if raw == SPACE_TOKEN else raw
        if len(char) != 1:
            raise ValueError(f"{path}:{lineno}: expected one character per line, got {raw!r}")
        if char in seen:
            raise ValueError(f"{path}:{lineno}: {char!r} already listed on line {seen[char]}")
        seen[char] = lineno
        chars.append(char)
    if not chars:
        raise ValueError(f"{path}: charset file is empty")
    return chars


def write_charset_file(chars: Iterable[str], path: str | Path) -> None:
    lines = [SPACE_TOKEN if c == " " else c for c in chars]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class EncodeStats:
    """Counts of what the out-of-charset policy did, for reporting after a data pass."""

    encoded: int = 0
    skipped: int = 0
    replaced_chars: int = 0
    unknown: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        top = ", ".join(f"{c!r}×{n}" for c, n in self.unknown.most_common(10))
        return (
            f"{self.encoded} texts encoded, {self.skipped} skipped, {self.replaced_chars} characters replaced"
            + (f"; most frequent unknown: {top}" if top else "")
        )


class Charset:
    """Maps text to class indices for CTC (blank = 0) and back.

    ``normalize`` (e.g. ``"NFKC"``) is applied to every text before encoding, so full-width
    digits and half-width katakana land on the charset's canonical forms. ``unknown_policy``
    decides what happens to characters outside the set: ``error`` raises naming the sample,
    ``skip`` drops the sample (``encode`` returns ``None``), ``replace`` maps them to
    ``unknown_token``, which then becomes the last class.
    """

    def __init__(
        self,
        chars: Sequence[str],
        normalize: str | None = "NFKC",
        unknown_policy: UnknownPolicy = "error",
        unknown_token: str = DEFAULT_UNKNOWN,
        name: str = "custom",
    ) -> None:
        if unknown_policy not in ("error", "skip", "replace"):
            raise ValueError(f"unknown_policy must be error, skip or replace, got {unknown_policy!r}")
        if normalize not in (None, "NFC", "NFKC", "NFD", "NFKD"):
            raise ValueError(f"normalize must be null or a unicodedata form such as NFKC, got {normalize!r}")
        chars = list(chars)
        if len(set(chars)) != len(chars):
            dup = [c for c, n in Counter(chars).items() if n > 1]
            raise ValueError(f"charset {name!r} lists characters twice: {dup[:10]}")
        if unknown_policy == "replace" and unknown_token not in chars:
            chars.append(unknown_token)
        self.name = name
        self.chars: list[str] = chars
        self.normalize = normalize
        self.unknown_policy: UnknownPolicy = unknown_policy
        self.unknown_token = unknown_token
        self._index = {c: i + 1 for i, c in enumerate(chars)}
        self.stats = EncodeStats()

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        normalize: str | None = "NFKC",
        unknown_policy: UnknownPolicy = "error",
        unknown_token: str = DEFAULT_UNKNOWN,
    ) -> Charset:
        """Load ``path``, or a built-in charset by name (``quickstart``, ``joyo``, ...)."""
        resolved = resolve_charset_path(path)
        return cls(
            read_charset_file(resolved),
            normalize=normalize,
            unknown_policy=unknown_policy,
            unknown_token=unknown_token,
            name=Path(str(path)).stem,
        )

    @property
    def num_classes(self) -> int:
        """Number of model outputs: the characters plus the CTC blank."""
        return len(self.chars) + 1

    @property
    def blank_index(self) -> int:
        return 0

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char: str) -> bool:
        return char in self._index

    def normalize_text(self, text: str) -> str:
        return unicodedata.normalize(self.normalize, text) if self.normalize else text

    def encode(self, text: str, where: str = "") -> list[int] | None:
        """Class indices of ``text``; ``None`` when the policy skips it. ``where`` names the sample in errors."""
        text = self.normalize_text(text)
        missing = [c for c in text if c not in self._index]
        if missing:
            self.stats.unknown.update(missing)
            if self.unknown_policy == "error":
                chars = "".join(dict.fromkeys(missing))
                raise CharsetError(
                    f"{where or 'text'}: characters {chars!r} of {text!r} are not in charset {self.name!r} "
                    f"(set unknown_policy to skip or replace to continue)"
                )
            if self.unknown_policy == "skip":
                self.stats.skipped += 1
                return None
            self.stats.replaced_chars += len(missing)
            unk = self._index[self.unknown_token]
            self.stats.encoded += 1
            return [self._index.get(c, unk) for c in text]
        self.stats.encoded += 1
        return [self._index[c] for c in text]

    def decode(self, indices: Iterable[int]) -> str:
        """Text of class indices; the blank and out-of-range indices are dropped (no CTC collapsing here)."""
        n = len(self.chars)
        return "".join(self.chars[i - 1] for i in indices if 0 < i <= n)

    def class_labels(self) -> list[str]:
        """One label per model output, blank first: what the ONNX metadata stores."""
        return [BLANK, *self.chars]

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "classes": self.class_labels(),
                "normalize": self.normalize,
                "unknown_token": self.unknown_token if self.unknown_policy == "replace" else None,
            },
            ensure_ascii=False,
        )
