"""Field-typed reading: restrict a CTC model's output to the characters a form field can hold.

Forms say what a box holds: フリガナ fields are katakana, amounts are digits, dates digits and a few
marks. In a single box a model cannot tell katakana ロ from the kanji 口, ニ from 二 or カ from 力 —
the shapes are the same — but the field type can. ``field_mask`` turns a field description
(script names from ``hwocr.metrics.scripts`` and/or literal characters) into a mask over the
model's classes; ``masked_best`` picks each frame's best class among the allowed ones (the CTC
blank is always allowed). The confidence stays the model's own probability of the character
read, so a frame where the model preferred a character outside the field reads as doubtful.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from hwocr.core.charset import Charset
from hwocr.metrics.scripts import SCRIPTS, script_of


def parse_scripts(spec: str | Iterable[str] | None) -> list[str]:
    """``"katakana+digits"`` (or a list of names) -> script names, each checked against ``SCRIPTS``."""
    if spec is None:
        return []
    names = [s.strip() for s in (spec.split("+") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [s for s in names if s not in SCRIPTS]
    if unknown:
        raise ValueError(f"field: unknown script(s) {unknown}; known: {', '.join(SCRIPTS)}")
    return names


def field_mask(charset: Charset, scripts: str | Iterable[str] | None = None, chars: str = "") -> np.ndarray:
    """Boolean mask over the model's classes: the blank, every class of ``scripts``, and ``chars``.

    Raises ValueError when the field allows no character of this charset, or names characters the
    model cannot write (so a typo in a field definition is not silently ignored).
    """
    names = set(parse_scripts(scripts))
    allowed = np.zeros(charset.num_classes, dtype=bool)
    allowed[charset.blank_index] = True
    missing = sorted({c for c in charset.normalize_text(chars) if c not in charset})
    if missing:
        raise ValueError(f"field: characters not in the model's charset {charset.name!r}: {''.join(missing)}")
    literal = set(charset.normalize_text(chars))
    for index, label in enumerate(charset.class_labels()):
        if index != charset.blank_index and (label in literal or (len(label) == 1 and script_of(label) in names)):
            allowed[index] = True
    if allowed.sum() < 2:
        raise ValueError(f"field: no character of charset {charset.name!r} is allowed by scripts={sorted(names)} chars={chars!r}")
    return allowed


def masked_best(probs: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame, the likeliest allowed class and its probability, for (B, T, C) ``probs``."""
    masked = np.where(allowed[None, None, :], probs, -1.0)
    best_class = masked.argmax(axis=-1)
    best_prob = np.take_along_axis(probs, best_class[..., None], axis=-1)[..., 0]
    return best_class, best_prob
