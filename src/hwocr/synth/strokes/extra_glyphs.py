"""Hand-made stroke data for characters that Japanese forms use but KanjiVG lacks.

KanjiVG covers kanji, kana, ASCII letters/digits and a few marks (、。・ー！), but not brackets,
hyphens, slashes, the postal mark, the yen sign or the kanji zero 〇. They are written here as SVG
path data in the same 109x109 box and stroke order a person would use, so one parser serves both.
Horizontal placement inside the box does not matter (the renderer lays out by ink extent); the
vertical placement does, e.g. 「 sits high and 」 low, as written.
"""

from __future__ import annotations

_K = 0.5523  # cubic Bezier handle length for a quarter circle, as a fraction of the radius


def _circle(cx: float, cy: float, r: float) -> str:
    """One counter-clockwise stroke starting at the top, the way a circle is usually written."""
    h = _K * r
    return (
        f"M{cx},{cy - r}"
        f"C{cx - h},{cy - r},{cx - r},{cy - h},{cx - r},{cy}"
        f"C{cx - r},{cy + h},{cx - h},{cy + r},{cx},{cy + r}"
        f"C{cx + h},{cy + r},{cx + r},{cy + h},{cx + r},{cy}"
        f"C{cx + r},{cy - h},{cx + h},{cy - r},{cx},{cy - r}"
    )


def _filled_box(x0: float, y0: float, x1: float, y1: float, step: float = 6.0) -> tuple[str, ...]:
    """An outlined box hatched with horizontal strokes, the way a filled square is inked by hand."""
    hatch = []
    y = y0 + step
    while y < y1 - step / 2:
        hatch.append(f"M{x0},{y}L{x1},{y}")
        y += step
    return (f"M{x0},{y0}L{x0},{y1}", f"M{x0},{y0}L{x1},{y0}L{x1},{y1}", f"M{x0},{y1}L{x1},{y1}", *hatch)


def _filled_circle(cx: float, cy: float, r: float, step: float = 5.0) -> tuple[str, ...]:
    """Concentric circles filling a disc (●)."""
    rings = []
    radius = r
    while radius > step / 2:
        rings.append(_circle(cx, cy, radius))
        radius -= step
    return (*rings, f"M{cx - step / 2},{cy}L{cx + step / 2},{cy}")


_HYPHEN = ("M34,55c14,0,28-0.5,41-0.5",)
_OPEN_PAREN = ("M68,8c-14,14-20,28-20,46c0,18,6,32,20,46",)
_CLOSE_PAREN = ("M41,8c14,14,20,28,20,46c0,18-6,32-20,46",)
_SLASH = ("M74,12L36,98",)
_YEN = ("M28,14L54.5,50", "M81,14L54.5,50", "M54.5,50L54.5,96", "M30,57L79,57", "M30,73L79,73")
_PERCENT = (_circle(32, 30, 11), "M80,12L30,97", _circle(77, 80, 11))
_WAVE = ("M20,58c8-12,18-12,32-2c14,10,24,10,35-2",)
_EQUALS = ("M26,42L83,42", "M26,66L83,66")
_PLUS = ("M24,54.5L85,54.5", "M54.5,24L54.5,85")
_HASH = ("M44,18L38,92", "M72,18L66,92", "M24,40L88,40", "M22,68L86,68")

