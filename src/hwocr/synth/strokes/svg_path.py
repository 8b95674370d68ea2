"""Flatten SVG path data (the ``d`` attribute) into sampled polylines.

KanjiVG strokes only use M/m, C/c and S/s, but the parser also understands L, H, V, Q, T and Z so
that hand-made glyphs and future KanjiVG releases parse too. Elliptical arcs (A) are rejected
loudly rather than drawn wrongly.
"""

from __future__ import annotations

import functools
import re

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


def parse_path(d: str, step: float = 2.0) -> list[np.ndarray]:
    """Sample SVG path data into polylines, one (N, 2) float32 array per subpath.

    ``step`` is the target distance between samples in path units (KanjiVG boxes are 109 wide).
    """
    tokens = _TOKEN.findall(d)
    polylines: list[list[np.ndarray]] = []
    current: list[np.ndarray] = []
    pos = np.zeros(2)
    start = np.zeros(2)
    last_ctrl: np.ndarray | None = None  # reflected by S/T
    last_cmd = ""
    cmd = ""
    i = 0

    def finish() -> None:
        if current:
            polylines.append(current.copy())
            current.clear()

    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd.upper() not in _ARG_COUNT:
                raise ValueError(f"unsupported SVG path command {cmd!r} in {d!r}")
            if cmd.upper() == "Z":
                current.append(_sample_line(pos, start, step))
                pos = start.copy()
                last_ctrl, last_cmd = None, "Z"
                continue
        elif not cmd:
            raise ValueError(f"SVG path data must start with a command: {d!r}")
        upper = cmd.upper()
        relative = cmd.islower()
        count = _ARG_COUNT[upper]
        if upper == "Z":
            raise ValueError(f"numbers after Z in {d!r}")
        args = np.array([float(t) for t in tokens[i : i + count]])
        if len(args) != count:
            raise ValueError(f"truncated SVG path command {cmd!r} in {d!r}")
        i += count
        base = pos if relative else np.zeros(2)
        if upper == "M":
            finish()
            pos = base + args
            start = pos.copy()
            current.append(pos[None, :].copy())
            cmd = "l" if relative else "L"  # extra pairs after a moveto are linetos
            last_ctrl, last_cmd = None, "M"
            continue
        if not current:  # drawing without a moveto starts at the current point
            current.append(pos[None, :].copy())
        if upper in ("L", "H", "V"):
            end = pos.copy()
            if upper == "L":
                end = base + args
            elif upper == "H":
                end[0] = args[0] + (pos[0] if relative else 0.0)
            else:
                end[1] = args[0] + (pos[1] if relative else 0.0)
            current.append(_sample_line(pos, end, step))
            pos, last_ctrl = end, None
        elif upper in ("C", "S"):
            if upper == "C":
                c1, c2, end = base + args[0:2], base + args[2:4], base + args[4:6]
            else:
                c1 = 2 * pos - last_ctrl if last_cmd in ("C", "S") and last_ctrl is not None else pos.copy()
                c2, end = base + args[0:2], base + args[2:4]
            current.append(_sample_cubic(pos, c1, c2, end, step))
            pos, last_ctrl = end, c2
        else:  # Q, T: quadratic, raised to cubic
            if upper == "Q":
                q, end = base + args[0:2], base + args[2:4]
            else:
                q = 2 * pos - last_ctrl if last_cmd in ("Q", "T") and last_ctrl is not None else pos.copy()
                end = base + args[0:2]
            current.append(_sample_cubic(pos, pos + 2 / 3 * (q - pos), end + 2 / 3 * (q - end), end, step))
            pos, last_ctrl = end, q
        last_cmd = upper
    finish()
    return [np.concatenate(parts).astype(np.float32) for parts in polylines]
