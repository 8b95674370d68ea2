"""Input normalisation: dark ink on white paper, cropped to the ink and re-margined. Torch-free.

Real crops come with any margin, any ink size and either polarity (KMNIST is white on black). A
model trained on lines whose ink fills a fixed share of the height learns that share; measured on
real katakana, re-margining the crops alone moved character accuracy by 20 points. So training,
``hwocr-eval`` and the runtime all pass every line through ``normalize_line`` before resizing it
to the model height, with the settings the ONNX metadata records (``InputNormalization``).

The ink extent is found from row and column ink *mass*, not from the first and last dark pixel:
specks carry little mass and are trimmed; rows or columns that are almost all ink (ruled lines,
cell borders touching the crop) are ignored when measuring. A line with no ink is returned as is.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

PAPER = 255


@dataclass(frozen=True)
class InputNormalization:
    """What ``normalize_line`` does; stored in the ONNX metadata as ``input.normalize``.

    ``polarity``: ``auto`` inverts images whose paper is dark (median below mid-grey), ``as_is``
    keeps them. ``ink_margin``: None keeps the geometry; a number crops to the ink and adds that
    share of the ink height above and below (and ``ink_margin_x`` of it left and right).
    ``min_height_strokes``: the re-margined height is at least this many stroke widths, so a flat
    mark (一, ー, a dash) is not blown up to fill the line. ``ink_mass_trim``: share of ink mass
    cut from each end when measuring the extent (speck robustness). ``ink_contrast``: stretch the
    grey levels so the darkest ink is black and the paper white (faint pencil, grey synthetic ink
    and 1-bit scans all reach the model at one contrast); off by default so models exported
    before it existed read as they did.
    """

    polarity: str = "auto"
    ink_margin: float | None = 0.15
    ink_margin_x: float = 0.15
    min_height_strokes: float = 8.0
    ink_mass_trim: float = 0.005
    ink_contrast: bool = False

    def __post_init__(self) -> None:
        if self.polarity not in ("auto", "as_is"):
            raise ValueError(f"normalize.polarity must be 'auto' or 'as_is', got {self.polarity!r}")
        if self.ink_margin is not None and not 0.0 <= self.ink_margin <= 2.0:
            raise ValueError(f"normalize.ink_margin must be in [0, 2] or null, got {self.ink_margin}")
        if not 0.0 <= self.ink_mass_trim < 0.2:
            raise ValueError(f"normalize.ink_mass_trim must be in [0, 0.2), got {self.ink_mass_trim}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> InputNormalization | None:
        """None for a missing entry (models exported before normalisation existed); unknown keys fail."""
        if data is None:
            return None
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"normalize: unknown keys {sorted(unknown)}")
        return cls(**data)


def is_inverted(image: np.ndarray) -> bool:
    """True when the paper is dark and the ink light: the median pixel (paper dominates) is below mid-grey."""
    return image.size > 0 and float(np.median(image)) < 128.0


def fix_polarity(image: np.ndarray) -> np.ndarray:
    """Dark ink on white paper, inverting light-on-dark images."""
    return (PAPER - image).astype(np.uint8) if is_inverted(image) else image


def paper_level(image: np.ndarray) -> float:
    """The paper's grey level: most of a line is paper, so its 90th percentile."""
    return float(np.percentile(image, 90))


def ink_mask(image: np.ndarray, paper: float | None = None) -> np.ndarray | None:
    """Boolean ink pixels (dark ink on light paper), or None when the image holds no visible ink."""
    paper = paper_level(image) if paper is None else paper
    darkest = float(image.min())
    if paper - darkest < 32.0:
        return None
    return image < (paper + darkest) / 2.0


def _mass_range(profile: np.ndarray, trim: float) -> tuple[int, int]:
    """[first, last] index holding all but ``trim`` of the mass at each end."""
    cumulative = np.cumsum(profile, dtype=np.float64)
    total = cumulative[-1]
    first = int(np.searchsorted(cumulative, total * trim, side="right"))
    last = int(np.searchsorted(cumulative, total * (1.0 - trim), side="left"))
    return first, max(first, min(last, len(profile) - 1))


