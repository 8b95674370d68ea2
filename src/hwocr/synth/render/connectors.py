"""Lines the pen leaves between strokes when it does not lift: cursive joins and 連綿.

Within a character the writer's ``cursiveness`` is the chance that two consecutive strokes are
joined; across characters ``FastWriting.char_joins`` is. A join is a shallow arc from the end of
one stroke to the start of the next, drawn at ``connector_width`` times the pen (a hairline, or a
full stroke where strokes merge).
"""

from __future__ import annotations

import numpy as np

from hwocr.synth.distort.fast_writing import FastWriting
from hwocr.synth.ranges import draw, draw_coins
from hwocr.synth.style.writer import WriterStyle

CONNECT_MAX_GAP = 0.5  # join strokes of a character whose gap is under this fraction of the box
CHAR_JOIN_MAX_GAP = 1.0  # ... and characters, whose strokes lie further apart
CHAR_JOIN_WIDTH = 0.6  # joins between characters are lighter than those inside one


def connect_strokes(
    points: np.ndarray,
    widths: np.ndarray,
    stroke_lengths: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    strokes_per_char: np.ndarray,
    style: WriterStyle,
    fast: FastWriting,
    cell: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Append 5-point connector strokes; returns (points, widths, stroke_lengths)."""
    char_of_stroke = np.repeat(np.arange(len(strokes_per_char)), strokes_per_char)
    same_char = char_of_stroke[1:] == char_of_stroke[:-1]
    tail, head = points[last[:-1]], points[first[1:]]
    gap = np.linalg.norm(head - tail, axis=1)
    # Draw the dice for every pair, chosen or not, so later draws do not depend on the choice.
    joins = rng.random(len(gap)) < style.cursiveness
    bend = rng.uniform(-0.25, 0.25, (len(gap), 1))
    chosen = same_char & (gap < CONNECT_MAX_GAP * cell) & joins
    if fast.char_joins > 0:
        across = draw_coins(rng, fast.char_joins, len(gap))
        chosen |= ~same_char & (gap < CHAR_JOIN_MAX_GAP * cell) & across
    relative_width = draw(rng, fast.connector_width)
    if not chosen.any():
        return points, widths, stroke_lengths
    a, b = tail[chosen], head[chosen]
    # A shallow arc from the end of one stroke to the start of the next.
    normal = np.stack([-(b - a)[:, 1], (b - a)[:, 0]], axis=1) * bend[chosen]
    mid = (a + b) / 2 + normal
    connectors = np.stack([a, (a + mid) / 2, mid, (mid + b) / 2, b], axis=1).reshape(-1, 2)
    hair = np.repeat(widths[last[:-1][chosen]], 5) * relative_width
    if fast.char_joins > 0:
        hair *= np.repeat(np.where(same_char[chosen], 1.0, CHAR_JOIN_WIDTH), 5)
    lengths = np.concatenate([stroke_lengths, np.full(len(a), 5)])
    return np.concatenate([points, connectors]), np.concatenate([widths, hair]), lengths
