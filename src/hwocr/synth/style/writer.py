"""The writer model: who holds the pen for one line.

A ``WriterStyle`` is drawn once per line from ``WriterRanges`` and fixes the habits that stay
constant while one person writes one line: slant, size, aspect, pen width and pressure habits,
speed (rounds corners), cursiveness (joins strokes), care (how steady the hand is), spacing and
ink (its gray level, and how unevenly it flows). Per-character variation is then layered on top by the renderer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from hwocr.synth.ranges import Range


def _r(low: float, high: float) -> Range:
    return field(default=(low, high))


@dataclass(frozen=True)
class WriterRanges:
    """(min, max) of each writer habit, sampled uniformly per line. Units are documented per field."""

    size: Range = _r(0.70, 0.92)  # box height as a fraction of the line height
    aspect: Range = _r(0.88, 1.12)  # horizontal / vertical scale of every character
    slant: Range = _r(-0.10, 0.28)  # shear, positive leans right
    stroke_width: Range = _r(1.3, 3.2)  # pen width in pixels at 64 px line height
    pressure_variation: Range = _r(0.0, 0.25)  # how much width wanders along a stroke
    entry_blob: Range = _r(0.0, 0.5)  # extra width where the pen lands
    stop_blob: Range = _r(0.0, 0.4)  # extra width at a firm stop (tome)
    taper: Range = _r(0.4, 0.9)  # how thin sweeps and hooks (harai, hane) end, 1 = to nothing
    speed: Range = _r(0.0, 1.0)  # 0 careful corners, 1 corners rounded off
    cursiveness: Range = _r(0.0, 0.5)  # probability of joining consecutive strokes
    care: Range = _r(0.3, 1.0)  # 1 steady hand, 0 shaky: scales jitter
    jitter: Range = _r(0.6, 3.8)  # stroke displacement in 109-unit boxes at care 1 and care 0
    stroke_affine: Range = _r(0.01, 0.07)  # per-stroke rotation (rad) / scale spread
    char_scale_spread: Range = _r(0.02, 0.08)  # per-character size spread (fraction)
    char_rotation: Range = _r(0.5, 4.0)  # per-character rotation spread in degrees
    spacing: Range = _r(0.02, 0.22)  # gap between characters as a fraction of the box
    baseline_wander: Range = _r(0.0, 0.05)  # fraction of the line height
    kana_scale: Range = _r(0.80, 0.95)  # kana size relative to kanji
    latin_scale: Range = _r(0.72, 0.90)  # Latin letters and digits relative to kanji
    ink: Range = _r(0.0, 110.0)  # gray level of the ink (0 black)
    blur: Range = _r(0.0, 0.7)  # Gaussian sigma in pixels at 64 px
    margin: Range = _r(0.05, 0.4)  # left/right (top/bottom when vertical) margin, fraction of height
    ink_fade: Range = _r(0.0, 0.35)  # how much lighter the ink gets in places along the line (0 even)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            low, high = (float(v) for v in value)
            if low > high:
                raise ValueError(f"writer range {f.name} has min > max: {value!r}")
            object.__setattr__(self, f.name, (low, high))

    def replace(self, **overrides: Sequence[float]) -> WriterRanges:
        unknown = set(overrides) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown writer ranges: {sorted(unknown)}")
        return dataclasses.replace(self, **{k: tuple(v) for k, v in overrides.items()})

    def sample(self, rng: np.random.Generator) -> WriterStyle:
        values = {f.name: rng.uniform(*getattr(self, f.name)) for f in fields(self) if f.name != "jitter"}
        steady, shaky = self.jitter
        values["jitter"] = shaky + (steady - shaky) * values["care"]
        return WriterStyle(**values)


@dataclass(frozen=True)
class WriterStyle:
    """One line's writer: every ``WriterRanges`` field as a single sampled value."""

    size: float
    aspect: float
    slant: float
    stroke_width: float
    pressure_variation: float
    entry_blob: float
    stop_blob: float
    taper: float
    speed: float
    cursiveness: float
    care: float
    jitter: float
    stroke_affine: float
    char_scale_spread: float
    char_rotation: float
    spacing: float
    baseline_wander: float
    kana_scale: float
    latin_scale: float
    ink: float
    blur: float
    margin: float
    ink_fade: float


WRITER_PRESETS: Mapping[str, WriterRanges] = {
    "default": WriterRanges(),
    # Form filled in slowly with block characters.
    "neat": WriterRanges(
        care=(0.75, 1.0),
        speed=(0.0, 0.3),
        cursiveness=(0.0, 0.08),
        slant=(-0.05, 0.12),
        char_rotation=(0.3, 2.0),
    ),
    # Notes written fast: rounded corners, joined strokes, wobbly baseline.
    "hurried": WriterRanges(
        care=(0.05, 0.5),
        speed=(0.5, 1.0),
        cursiveness=(0.3, 0.85),
        slant=(0.0, 0.35),
        baseline_wander=(0.02, 0.07),
        spacing=(-0.02, 0.12),
    ),
}


def writer_ranges(preset: str = "default", **overrides: Sequence[float]) -> WriterRanges:
    """A preset's ranges with some fields replaced, e.g. ``writer_ranges("neat", slant=(0, 0.1))``."""
    if preset not in WRITER_PRESETS:
        raise ValueError(f"unknown writer preset {preset!r}; choose from {sorted(WRITER_PRESETS)}")
    return WRITER_PRESETS[preset].replace(**overrides) if overrides else WRITER_PRESETS[preset]