def ink_extent(image: np.ndarray, trim: float = 0.005) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the ink, inclusive; None without ink.

    Rows more than 90 % ink across a wide crop (ruled lines) and columns more than 90 % ink down
    a tall one (borders) are left out of the measure, then ``trim`` of the mass is cut at each end.
    """
    mask = ink_mask(image)
    return None if mask is None else mask_extent(mask, trim)


def mask_extent(mask: np.ndarray, trim: float = 0.005) -> tuple[int, int, int, int] | None:
    """``ink_extent`` of an already thresholded ink mask."""
    h, w = mask.shape
    rows = mask.sum(axis=1).astype(np.float64)
    cols = mask.sum(axis=0).astype(np.float64)
    if w >= 2 * h:
        rows[rows > 0.9 * w] = 0.0
    if h >= 16:
        cols[cols > 0.9 * h] = 0.0
    measured = mask.copy()
    measured[rows == 0, :] = False
    measured[:, cols == 0] = False
    rows, cols = measured.sum(axis=1), measured.sum(axis=0)
    if rows.sum() == 0:
        return None
    top, bottom = _mass_range(rows, trim)
    left, right = _mass_range(cols, trim)
    return top, bottom, left, right


def _mean_run(mask: np.ndarray) -> float:
    """Ink pixels per vertical ink run, over all columns."""
    runs = np.count_nonzero(mask[1:] & ~mask[:-1]) + np.count_nonzero(mask[0])
    return float(mask.sum()) / max(runs, 1)


def stroke_width(mask: np.ndarray) -> float:
    """Typical stroke thickness in pixels: the shorter of the mean vertical and horizontal ink runs.

    One direction alone reads a stroke's length for strokes along it (the verticals of ロ or ル
    measured down their columns), which made tall, thin-stroked glyphs look thick.
    """
    return min(_mean_run(mask), _mean_run(mask.T))


def stretch_contrast(image: np.ndarray, paper: float, mask: np.ndarray) -> np.ndarray:
    """Map the ink's dark end (2nd percentile of the ink pixels) to black and ``paper`` to white."""
    ink = float(np.percentile(image[mask], 2.0))
    if paper - ink < 1.0:
        return image
    scaled = (image.astype(np.float32) - ink) * (255.0 / (paper - ink))
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def normalize_line(image: np.ndarray, settings: InputNormalization | None) -> np.ndarray:
    """Apply ``settings`` to a uint8 (H, W) grayscale line (any size); returns a new uint8 image."""
    if settings is None:
        return image
    if settings.polarity == "auto":
        image = fix_polarity(image)
    if settings.ink_margin is None and not settings.ink_contrast:
        return image
    paper = paper_level(image)
    # Thresholded once, on the whole crop (the ink alone has no paper to compare with): the extent,
    # the stroke width and the contrast all read this mask.
    mask = ink_mask(image, paper)
    if mask is None:
        return image
    if settings.ink_contrast:
        image, paper = stretch_contrast(image, paper, mask), float(PAPER)
    if settings.ink_margin is None:
        return image
    extent = mask_extent(mask, settings.ink_mass_trim)
    if extent is None:
        return image
    top, bottom, left, right = extent
    ink = image[top : bottom + 1, left : right + 1]
    ink_h = bottom - top + 1
    strokes = stroke_width(mask[top : bottom + 1, left : right + 1])
    target_h = max(ink_h * (1.0 + 2.0 * settings.ink_margin), settings.min_height_strokes * strokes)
    pad_y = max(0, math.ceil((target_h - ink_h) / 2.0 - 1e-9))
    pad_x = max(0, math.ceil(max(ink_h, target_h / (1.0 + 2.0 * settings.ink_margin)) * settings.ink_margin_x - 1e-9))
    # pad with the crop's own paper, not a white frame
    out = np.full((ink_h + 2 * pad_y, ink.shape[1] + 2 * pad_x), int(paper), dtype=np.uint8)
    out[pad_y : pad_y + ink_h, pad_x : pad_x + ink.shape[1]] = ink
    return out
