"""Stroke polylines per character, from KanjiVG plus a few hand-made glyphs.

Each character is parsed once per process and kept in memory; the arrays handed out are read-only
so that callers cannot corrupt the cache. Coordinates are in KanjiVG's 109x109 box (y grows down).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import sys
from pathlib import Path

import numpy as np

from hwocr.synth.strokes.extra_glyphs import EXTRA_GLYPHS
from hwocr.synth.strokes.svg_path import parse_path

KANJIVG_BOX = 109.0
KANJIVG_DIR_ENV = "HWOCR_KANJIVG_DIR"

_BASE_FILE = re.compile(r"^([0-9a-f]{5})\.svg$")  # variants carry a suffix, e.g. 04e00-Kaisho.svg
_PATH_TAG = re.compile(r"<path\b[^>]*>")
_GROUP_OR_PATH = re.compile(r"<g\b[^>]*?(/?)>|</g>|<path\b[^>]*>")
_COMPONENT_DEPTH = 3  # <g StrokePaths> > <g character> > <g component (radical ...)>
_PATH_DATA = re.compile(r"\sd=\"([^\"]+)\"")
_STROKE_TYPE = re.compile(r"kvg:type=\"([^\"]*)\"")
_PROBE = "04e00.svg"  # 一, present in every KanjiVG release
_FULLWIDTH_OFFSET = 0xFEE0  # ！..～ (U+FF01..U+FF5E) minus their ASCII twins


@functools.cache
def kanjivg_dir() -> Path:
    """The folder of KanjiVG SVG files installed by the ``kanjivg`` package (or named by the env var)."""
    override = os.environ.get(KANJIVG_DIR_ENV)
    if override:
        return Path(override)
    candidates: list[Path] = []
    spec = importlib.util.find_spec("kanji")
    if spec is not None and spec.submodule_search_locations:
        candidates.extend(Path(p) for p in spec.submodule_search_locations)
    candidates.extend(Path(p) / "kanji" for p in sys.path if p)
    for folder in candidates:
        if (folder / _PROBE).is_file():
            return folder
    raise FileNotFoundError(f"KanjiVG SVG files not found; `pip install kanjivg` or set {KANJIVG_DIR_ENV}")


@functools.cache
def kanjivg_chars() -> frozenset[str]:
    """Characters with a base (non-variant) KanjiVG file."""
    chars = set()
    for name in os.listdir(kanjivg_dir()):
        match = _BASE_FILE.match(name)
        if match:
            chars.add(chr(int(match.group(1), 16)))
    return frozenset(chars)


def _fullwidth_twin(char: str) -> str | None:
    """The ASCII character a full-width form (０, Ａ, ？ ...) is written like, if it has strokes."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        twin = chr(code - _FULLWIDTH_OFFSET)
        if twin in kanjivg_chars() or twin in EXTRA_GLYPHS:
            return twin
    return None


@functools.cache
def available_chars() -> frozenset[str]:
    """Every character ``load_strokes`` can draw: KanjiVG, hand-made extras and full-width twins."""
    chars = set(kanjivg_chars()) | set(EXTRA_GLYPHS)
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F) if _fullwidth_twin(chr(c)) is not None)
    return frozenset(chars)


def _freeze(polylines: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    for line in polylines:
        line.setflags(write=False)
    return tuple(polylines)


def _component_of_paths(svg: str) -> list[int]:
    """Per ``<path>``: which top-level part of the character (a radical, a KanjiVG group) holds it.

    Paths inside the same group just below the character's own group share a number; a path
    directly in the character's group is a part of its own; a character without groups is one part.
    """
    depth, current, parts, grouped = 0, -1, [], False
    for match in _GROUP_OR_PATH.finditer(svg):
        tag = match.group(0)
        if tag.startswith("<g"):
            if not match.group(1):  # not self-closing
                depth += 1
                if depth == _COMPONENT_DEPTH:
                    current, grouped = current + 1, True
        elif tag == "</g>":
            depth -= 1
        elif depth >= _COMPONENT_DEPTH:
            parts.append(current)
        else:
            current += 1
            parts.append(current)
    return parts if grouped else [0] * len(parts)


@functools.cache
def _cached_strokes(char: str) -> tuple[tuple[np.ndarray, ...], tuple[str, ...], tuple[int, ...]]:
    """(polylines, stroke types, components); a path with several subpaths yields several polylines."""
    if char in kanjivg_chars():
        svg = (kanjivg_dir() / f"{ord(char):05x}.svg").read_text(encoding="utf-8")
        paths = []
        for tag, part in zip(_PATH_TAG.findall(svg), _component_of_paths(svg), strict=True):
            data, kind = _PATH_DATA.search(tag), _STROKE_TYPE.search(tag)
            if data:
                paths.append((data.group(1), kind.group(1) if kind else "", part))
    elif char in EXTRA_GLYPHS:
        paths = [(d, "", 0) for d in EXTRA_GLYPHS[char]]
    else:
        twin = _fullwidth_twin(char)
        if twin is None:
            raise KeyError(f"no stroke data for {char!r} (U+{ord(char):04X})")
        return _cached_strokes(twin)
    polylines, kinds, parts = [], [], []
    for d, kind, part in paths:
        for line in parse_path(d):
            polylines.append(line)
            kinds.append(kind)
            parts.append(part)
    if not polylines:
        raise ValueError(f"stroke data for {char!r} (U+{ord(char):04X}) has no paths")
    return _freeze(polylines), tuple(kinds), tuple(parts)


def _check_one_char(char: str) -> None:
    if len(char) != 1:
        raise ValueError(f"expected one character, got {char!r}")


def load_strokes(char: str) -> list[np.ndarray]:
    """Stroke polylines of ``char`` in stroke order: read-only (N, 2) float32 arrays in the 109 box.

    Raises KeyError naming the character when there is no stroke data for it.
    """
    _check_one_char(char)
    return list(_cached_strokes(char)[0])


def load_stroke_types(char: str) -> list[str]:
    """KanjiVG stroke type of each polyline of ``load_strokes(char)``, e.g. "㇒" or "㇔/㇏"; "" if unknown.

    Kana, Latin and hand-made glyphs carry no types.
    """
    _check_one_char(char)
    return list(_cached_strokes(char)[1])


def load_stroke_components(char: str) -> list[int]:
    """Per polyline of ``load_strokes(char)``: its part of the character (0, 1, ... by first stroke).

    KanjiVG groups a kanji into parts (語: 言 and 吾); kana and hand-made glyphs are one part.
    """
    _check_one_char(char)
    return list(_cached_strokes(char)[2])
