"""Every knob towards real handwriting: changes the drawing when on, nothing when off, per seed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from hwocr.synth.render.handwriting import HandwritingRenderer
from hwocr.utils.files import CONFIG_DIR

TEXT = "がっこう語学ぱ"
# (group, key, value when on, text): one knob at a time, the others off.
KNOBS = [
    ("geometry", "ink_height", [0.35, 1.1], TEXT),
    ("geometry", "ink_offset", [-0.8, 0.8], TEXT),
    ("geometry", "side_margin", [0.0, 1.0], TEXT),
    ("geometry", "min_width", [1.2, 1.3], "、"),
    ("glyph_warp", "warp", [4.0, 7.0], TEXT),
    ("glyph_warp", "proportions", [0.05, 0.08], TEXT),
    ("glyph_warp", "component_scale", [0.1, 0.12], TEXT),
    ("glyph_warp", "component_shift", [3.0, 4.0], TEXT),
    ("glyph_warp", "aspect", [0.25, 0.35], TEXT),
    ("stroke_shape", "length", [0.1, 0.15], TEXT),
    ("stroke_shape", "angle", [0.1, 0.12], TEXT),
    ("stroke_shape", "curvature", [0.05, 0.08], TEXT),
    ("hooks", "hooks", 0.5, TEXT),
    ("hooks", "entry_ticks", 0.5, TEXT),
    ("fast_writing", "char_joins", 1.0, TEXT),
    ("fast_writing", "connector_width", [0.9, 1.0], TEXT),
    ("fast_writing", "dakuten_shift", [5.0, 8.0], TEXT),
    ("fast_writing", "small_kana_scale", [1.4, 1.5], TEXT),
    *[("pen", "kinds", {kind: 1.0}, TEXT) for kind in ("ballpoint", "pencil", "felt_tip", "brush", "mouse")],
    ("pen", "blobs", 0.5, TEXT),
    ("pen", "gaps", 0.5, TEXT),
    ("capture", "low_res", 1.0, TEXT),
    ("capture", "binarize", 1.0, TEXT),
    ("capture", "jpeg", 1.0, TEXT),
]
# Writers that join strokes, so that connector widths show.
WRITER = {"cursiveness": (1.0, 1.0)}


def _render(text: str, seed: int, **knobs) -> np.ndarray:
    return HandwritingRenderer(height=48, **WRITER, **knobs).render(text, np.random.default_rng(seed))


@pytest.mark.parametrize(("group", "key", "value", "text"), KNOBS, ids=[f"{g}.{k}" for g, k, *_ in KNOBS])
def test_knob_changes_the_drawing_keeps_height_ink_and_seed(group: str, key: str, value, text: str) -> None:
    for seed in (0, 1):
        off = _render(text, seed)
        on = _render(text, seed, **{group: {key: value}})
        again = _render(text, seed, **{group: {key: value}})
        np.testing.assert_array_equal(on, again)  # same seed, same pixels
        assert on.dtype == np.uint8 and on.shape[0] == 48  # the line height is kept
        assert on.shape != off.shape or not np.array_equal(on, off)
        assert on.min() < 160 and np.median(on) > 200  # dark ink on white paper
        assert on[:, 0].min() > 200 and on[:, -1].min() > 200  # the ink is inside the image


def test_knobs_off_as_configured_draw_exactly_the_plain_engine() -> None:
    """conf/renderer/handwriting.yaml spells every knob out, off: the images are the plain engine's."""
    conf = yaml.safe_load(Path(CONFIG_DIR, "renderer", "handwriting.yaml").read_text(encoding="utf-8"))
    groups = {k: v for k, v in conf.items() if isinstance(v, dict)}
    assert set(groups) == {
        "geometry",
        "glyph_warp",
        "stroke_shape",
        "hooks",
        "fast_writing",
        "pen",
        "capture",
    }
    for preset in ("default", "hurried"):
        plain = HandwritingRenderer(height=40, preset=preset, vertical_prob=0.5)
        spelled = HandwritingRenderer(height=40, preset=preset, vertical_prob=0.5, **groups)
        for seed in range(4):
            a = plain.render_line("東京都の山田がっぱ", np.random.default_rng(seed))
            b = spelled.render_line("東京都の山田がっぱ", np.random.default_rng(seed))
            np.testing.assert_array_equal(a.image, b.image)


def test_real_preset_draws_every_kind_of_line() -> None:
    conf = yaml.safe_load(Path(CONFIG_DIR, "renderer", "handwriting_real.yaml").read_text(encoding="utf-8"))
    knobs = {k: v for k, v in conf.items() if isinstance(v, dict)}
    r = HandwritingRenderer(height=32, vertical_prob=0.3, **knobs)
    for seed, text in enumerate(["あ", "12", "東京都千代田区", "ヴァイオリン", "、"]):
        line = r.render_line(text, np.random.default_rng(seed))
        assert line.text == text and line.image.shape[0] == 32 and line.image.min() < 200


def test_one_character_gets_a_boxlike_canvas() -> None:
    image = _render("、", 0, geometry={"min_width": [1.0, 1.0]})
    assert image.shape == (48, 48)


def test_unknown_knob_names_its_group() -> None:
    with pytest.raises(ValueError, match="glyph_warp: unknown keys"):
        HandwritingRenderer(glyph_warp={"wrap": [0, 1]})
    with pytest.raises(ValueError, match="pen.kinds: unknown pen kinds"):
        HandwritingRenderer(pen={"kinds": {"quill": 1}})
