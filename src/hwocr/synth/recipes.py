"""Named renderer and text-source set-ups shared by the CLI, the preview and the benchmark.

Hydra configs can build the same objects directly with ``_target_``; these helpers only save
command-line users from writing YAML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hwocr.synth.handwriting import HandwritingRenderer
from hwocr.synth.mixed import LineRenderer, MixedRenderer
from hwocr.synth.renderer import KanjiVGRenderer
from hwocr.synth.text.charset_sampler import CharsetTextSampler
from hwocr.synth.text.form_fields import FormFieldTextSource
from hwocr.synth.text.mixture import TextSource
from hwocr.synth.text.vocabulary import WordTextSource

RENDERERS = ("kanjivg", "handwriting", "fonts", "mixed")
TEXT_SOURCES = ("charset", "form", "words")


def make_renderer(
    name: str,
    height: int = 64,
    preset: str = "default",
    vertical_prob: float = 0.0,
    fonts: Sequence[str] | None = None,
    font_weight: float = 0.3,
) -> LineRenderer:
    """``fonts`` selects installed fonts (see ``FontRenderer``) for "fonts" and "mixed"; "mixed"
    draws a ``font_weight`` share of lines with them and the rest with the handwriting engine."""
    if name == "kanjivg":
        return KanjiVGRenderer(height=height)
    if name == "handwriting":
        return HandwritingRenderer(height=height, preset=preset, vertical_prob=vertical_prob)
    if name in ("fonts", "mixed"):
        from hwocr.synth.fonts.renderer import FontRenderer

        if name == "fonts":
            return FontRenderer(height=height, fonts=fonts, vertical_prob=vertical_prob)
        strokes = HandwritingRenderer(height=height, preset=preset, vertical_prob=vertical_prob)
        font_renderer = FontRenderer(
            height=height, fonts=fonts, allow_empty=True, vertical_prob=vertical_prob
        )
        return MixedRenderer(
            {"strokes": strokes, "fonts": font_renderer}, {"strokes": 1.0 - font_weight, "fonts": font_weight}
        )
    raise ValueError(f"unknown renderer {name!r}; choose from {RENDERERS}")


def make_text_source(name: str, chars: Sequence[str]) -> TextSource:
    if name == "charset":
        return CharsetTextSampler(chars, min_len=2, max_len=12)
    if name == "form":
        return FormFieldTextSource(chars=chars)
    if name == "words":
        return WordTextSource(chars=chars)
    raise ValueError(f"unknown text source {name!r}; choose from {TEXT_SOURCES}")


def parse_weights(spec: str) -> Mapping[str, float]:
    """ "form:2,words:1" -> {"form": 2.0, "words": 1.0}."""
    weights = {}
    for part in spec.split(","):
        name, _, weight = part.partition(":")
        weights[name.strip()] = float(weight) if weight else 1.0
    return weights
