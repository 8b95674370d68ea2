"""Mix renderers (strokes, fonts) per line with configured weights, falling back when one cannot draw a text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from hwocr.synth.render.rendered_line import RenderedLine


class LineRenderer(Protocol):
    def supports(self, char: str) -> bool: ...
    def render(self, text: str, rng: np.random.Generator) -> np.ndarray: ...


def can_draw(renderer: LineRenderer, text: str) -> bool:
    """``renderer.covers(text)`` where it has one (fonts: some single face draws it all), else per character."""
    covers = getattr(renderer, "covers", None)
    if covers is not None:
        return bool(covers(text))
    return all(renderer.supports(c) for c in text)


class MixedRenderer:
    """Each line is drawn by one renderer, picked with probability proportional to its weight.

    ``fallback`` names the renderer that draws a line when the picked one cannot draw its text
    (e.g. no font has one of its glyphs): so a font's gap in coverage costs a line its font, never
    a missing-glyph box. ``supports`` is the fallback's, so any text the dataset makes from
    supported characters can be drawn. ``last_vertical`` and ``last_renderer`` describe the line
    just drawn.
    """

    def __init__(
        self,
        renderers: Mapping[str, LineRenderer],
        weights: Mapping[str, float],
        fallback: str = "strokes",
    ) -> None:
        if set(weights) != set(renderers):
            raise ValueError(f"weights {sorted(weights)} must name the same renderers as {sorted(renderers)}")
        if fallback not in renderers:
            raise ValueError(f"fallback {fallback!r} is not one of the renderers {sorted(renderers)}")
        if any(w < 0 for w in weights.values()):
            raise ValueError(f"weights must be >= 0, got {dict(weights)}")
        self.renderers = dict(renderers)
        self.fallback = fallback
        self.names = [n for n in renderers if weights[n] > 0]
        if not self.names:
            raise ValueError("MixedRenderer needs a renderer with positive weight")
        p = np.array([weights[n] for n in self.names], dtype=float)
        self._p = p / p.sum()
        self.last_vertical = False
        self.last_renderer: str | None = None

    def supports(self, char: str) -> bool:
        return self.renderers[self.fallback].supports(char)

    def pick(self, text: str, rng: np.random.Generator) -> str:
        """The renderer for this line: drawn by weight (one rng draw, always), else the fallback."""
        name = self.names[int(rng.choice(len(self.names), p=self._p))]
        return name if can_draw(self.renderers[name], text) else self.fallback

    def render_line(self, text: str, rng: np.random.Generator) -> RenderedLine:
        name = self.pick(text, rng)
        renderer = self.renderers[name]
        render_line = getattr(renderer, "render_line", None)
        if render_line is not None:
            line = render_line(text, rng)
        else:
            image = renderer.render(text, rng)
            line = RenderedLine(image, text, bool(getattr(renderer, "last_vertical", False)))
        self.last_renderer = name
        self.last_vertical = line.vertical
        return line

    def render(self, text: str, rng: np.random.Generator) -> np.ndarray:
        return self.render_line(text, rng).image
