"""Compose isolated real characters (ETL, Kuzushiji, Omniglot, any character manifest) into lines.

Text comes from the synthetic engine's text sources (``hwocr.synth.text``: vocabulary words,
form fields, random characters, mixed by weight) restricted to the characters the source holds.
Each line is written by one writer where the source records writers (a writer who wrote every
character of the text, else the one who wrote most of it, the rest by others). Characters keep
their place inside their cell (一 stays mid-height, ゃ low), cell size and vertical position
jitter per character, gaps between inked extents vary, and a share of lines is written top to
bottom and turned a quarter counter-clockwise to read left to right, as the synthetic renderers
do (``vertical`` is then true).

    composer = CharacterComposer(open_source("/data/ETL9G"), height=64)
    line = composer.compose(np.random.default_rng([seed, i]))   # .image .text .vertical .writer
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from hwocr.data.readers.sample import SampleSource

log = logging.getLogger(__name__)

DEFAULT_TEXT_WEIGHTS = {"words": 2.0, "form": 1.0, "charset": 1.0}


@dataclass(frozen=True)
class ComposedLine:
    image: np.ndarray  # uint8 (height, W), white paper
    text: str
    vertical: bool
    writer: str | None


def text_mixture(chars: Sequence[str], weights: Mapping[str, float], min_len: int, max_len: int):
    """The synthetic engine's ``TextMixture`` over ``chars``; sources that cannot work with so few
    characters (no vocabulary word made of them) are dropped with a log line."""
    from hwocr.synth.text.charset_sampler import CharsetTextSampler
    from hwocr.synth.text.form_fields import FormFieldTextSource
    from hwocr.synth.text.mixture import TextMixture
    from hwocr.synth.text.vocabulary import WordTextSource

    factories = {
        "words": partial(WordTextSource, min_len=min_len, max_len=max_len),
        "form": partial(FormFieldTextSource, max_len=max_len),
        "charset": partial(CharsetTextSampler, min_len=min_len, max_len=max_len),
    }
    unknown = set(weights) - set(factories)
    if unknown:
        raise ValueError(f"text weights: unknown sources {sorted(unknown)}; known: {sorted(factories)}")
    usable = {}
    for name, weight in weights.items():
        if weight <= 0:
            continue
        try:
            factories[name](chars=chars)
        except ValueError as err:
            log.info("text source %s dropped for this character set: %s", name, err)
            continue
        usable[name] = factories[name]
    if not usable:
        raise ValueError(f"no text source works with the {len(chars)} characters of the source")
    return TextMixture(chars, usable, {n: weights[n] for n in usable})


def _ink_span(cell: np.ndarray, axis: int, threshold: int = 200) -> tuple[int, int]:
    """First and last index along ``axis`` (0 rows, 1 columns) holding ink; the middle when blank."""
    ink = np.flatnonzero((cell < threshold).any(axis=1 - axis))
    if len(ink) == 0:
        middle = cell.shape[axis] // 2
        return middle, middle + 1
    return int(ink[0]), int(ink[-1]) + 1


class CharacterComposer:
    """Lines of ``height`` pixels from the characters of ``source``; ``chars`` limits the text to
    a charset's characters too."""

    def __init__(
        self,
        source: SampleSource,
        height: int = 64,
        vertical_prob: float = 0.2,
        text_weights: Mapping[str, float] | None = None,
        min_len: int = 2,
        max_len: int = 12,
        cell: float = 0.8,
        size_jitter: float = 0.08,
        baseline_jitter: float = 0.05,
        gap: tuple[float, float] = (0.04, 0.3),
        chars: Sequence[str] | None = None,
    ) -> None:
        self.source = source
        self.height = height
        self.vertical_prob = vertical_prob
        self.cell, self.size_jitter, self.baseline_jitter, self.gap = cell, size_jitter, baseline_jitter, tuple(gap)
        rows = next((getattr(source, a) for a in ("rows", "files", "lines") if hasattr(source, a)), None)
        self.by_char: dict[str, list[int]] = defaultdict(list)
        self.by_writer: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i in range(len(source)):
            text, writer = self._label(i, rows)
            if len(text) != 1 or text.isspace():
                continue  # composition needs single characters; lines in the source are left out
            self.by_char[text].append(i)
            if writer is not None:
                self.by_writer[writer][text].append(i)
        allowed = set(self.by_char) if chars is None else set(self.by_char) & set(chars)
        if not allowed:
            raise ValueError("the source holds no single characters (of the charset) to compose lines from")
        self.chars = sorted(allowed)
        self.writers = sorted(self.by_writer)
        self.text = text_mixture(self.chars, dict(text_weights or DEFAULT_TEXT_WEIGHTS), min_len, max_len)

    def _label(self, index: int, rows) -> tuple[str, str | None]:
        # Manifest / folder sources know labels without decoding images: read them from there.
        if rows is not None:
            row = rows[index]
            if hasattr(row, "text"):
                return row.text, getattr(row, "writer", None)
            if isinstance(row, tuple) and len(row) >= 2:
                return row[1], row[2] if len(row) > 2 else None
        sample = self.source[index]
        return sample.text, sample.writer

    def _pick(self, text: str, rng: np.random.Generator) -> tuple[list[int], str | None]:
        if not self.writers:
            return [self.by_char[c][int(rng.integers(len(self.by_char[c])))] for c in text], None
        needed = set(text)
        full = [w for w in self.writers if needed <= self.by_writer[w].keys()]
        if full:
            writer = full[int(rng.integers(len(full)))]
        else:
            writer = max(self.writers, key=lambda w: (len(needed & self.by_writer[w].keys()), rng.random()))
        picks = []
        for c in text:
            own = self.by_writer[writer].get(c) or self.by_char[c]
            picks.append(own[int(rng.integers(len(own)))])
        return picks, writer

    def _cell(self, index: int, size: int) -> np.ndarray:
        image = self.source[index].image
        h, w = image.shape
        scale = size / max(h, w)
        new = (max(1, round(w * scale)), max(1, round(h * scale)))
        resized = np.asarray(Image.fromarray(image).resize(new, Image.Resampling.BILINEAR), dtype=np.uint8)
        # Centre the scaled cell in a size x size square so every character shares one frame.
        square = np.full((size, size), 255, np.uint8)
        y, x = (size - resized.shape[0]) // 2, (size - resized.shape[1]) // 2
        square[y : y + resized.shape[0], x : x + resized.shape[1]] = resized
        return square

    def _sample_text(self, rng: np.random.Generator) -> str:
        for _ in range(10):
            text = "".join(c for c in self.text.sample(rng) if c in self.by_char)
            if text:
                return text
        return self.chars[int(rng.integers(len(self.chars)))]

    def compose(self, rng: np.random.Generator, text: str | None = None) -> ComposedLine:
        """One line: text (drawn when not given), writer, cells, gaps, jitter; vertical or not."""
        text = self._sample_text(rng) if text is None else text
        picks, writer = self._pick(text, rng)
        vertical = bool(rng.random() < self.vertical_prob)
        base = self.height * self.cell
        axis = 0 if vertical else 1  # the axis characters follow each other along
        pieces, offsets = [], []
        for index in picks:
            size = max(4, round(base * (1.0 + rng.normal(0.0, self.size_jitter))))
            size = min(size, self.height)
            cell = self._cell(index, size)
            lo, hi = _ink_span(cell, axis)
            pieces.append(cell[lo:hi] if vertical else cell[:, lo:hi])
            across = (self.height - size) / 2 + rng.normal(0.0, self.baseline_jitter) * self.height
            offsets.append(int(round(min(max(across, 0), self.height - size))))
        gaps = [int(round(rng.uniform(*self.gap) * base)) for _ in pieces]
        margin = int(round(0.1 * self.height))
        length = 2 * margin + sum(p.shape[axis] for p in pieces) + sum(gaps[:-1])
        canvas = np.full((length, self.height) if vertical else (self.height, length), 255, np.uint8)
        pos = margin
        for piece, off, gap in zip(pieces, offsets, gaps, strict=True):
            if vertical:
                region = canvas[pos : pos + piece.shape[0], off : off + piece.shape[1]]
            else:
                region = canvas[off : off + piece.shape[0], pos : pos + piece.shape[1]]
            np.minimum(region, piece[: region.shape[0], : region.shape[1]], out=region)
            pos += piece.shape[axis] + gap
        image = np.ascontiguousarray(np.rot90(canvas, 1)) if vertical else canvas
        return ComposedLine(image, text, vertical, writer)


def write_composed(composer: CharacterComposer, out_dir: str | Path, lines: int, seed: int = 0) -> Path:
    """``lines`` composed lines as PNGs + ``manifest.tsv`` (+ ``writers.tsv``, ``vertical.tsv``)."""
    from hwocr.core.manifest import write_image_manifest

    out = Path(out_dir)
    writers, verticals = [], []

    def entries():
        for i in range(lines):
            line = composer.compose(np.random.default_rng([seed, i]))
            stem = f"{i:07d}"
            if line.writer is not None:
                writers.append(f"images/{stem}.png\t{line.writer}")
            if line.vertical:
                verticals.append(f"images/{stem}.png")
            yield stem, line.image, line.text

    path = write_image_manifest(out, entries())
    if writers:
        (out / "writers.tsv").write_text("path\twriter\n" + "\n".join(writers) + "\n", encoding="utf-8")
    (out / "vertical.tsv").write_text("path\n" + "".join(f"{v}\n" for v in verticals), encoding="utf-8")
    return path
