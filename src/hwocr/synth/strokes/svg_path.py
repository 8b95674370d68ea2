"""Flatten SVG path data (the ``d`` attribute) into sampled polylines.

KanjiVG strokes only use M/m, C/c and S/s, but the parser also understands L, H, V, Q, T and Z so
that hand-made glyphs and future KanjiVG releases parse too. Elliptical arcs (A) are rejected
loudly rather than drawn wrongly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np

_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_ARG_COUNT = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


@functools.cache
def _cubic_basis(n: int) -> np.ndarray:
    """Bernstein weights (n, 4) for n evenly spaced parameters in (0, 1]."""
    t = np.linspace(0.0, 1.0, n + 1)[1:]
    u = 1.0 - t
    return np.stack([u**3, 3 * u * u * t, 3 * u * t * t, t**3], axis=1)


def _sample_cubic(p0: np.ndarray, p1: np.ndarray, p2: np.ndarray, p3: np.ndarray, step: float) -> np.ndarray:
    # The control polygon length bounds the arc length, so it is a cheap, safe sample-count estimate.
    hull = np.linalg.norm(p1 - p0) + np.linalg.norm(p2 - p1) + np.linalg.norm(p3 - p2)
    n = int(min(max(np.ceil(hull / step), 1), 64))
    return _cubic_basis(n) @ np.stack([p0, p1, p2, p3])


def _sample_line(p0: np.ndarray, p1: np.ndarray, step: float) -> np.ndarray:
    n = int(min(max(np.ceil(np.linalg.norm(p1 - p0) / step), 1), 64))
    t = np.linspace(0.0, 1.0, n + 1)[1:, None]
    return p0 + (p1 - p0) * t


@dataclass
class _Pen:
    """Where the path stands while it is parsed, and what it has drawn so far."""

    step: float
    pos: np.ndarray = field(default_factory=lambda: np.zeros(2))
    start: np.ndarray = field(default_factory=lambda: np.zeros(2))
    last_ctrl: np.ndarray | None = None  # reflected by S/T
    last_cmd: str = ""
    current: list[np.ndarray] = field(default_factory=list)
    polylines: list[list[np.ndarray]] = field(default_factory=list)

    def finish(self) -> None:
        if self.current:
            self.polylines.append(self.current.copy())
            self.current.clear()

    def close(self) -> None:
        self.current.append(_sample_line(self.pos, self.start, self.step))
        self.pos = self.start.copy()
        self.last_ctrl, self.last_cmd = None, "Z"

    def move(self, target: np.ndarray) -> None:
        self.finish()
        self.pos = target
        self.start = target.copy()
        self.current.append(target[None, :].copy())
        self.last_ctrl, self.last_cmd = None, "M"

    def reflected(self, family: tuple[str, str]) -> np.ndarray:
        """The previous control point mirrored about the current point (S after C/S, T after Q/T)."""
        if self.last_cmd in family and self.last_ctrl is not None:
            return 2 * self.pos - self.last_ctrl
        return self.pos.copy()


def _line_end(pen: _Pen, upper: str, args: np.ndarray, base: np.ndarray, relative: bool) -> np.ndarray:
    """End point of an L, H or V command."""
    end = pen.pos.copy()
    if upper == "L":
        end = base + args
    elif upper == "H":
        end[0] = args[0] + (pen.pos[0] if relative else 0.0)
    else:
        end[1] = args[0] + (pen.pos[1] if relative else 0.0)
    return end


def _draw_segment(pen: _Pen, upper: str, args: np.ndarray, relative: bool) -> None:
    """Sample one L/H/V/C/S/Q/T segment from the current point and advance the pen."""
    base = pen.pos if relative else np.zeros(2)
    if not pen.current:  # drawing without a moveto starts at the current point
        pen.current.append(pen.pos[None, :].copy())
    if upper in ("L", "H", "V"):
        end = _line_end(pen, upper, args, base, relative)
        pen.current.append(_sample_line(pen.pos, end, pen.step))
        pen.pos, pen.last_ctrl = end, None
    elif upper in ("C", "S"):
        if upper == "C":
            c1, c2, end = base + args[0:2], base + args[2:4], base + args[4:6]
        else:
            c1, c2, end = pen.reflected(("C", "S")), base + args[0:2], base + args[2:4]
        pen.current.append(_sample_cubic(pen.pos, c1, c2, end, pen.step))
        pen.pos, pen.last_ctrl = end, c2
    else:  # Q, T: quadratic, raised to cubic
        if upper == "Q":
            q, end = base + args[0:2], base + args[2:4]
        else:
            q, end = pen.reflected(("Q", "T")), base + args[0:2]
        p = pen.pos
        pen.current.append(_sample_cubic(p, p + 2 / 3 * (q - p), end + 2 / 3 * (q - end), end, pen.step))
        pen.pos, pen.last_ctrl = end, q
    pen.last_cmd = upper


def _read_args(tokens: list[str], i: int, cmd: str, d: str) -> np.ndarray:
    count = _ARG_COUNT[cmd.upper()]
    if cmd.upper() == "Z":
        raise ValueError(f"numbers after Z in {d!r}")
    args = np.array([float(t) for t in tokens[i : i + count]])
    if len(args) != count:
        raise ValueError(f"truncated SVG path command {cmd!r} in {d!r}")
    return args


def parse_path(d: str, step: float = 2.0) -> list[np.ndarray]:
    """Sample SVG path data into polylines, one (N, 2) float32 array per subpath.

    ``step`` is the target distance between samples in path units (KanjiVG boxes are 109 wide).
    """
    tokens = _TOKEN.findall(d)
    pen = _Pen(step)
    cmd = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd.upper() not in _ARG_COUNT:
                raise ValueError(f"unsupported SVG path command {cmd!r} in {d!r}")
            if cmd.upper() == "Z":
                pen.close()
                continue
        elif not cmd:
            raise ValueError(f"SVG path data must start with a command: {d!r}")
        args = _read_args(tokens, i, cmd, d)
        i += len(args)
        relative = cmd.islower()
        if cmd.upper() == "M":
            pen.move((pen.pos if relative else np.zeros(2)) + args)
            cmd = "l" if relative else "L"  # extra pairs after a moveto are linetos
        else:
            _draw_segment(pen, cmd.upper(), args, relative)
    pen.finish()
    return [np.concatenate(parts).astype(np.float32) for parts in pen.polylines]
