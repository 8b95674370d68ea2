"""Printed marks of a form, drawn into an overlay mask (0 paper .. 255 full mark) of a line's size.

Everything is drawn inside the mask's bounds. Labels (氏名, 記入例, ...) come from the KanjiVG
stroke renderer in a steady, even hand, rendered once per process and height, so no font is
needed and a worker pays for it once.
"""

from __future__ import annotations

import random

import cv2
import numpy as np

# Field labels printed on Japanese forms, plus marks printed beside fields.
LABELS = ("氏名", "住所", "フリガナ", "生年月日", "電話番号", "年", "月", "日", "円", "様", "印", "〒", "番地", "金額")
EXAMPLE_LABEL = "記入例"
SEAL_NAMES = ("田", "山", "佐藤", "鈴木", "高橋", "中村", "小林", "加藤", "吉田", "山本")
_PRINTED_STYLE = {
    "size": (0.85, 0.85), "stroke_width": (1.0, 1.0), "slant": (0, 0), "jitter": (0, 0), "spacing": (0.08, 0.08),
    "baseline_wander": (0, 0), "ink": (0, 0), "blur": (0, 0), "margin": (0.02, 0.02),
    "char_scale_jitter": 0.0, "char_rotation_deg": 0.0,
}  # fmt: skip
_BANK: dict[tuple[str, int], np.ndarray] = {}


def text_mark(text: str, height: int) -> np.ndarray:
    """``text`` as a mask (uint8, 255 = ink) ``height`` pixels tall, printed-looking; cached per process."""
    key = (text, height)
    if key not in _BANK:
        from hwocr.synth.render.kanjivg import KanjiVGRenderer

        renderer = KanjiVGRenderer(height=max(8, height), **_PRINTED_STYLE)
        image = renderer.render(text, np.random.default_rng(0))
        if image.shape[0] != height:
            width = max(1, round(image.shape[1] * height / image.shape[0]))
            image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
        _BANK[key] = 255 - image
    return _BANK[key]


def paste_max(mask: np.ndarray, mark: np.ndarray, top: int, left: int) -> None:
    """Max-composite ``mark`` into ``mask`` at (top, left), cropped to the mask."""
    h, w = mask.shape
    top, left = max(0, min(top, h - 1)), max(0, min(left, w - 1))
    mh, mw = min(mark.shape[0], h - top), min(mark.shape[1], w - left)
    region = mask[top : top + mh, left : left + mw]
    np.maximum(region, mark[:mh, :mw], out=region)


def ruled_line(mask: np.ndarray, rng: random.Random, y: float, thickness: int) -> None:
    """A printed horizontal rule at row ``y``: solid, dotted or double, tilted by up to a pixel."""
    h, w = mask.shape
    y0 = min(max(0, round(y)), h - 1)
    y1 = min(max(0, y0 + rng.choice((-1, 0, 0, 1))), h - 1)
    style = rng.random()
    if style < 0.6:
        cv2.line(mask, (0, y0), (w - 1, y1), 255, thickness, cv2.LINE_AA)
    elif style < 0.85:  # dotted / dashed
        dash, gap = rng.randint(1, 4), rng.randint(2, 4)
        for x in range(rng.randint(0, gap), w, dash + gap):
            cv2.line(mask, (x, y0), (min(w - 1, x + dash - 1), y0), 255, thickness)
    else:
        second = y0 - 3 if y0 >= 3 else y0 + 3
        for row in (y0, min(h - 1, second)):
            cv2.line(mask, (0, row), (w - 1, row), 255, 1)


def cell_borders(mask: np.ndarray, rng: random.Random, intrusion: float) -> None:
    """Vertical cell borders: at the field's ends, or a box per character (一文字枠) across the line."""
    h, w = mask.shape
    if rng.random() < 0.5:
        pitch = h * rng.uniform(0.85, 1.25)
        x = rng.uniform(0, pitch)
        while x < w:
            cv2.line(mask, (round(x), 0), (round(x), h - 1), 255, 1)
            x += pitch
        return
    reach = max(2, round(intrusion * w * 0.15 + 2))
    for x in (rng.randint(0, reach), w - 1 - rng.randint(0, reach)):
        cv2.line(mask, (x, 0), (x, h - 1), 255, rng.choice((1, 1, 2)))


def field_label(mask: np.ndarray, rng: random.Random, intrusion: float) -> None:
    """A small printed label in a corner, reaching into the text band by ``intrusion`` of the height."""
    h, w = mask.shape
    mark = text_mark(rng.choice(LABELS), max(8, round(h * rng.uniform(0.22, 0.34))))
    left = rng.randint(0, max(0, round(w * 0.1))) if rng.random() < 0.7 else w - mark.shape[1] - rng.randint(0, 4)
    top = round(rng.uniform(0, intrusion) * h)
    if rng.random() < 0.4:  # labels printed under the field's line
        top = h - mark.shape[0] - top
    paste_max(mask, mark, top, left)


def check_box(mask: np.ndarray, rng: random.Random) -> None:
    """A printed check box (□) or choice circle (○) somewhere on the line, sometimes ticked."""
    h, w = mask.shape
    size = max(5, round(h * rng.uniform(0.25, 0.45)))
    x, y = rng.randint(0, max(0, w - size - 1)), rng.randint(0, max(0, h - size - 1))
    if rng.random() < 0.7:
        cv2.rectangle(mask, (x, y), (x + size, y + size), 255, 1)
    else:
        cv2.circle(mask, (x + size // 2, y + size // 2), size // 2, 255, 1, cv2.LINE_AA)
    if rng.random() < 0.4:  # ✓
        pts = np.int32([[x + size * 0.2, y + size * 0.5], [x + size * 0.45, y + size * 0.8], [x + size * 0.9, y]])
        cv2.polylines(mask, [pts], False, 255, max(1, size // 8), cv2.LINE_AA)


def example_box(mask: np.ndarray, rng: random.Random) -> None:
    """A 記入例 (filled-in example) frame around part of the line, labelled in a tab at its corner."""
    h, w = mask.shape
    x0 = rng.randint(0, max(0, w // 3))
    x1 = rng.randint(min(w - 1, x0 + w // 3), w - 1)
    y0, y1 = rng.randint(0, max(0, h // 8)), h - 1 - rng.randint(0, max(0, h // 8))
    cv2.rectangle(mask, (x0, y0), (x1, y1), 255, rng.choice((1, 2)))
    mark = text_mark(EXAMPLE_LABEL, max(8, round(h * 0.25)))
    tab = np.full((mark.shape[0] + 2, mark.shape[1] + 4), 0, np.uint8)
    cv2.rectangle(tab, (0, 0), (tab.shape[1] - 1, tab.shape[0] - 1), 255, 1)
    tab[1 : 1 + mark.shape[0], 2 : 2 + mark.shape[1]] = np.maximum(tab[1 : 1 + mark.shape[0], 2 : 2 + mark.shape[1]], mark)
    paste_max(mask, tab, y0, x0)
