"""Labelled evaluation sets for the scoreboard: real handwriting where it is kept, and font lines.

Each set is a small class named by a ``_target_`` in ``conf/suite/*.yaml``; ``load(charset)``
returns the images (file paths or uint8 arrays, exactly as a user would hand them to the runtime:
no cropping, inverting or resizing here) with their texts and, where the set is a closed list of
classes, those classes. A set that is not on this machine raises ``SetUnavailable`` with the
reason, and the scoreboard reports it as skipped. Nothing here trains or tunes on these sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hwocr.core.charset import Charset
from hwocr.core.manifest import read_manifest
from hwocr.data.readers.kmnist import KMNIST_CLASSES, read_kmnist
from hwocr.utils.files import CONFIG_DIR

# Relative set paths are resolved against the repository root (the folder holding conf/).
REPO_ROOT = CONFIG_DIR.parent


class SetUnavailable(RuntimeError):
    """The set's files (or the fonts it needs) are not on this machine."""


@dataclass
class EvalSet:
    name: str
    images: list[Any]  # paths or uint8 (H, W) arrays
    texts: list[str]
    classes: list[str] | None  # closed list of answers, when the set has one
    origin: str
    # The form-field type of the set ('+'-joined scripts, hwocr.runtime.field): also read with the
    # output restricted to it, as a フリガナ box would be.
    field: str | None = None
    # Each image is one character box: the field reading picks one character of the field.
    one_char: bool = False
    # One-character boxes are read at these multiples of their width, log-probabilities averaged.
    stretches: tuple[float, ...] = (1.0,)


def _resolve(path: str | Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def _subsample(n: int, limit: int | None, seed: int) -> np.ndarray:
    """A fixed, seeded subset of ``range(n)`` (all of it without a limit), in order."""
    if limit is None or limit >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


class ManifestSet:
    """Any manifest of labelled images (``path<TAB>text``); ``closed_set: true`` scores a closed
    choice among the manifest's distinct texts too (e.g. isolated characters of one script);
    ``field: katakana`` reads it as a katakana form field too, ``one_char: true`` as boxes of one
    character each, at the width multiples ``stretches`` (``Recognizer.read_char``)."""

    def __init__(self, name: str, path: str, closed_set: bool = False, limit: int | None = None,
                 seed: int = 0, field: str | None = None, one_char: bool = False,
                 stretches: Sequence[float] = (1.0,)) -> None:
        self.name, self.path, self.closed_set, self.limit, self.seed = name, path, closed_set, limit, seed
        self.field, self.one_char, self.stretches = field, one_char, tuple(float(f) for f in stretches)

    def load(self, charset: Charset) -> EvalSet:
        path = _resolve(self.path)
        if not path.is_file():
            raise SetUnavailable(f"{path} not found")
        entries = read_manifest(path, require_text=True)
        keep = _subsample(len(entries), self.limit, self.seed)
        images = [entries[i].image for i in keep]
        texts = [entries[i].text for i in keep]
        classes = sorted(set(texts)) if self.closed_set else None
        return EvalSet(self.name, images, texts, classes, str(path), self.field, self.one_char, self.stretches)


class KmnistSet:
    """The KMNIST split as distributed (28x28, white strokes on black), read against its 10 classes."""

    def __init__(self, name: str, folder: str, split: str = "test", limit: int | None = None, seed: int = 0,
                 field: str | None = None, one_char: bool = False, stretches: Sequence[float] = (1.0,)) -> None:
        self.name, self.folder, self.split, self.limit, self.seed = name, folder, split, limit, seed
        self.field, self.one_char, self.stretches = field, one_char, tuple(float(f) for f in stretches)

    def load(self, charset: Charset) -> EvalSet:
        folder = _resolve(self.folder)
        if not folder.is_dir():
            raise SetUnavailable(f"{folder} not found")
        data = read_kmnist(folder, self.split)
        keep = _subsample(len(data.labels), self.limit, self.seed)
        images = [np.ascontiguousarray(data.images[i]) for i in keep]
        texts = [KMNIST_CLASSES[int(data.labels[i])] for i in keep]
        return EvalSet(self.name, images, texts, list(KMNIST_CLASSES), str(folder), self.field, self.one_char,
                       self.stretches)


class FontLinesSet:
    """Lines drawn with an installed handwriting font (never seen in training), random text of the
    model's charset: how the model reads a hand that is not its own. Deterministic per seed."""

    def __init__(self, name: str, font: str, lines: int = 300, height: int = 64, min_len: int = 2,
                 max_len: int = 12, seed: int = 0) -> None:
        self.name, self.font, self.lines, self.height = name, font, lines, height
        self.min_len, self.max_len, self.seed = min_len, max_len, seed

    def load(self, charset: Charset) -> EvalSet:
        from hwocr.synth.render.fonts import FontRenderer  # optional fonts extra: only when this set runs

        try:
            renderer = FontRenderer(height=self.height, fonts=[self.font])
        except (ValueError, OSError, ImportError) as exc:
            raise SetUnavailable(f"font {self.font!r}: {exc}") from None
        chars = [c for c in charset.chars if c.strip() and renderer.supports(c)]
        if not chars:
            raise SetUnavailable(f"font {self.font!r} draws no character of charset {charset.name!r}")
        rng = np.random.default_rng(self.seed)
        texts, images = [], []
        for _ in range(self.lines):
            text = "".join(rng.choice(chars, size=int(rng.integers(self.min_len, self.max_len + 1))))
            texts.append(text)
            images.append(renderer.render(text, rng))
        return EvalSet(self.name, images, texts, None, f"font {self.font}, {self.lines} random lines")
