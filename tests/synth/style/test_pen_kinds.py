import numpy as np
import pytest

from hwocr.synth.style.pen_kinds import PEN_KINDS, PenKinds, texture
from hwocr.synth.style.writer import WriterRanges


def test_kinds_are_picked_by_weight_and_replace_habits() -> None:
    pen = PenKinds(kinds={"mouse": 3.0, "brush": 1.0})
    rng = np.random.default_rng(0)
    picks = [pen.pick(rng) for _ in range(400)]
    assert 0.65 < picks.count("mouse") / 400 < 0.85
    style = WriterRanges().sample(np.random.default_rng(0))
    mouse = PenKinds.restyle(style, "mouse", np.random.default_rng(0))
    low, high = PEN_KINDS["mouse"]["stroke_width"]
    assert low <= mouse.stroke_width <= high and mouse.taper == 0 and mouse.slant == style.slant
    assert PenKinds().pick(np.random.default_rng(0)) == "writer"


def test_gaps_split_strokes_and_blobs_add_dots() -> None:
    lengths = np.array([5, 2, 7])
    split = PenKinds(gaps=1.0).add_gaps(lengths, np.random.default_rng(0))
    assert split.sum() == lengths.sum() and len(split) == 5  # the 2-point stroke cannot skip
    points = np.zeros((14, 2), np.float32)
    widths = np.ones(14, np.float32)
    p, w, n = PenKinds(blobs=1.0).add_blobs(points, widths, lengths, np.random.default_rng(0))
    np.testing.assert_array_equal(n, [5, 2, 7, 1, 1, 1])
    assert len(p) == len(w) == 17 and (w[14:] > 1.5).all()


def test_pencil_grain_lightens_ink_unevenly_and_others_keep_it() -> None:
    coverage = np.full((20, 20), 255.0, np.float32)
    grainy = texture(coverage, "pencil", np.random.default_rng(0))
    assert grainy.max() <= 255 and grainy.std() > 5
    assert texture(coverage, "ballpoint", np.random.default_rng(0)) is coverage


def test_unknown_kinds_and_bad_weights() -> None:
    with pytest.raises(ValueError, match="quill"):
        PenKinds(kinds={"quill": 1})
    with pytest.raises(ValueError, match="positive sum"):
        PenKinds(kinds={"brush": 0})