EXTRA_GLYPHS: dict[str, tuple[str, ...]] = {
    "「": ("M86,16c-8,0-20-1-27-1c0,10,0,35,0,47",),
    "」": ("M50,47c0,12,0,31,0,46c-8,0-20,1-27,1",),
    "『": ("M90,10L52,10L52,68L62,68L62,20L90,20Z",),
    "』": ("M19,99L57,99L57,41L47,41L47,89L19,89Z",),
    "(": _OPEN_PAREN,
    "（": _OPEN_PAREN,
    ")": _CLOSE_PAREN,
    "）": _CLOSE_PAREN,
    "-": _HYPHEN,
    "－": _HYPHEN,
    "‐": _HYPHEN,
    "‑": _HYPHEN,
    "−": _HYPHEN,
    "/": _SLASH,
    "／": _SLASH,
    "〒": ("M20,18L89,18", "M20,41L89,41", "M54.5,41L54.5,96"),
    "¥": _YEN,
    "￥": _YEN,
    "%": _PERCENT,
    "％": _PERCENT,
    "~": _WAVE,
    "～": _WAVE,
    "〜": _WAVE,
    "=": _EQUALS,
    "＝": _EQUALS,
    "+": _PLUS,
    "＋": _PLUS,
    "#": _HASH,
    "＃": _HASH,
    "×": ("M28,28L81,81", "M81,28L28,81"),
    "〇": (_circle(54.5, 54.5, 40),),
    "○": (_circle(54.5, 54.5, 36),),
    "◯": (_circle(54.5, 54.5, 44),),
    "◎": (_circle(54.5, 54.5, 40), _circle(54.5, 54.5, 22)),
    "●": _filled_circle(54.5, 54.5, 34),
    "□": ("M20,20L20,89", "M20,20L89,20L89,89", "M20,89L89,89"),
    "■": _filled_box(20, 20, 89, 89),
    "△": ("M54.5,16L18,88L91,88Z",),
    "※": (
        "M30,30L79,79",
        "M79,30L30,79",
        *(_circle(x, y, 2.5) for x, y in ((54.5, 22), (22, 54.5), (87, 54.5), (54.5, 87))),
    ),
    "→": ("M16,54.5L93,54.5", "M72,36L93,54.5L72,73"),
    "←": ("M93,54.5L16,54.5", "M37,36L16,54.5L37,73"),
    "↑": ("M54.5,93L54.5,16", "M36,37L54.5,16L73,37"),
    "↓": ("M54.5,16L54.5,93", "M36,72L54.5,93L73,72"),
    "〃": ("M36,40L46,60", "M58,40L68,60"),
    "【": (
        "M84,10L60,10c-6,0-10,4-10,10L50,89c0,6,4,10,10,10L84,99c-10-6-14-20-14-44.5c0-24.5,4-38.5,14-44.5Z",
    ),
    "】": (
        "M25,10L49,10c6,0,10,4,10,10L59,89c0,6-4,10-10,10L25,99c10-6,14-20,14-44.5c0-24.5-4-38.5-14-44.5Z",
    ),
    "〈": ("M70,10L46,54.5L70,99",),
    "〉": ("M39,10L63,54.5L39,99",),
    "《": ("M64,10L40,54.5L64,99", "M80,10L56,54.5L80,99"),
    "》": ("M29,10L53,54.5L29,99", "M45,10L69,54.5L45,99"),
    "〔": ("M70,14L56,24L56,85L70,95",),
    "〕": ("M39,14L53,24L53,85L39,95",),
    "[": ("M68,10L48,10L48,99L68,99",),
    "]": ("M41,10L61,10L61,99L41,99",),
    "{": (
        "M68,10c-10,0-14,4-14,12c0,10,0,16,0,20c0,8-4,12-12,12.5c8,0.5,12,4.5,12,12.5c0,4,0,10,0,20c0,8,4,12,14,12",
    ),
    "}": (
        "M41,10c10,0,14,4,14,12c0,10,0,16,0,20c0,8,4,12,12,12.5c-8,0.5-12,4.5-12,12.5c0,4,0,10,0,20c0,8-4,12-14,12",
    ),
    "<": ("M78,26L32,54.5L78,83",),
    ">": ("M31,26L77,54.5L31,83",),
    "|": ("M54.5,8L54.5,101",),
    "\\": ("M35,12L74,98",),
    "^": ("M36,36L54.5,14L73,36",),
    "_": ("M20,100L89,100",),
    "'": ("M54,14L52,34",),
    '"': ("M44,14L42,34", "M64,14L62,34"),
    "`": ("M46,14L58,26",),
    "*": ("M54.5,20L54.5,58", "M38,28L71,50", "M71,28L38,50"),
    "$": (
        "M74,30c-4-8-12-11-20-11c-10,0-18,6-18,14c0,18,40,12,40,32c0,9-9,15-20,15c-10,0-18-4-22-12",
        "M54.5,8L54.5,100",
    ),
    "&": (
        "M80,92c-14-12-30-30-36-40c-6-10-6-26,6-28c10-2,14,8,10,16c-4,8-26,18-26,34c0,12,10,18,20,18c12,0,22-10,28-24",
    ),
    "@": (
        _circle(54, 56, 10),
        "M64,46c0,14,0,22,6,22c8,0,14-8,14-18c0-18-14-30-30-30c-18,0-32,14-32,32c0,18,14,32,32,32c8,0,14-2,20-6",
    ),
    "…": (_circle(22, 56, 2.5), _circle(54.5, 56, 2.5), _circle(87, 56, 2.5)),
    "‥": (_circle(38, 56, 2.5), _circle(71, 56, 2.5)),
}
