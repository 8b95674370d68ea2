"""Form artefacts: the printed rules, cell borders, labels, check boxes and 記入例 frames a field sits in.

A cropped field of a real form is rarely clean: the line under it, the cell's borders, the
printed label (氏名, 円, 年 月 日) and check boxes cross or touch the handwriting. The marks are
printed ink under the handwriting: the line is multiplied by ``1 - darkness * mark``, so the
handwriting itself is never lightened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from hwocr.augment import form_marks
from hwocr.augment.base import LineTransform, check_probability, check_range, draw, multiply
from hwocr.augment.strength import Magnitude


class FormArtefacts(LineTransform):
    """Draw printed form marks over the line; each kind appears with its own probability.

    ``darkness_range``: how dark the printed marks are (0 invisible, 1 black; forms printed in a
    light colour come out pale after greyscale conversion). ``intrusion_range``: how far, as a
    fraction of the height, rules and labels reach into the text band from its edges (0: they
    only skirt it). Both are magnitudes scaled by the pipeline's strength.
    """

    magnitudes: ClassVar[dict[str, Magnitude]] = {
        "darkness_range": Magnitude(0.0, 0.0, 1.0),
        "intrusion_range": Magnitude(0.0, 0.0, 0.6),
    }

    def __init__(
        self,
        darkness_range: Sequence[float] = (0.3, 0.85),
        intrusion_range: Sequence[float] = (0.0, 0.4),
        ruled_line_p: float = 0.6,
        cell_border_p: float = 0.35,
        label_p: float = 0.3,
        check_box_p: float = 0.15,
        example_box_p: float = 0.08,
        p: float = 0.5,
    ) -> None:
        super().__init__(p=p)
        self.darkness_range = check_range("darkness_range", darkness_range, 0.0, 1.0)
        self.intrusion_range = check_range("intrusion_range", intrusion_range, 0.0, 0.6)
        self.ruled_line_p = check_probability("ruled_line_p", ruled_line_p)
        self.cell_border_p = check_probability("cell_border_p", cell_border_p)
        self.label_p = check_probability("label_p", label_p)
        self.check_box_p = check_probability("check_box_p", check_box_p)
        self.example_box_p = check_probability("example_box_p", example_box_p)
        if self.darkness_range[1] > 0:
            form_marks.text_mark(form_marks.EXAMPLE_LABEL, 16)  # warm the label cache before workers fork

    def sample(self, image: np.ndarray) -> dict[str, Any]:
        rng = self.py_random
        darkness = draw(rng, self.darkness_range)
        if darkness <= 0:
            return {"factor": None}
        h = image.shape[0]
        mask = np.zeros(image.shape, np.uint8)
        intrusion = draw(rng, self.intrusion_range)
        drawn = False
        if rng.random() < self.ruled_line_p:
            y = h * rng.uniform(0.92 - intrusion, 0.99)
            form_marks.ruled_line(mask, rng, y if rng.random() < 0.75 else h - 1 - y, rng.choice((1, 1, 2)))
            drawn = True
        if rng.random() < self.cell_border_p:
            form_marks.cell_borders(mask, rng, intrusion)
            drawn = True
        if rng.random() < self.label_p:
            form_marks.field_label(mask, rng, intrusion)
            drawn = True
        if rng.random() < self.check_box_p:
            form_marks.check_box(mask, rng)
            drawn = True
        if rng.random() < self.example_box_p:
            form_marks.example_box(mask, rng)
            drawn = True
        if not drawn:  # the transform was chosen to apply: at least the rule under the field
            form_marks.ruled_line(mask, rng, h * rng.uniform(0.92 - intrusion, 0.99), 1)
        return {"factor": 1.0 - (darkness / 255.0) * mask.astype(np.float32)}

    def apply(self, img: np.ndarray, factor: np.ndarray | None = None, **params: Any) -> np.ndarray:
        return img if factor is None else multiply(img, factor)
